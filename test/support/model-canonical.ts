import type { ImageModel } from '../../server/src/core/model/types';

/**
 * Everything a model says, as text: maps become sorted entry lists, object keys are sorted, the
 * line index (derived from the text) is left out. Two models are the same when these are equal.
 */
export function canonicalModel(m: ImageModel): string {
  return JSON.stringify(m, (key, value) => {
    if (key === 'lines') return undefined;
    if (value instanceof Map || (value && typeof value === 'object' && typeof value.entries === 'function' && typeof value.get === 'function')) {
      return { map: [...(value as ReadonlyMap<unknown, unknown>).entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))) };
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
    return value;
  });
}

/** Where two canonical forms first differ, with some context on each side; undefined when equal. */
export function firstDifference(a: string, b: string, context = 200): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `  one:   …${a.slice(Math.max(0, i - context), i + 120)}\n  other: …${b.slice(Math.max(0, i - context), i + 120)}`;
}
