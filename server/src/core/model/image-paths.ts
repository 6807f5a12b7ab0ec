/**
 * Path arithmetic inside an image: always POSIX and absolute. One implementation for the model,
 * the estimate, the rules and the refactor, so they agree on where a file is.
 */

/** `a//b/./c/../d/` → `/a/b/d`; the root is `/`. */
export function normalizePath(p: string): string {
  // Already normal (absolute, no empty, `.` or `..` segment, no trailing slash): the common case.
  if (p.charCodeAt(0) === 47 && !p.includes('//') && !p.includes('/.') && (p.length === 1 || p.charCodeAt(p.length - 1) !== 47)) return p;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** A path as an instruction run in `workdir` sees it; variables must already be expanded. */
export function resolveInImage(workdir: string, p: string): string {
  return normalizePath(p.startsWith('/') ? p : `${workdir}/${p}`);
}
