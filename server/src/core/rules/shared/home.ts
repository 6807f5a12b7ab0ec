import type { BuildState } from '../../model/types';

/**
 * The home directory of the user a RUN runs as: `HOME` when the Dockerfile sets it, `/root` for
 * root; undefined for other users, whose home depends on how the image created them.
 */
export function homeOf(state: BuildState): string | undefined {
  const fromEnv = state.env.get('HOME');
  if (fromEnv && fromEnv.startsWith('/')) return fromEnv.replace(/\/+$/, '') || '/';
  return isRoot(state) ? '/root' : undefined;
}

export function isRoot(state: BuildState): boolean {
  const user = state.user.split(':')[0].trim();
  return user === '' || user === 'root' || user === '0';
}
