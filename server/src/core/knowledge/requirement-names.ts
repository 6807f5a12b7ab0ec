/** PEP 503 name of a pip requirement specifier: `Pillow>=10` → `pillow`, `"psycopg2[pool]==2.9"` → `psycopg2`. */
export function requirementName(spec: string): string {
  return spec.trim().replace(/^["']|["']$/g, '').split(/[\s[<>=!~;@]/)[0].toLowerCase().replace(/[-_.]+/g, '-');
}
