/**
 * Path arithmetic inside an image: always POSIX and absolute. One implementation for the model,
 * the estimate, the rules and the refactor, so they agree on where a file is.
 */

/** `a//b/./c/../d/` → `/a/b/d`; the root is `/`. */
export function normalizePath(p: string): string {
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
