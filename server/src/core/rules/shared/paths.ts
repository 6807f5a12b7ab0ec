/**
 * Path arithmetic for container file systems: always POSIX, always absolute after `resolvePath`.
 * Rules compare where files were created with where they are removed, chowned or copied to.
 */

import { normalizePath } from '../../model/image-paths';

export { normalizePath };

/**
 * Absolute form of a path as a command or instruction run in `workdir` sees it. `~` and `$HOME`
 * stand for `home`; undefined when the path still holds a variable the model could not resolve.
 */
export function resolvePath(p: string, workdir: string, home?: string): string | undefined {
  let path = p;
  const homePrefix = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  if (homePrefix) {
    if (!home) return undefined;
    path = home + path.slice(homePrefix[0].length);
  }
  if (path.includes('$') || path.includes('`')) return undefined;
  return normalizePath(path.startsWith('/') ? path : `${workdir}/${path}`);
}

export function segments(p: string): string[] {
  return normalizePath(p).split('/').filter(Boolean);
}

/** `inner` is `outer` or lies below it. */
export function isWithin(inner: string, outer: string): boolean {
  const a = normalizePath(inner);
  const b = normalizePath(outer);
  return b === '/' || a === b || a.startsWith(b + '/');
}

export function parentOf(p: string): string {
  const s = segments(p);
  return '/' + s.slice(0, -1).join('/');
}

export function baseName(p: string): string {
  const s = segments(p);
  return s[s.length - 1] ?? '';
}

const GLOB = /[*?[]/;

function segmentMatches(pattern: string, name: string): boolean {
  if (!GLOB.test(pattern)) return pattern === name;
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  try {
    return new RegExp(`^${re}$`).test(name);
  } catch {
    return false;
  }
}

/**
 * How a removal pattern (`/var/lib/apt/lists/*`, `/root/.cache`) relates to a created path:
 * `covers` when it removes the created path or everything in it, `inside` when it removes only
 * part of it, `none` otherwise.
 */
export function removalCovers(pattern: string, created: string): 'covers' | 'inside' | 'none' {
  const p = segments(pattern);
  const c = segments(created);
  const common = Math.min(p.length, c.length);
  for (let i = 0; i < common; i++) if (!segmentMatches(p[i], c[i])) return 'none';
  if (p.length <= c.length) return 'covers';
  // `created/*`, `created/*/*`: every entry of the created directory goes.
  if (p.slice(c.length).every((s) => /^\*+$/.test(s))) return 'covers';
  return 'inside';
}

/** The text names the path as a whole word (`/app` in `cd /app/src`, not in `/application`). */
export function mentionsPath(text: string, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s"'=:;(])${escaped}(?=$|[\\s"'/;:)&|])`).test(text);
}
