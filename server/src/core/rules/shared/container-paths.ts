import { resolveInImage } from '../../model/image-paths';
import { isWithin } from './paths';

export { isWithin, resolveInImage };

/** `path` relative to `dir` ('' for the dir itself), or undefined when it lies outside. */
export function relativeWithin(path: string, dir: string): string | undefined {
  if (!isWithin(path, dir)) return undefined;
  if (path === dir) return '';
  return dir === '/' ? path.slice(1) : path.slice(dir.length + 1);
}

/** Parent of an absolute or relative path: `web/Pipfile` → `web`, `Pipfile` → ''. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (path.startsWith('/') ? '/' : '') : path.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
