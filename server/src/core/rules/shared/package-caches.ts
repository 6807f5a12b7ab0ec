import type { Instruction, ShellCommand, Word } from '../../model/types';
import type { RecognizedCommand } from '../../shell/recognized';
import { homeOf, isRoot } from './home';
import { isWithin, resolvePath, segments } from './paths';

/**
 * Where package managers keep their download caches, and whether a RUN leaves one behind in its
 * layer. A cache kept in a layer of the final image is pure weight: nothing reads it at run time.
 */
export type CacheTool = 'pip' | 'apk' | 'npm' | 'yarn' | 'poetry' | 'uv' | 'yum' | 'dnf';

export interface CacheUse {
  readonly tool: CacheTool;
  readonly command: ShellCommand;
  /** Absolute cache directory; undefined when it lies in the home of a user whose home is unknown. */
  readonly dir?: string;
  /** The cache's path below the home directory (`.cache/pip`), when it is there. */
  readonly homeRelative?: string;
  /** The option that turns the cache off for this command, and the word to put it after. */
  readonly flag?: { readonly text: string; readonly after: Word };
  /** The command that empties the cache, for tools without such an option. */
  readonly cleanCommand?: string;
  /** The RUN runs as root: a cache mount at `dir` is writable without uid options. */
  readonly root: boolean;
}

const truthy = (v: string | undefined) => v !== undefined && !/^(|0|n|no|f|false|off)$/i.test(v.trim());

/** The cache the command writes to, or undefined when it writes none or was told not to. */
export function cacheUseOf(instr: Instruction, cmd: ShellCommand): CacheUse | undefined {
  const r = cmd.recognized;
  if (!r) return undefined;
  const state = instr.state;
  const env = (name: string) => cmd.assignments.get(name) ?? state.env.get(name);
  const home = homeOf(state);
  const root = isRoot(state);
  const xdg = env('XDG_CACHE_HOME');
  const inHome = (rel: string, xdgRel?: string): { dir?: string; homeRelative?: string } => {
    if (xdg && xdgRel) return { dir: resolvePath(`${xdg}/${xdgRel}`, state.workdir, home) };
    return { dir: home ? `${home === '/' ? '' : home}/${rel}` : undefined, homeRelative: rel };
  };
  const explicit = (value: string | undefined) => (value ? { dir: resolvePath(value, state.workdir, home) } : undefined);
  const base = { command: cmd, root };
  switch (r.tool) {
    case 'pip': {
      if (r.action !== 'install' || r.noCacheDir || env('PIP_NO_CACHE_DIR') !== undefined) return undefined;
      const verb = wordAfterOptions(cmd, 'install');
      const where = explicit(optionValue(cmd, '--cache-dir')) ?? explicit(env('PIP_CACHE_DIR')) ?? inHome('.cache/pip', 'pip');
      return { ...base, tool: 'pip', ...where, flag: verb ? { text: '--no-cache-dir', after: verb } : undefined };
    }
    case 'apk': {
      if (r.action !== 'add' || r.noCache) return undefined;
      const verb = wordAfterOptions(cmd, 'add');
      return { ...base, tool: 'apk', dir: '/var/cache/apk', flag: verb ? { text: '--no-cache', after: verb } : undefined };
    }
    case 'node-pm': {
      if (r.manager === 'pnpm' || (r.action !== 'install' && r.action !== 'ci')) return undefined;
      if (r.manager === 'npm') {
        const where = explicit(optionValue(cmd, '--cache')) ?? explicit(env('npm_config_cache') ?? env('NPM_CONFIG_CACHE')) ?? inHome('.npm');
        return { ...base, tool: 'npm', ...where, cleanCommand: 'npm cache clean --force' };
      }
      // yarn 1 puts root's cache under /usr/local/share, everyone else's under ~/.cache/yarn.
      const where =
        explicit(optionValue(cmd, '--cache-folder')) ??
        explicit(env('YARN_CACHE_FOLDER')) ??
        (root && !xdg ? { dir: '/usr/local/share/.cache/yarn' } : inHome('.cache/yarn', 'yarn'));
      return { ...base, tool: 'yarn', ...where, cleanCommand: 'yarn cache clean' };
    }
    case 'poetry': {
      if (r.action !== 'install' || r.noCache || truthy(env('POETRY_NO_CACHE'))) return undefined;
      const verb = wordAfterOptions(cmd, 'install');
      const where = explicit(env('POETRY_CACHE_DIR')) ?? inHome('.cache/pypoetry', 'pypoetry');
      return { ...base, tool: 'poetry', ...where, flag: verb ? { text: '--no-cache', after: verb } : undefined };
    }
    case 'uv': {
      if ((r.action !== 'sync' && r.action !== 'pip-install') || r.noCache || truthy(env('UV_NO_CACHE'))) return undefined;
      const verb = r.action === 'sync' ? wordAfterOptions(cmd, 'sync') : wordAfterOptions(cmd, 'install');
      const where = explicit(optionValue(cmd, '--cache-dir')) ?? explicit(env('UV_CACHE_DIR')) ?? inHome('.cache/uv', 'uv');
      return { ...base, tool: 'uv', ...where, flag: verb ? { text: '--no-cache', after: verb } : undefined };
    }
    case 'yum': {
      if (r.action !== 'install') return undefined;
      const tool = r.manager === 'dnf' ? 'dnf' : 'yum';
      return { ...base, tool, dir: tool === 'dnf' ? '/var/cache/dnf' : '/var/cache/yum', cleanCommand: `${r.manager} clean all` };
    }
    default:
      return undefined;
  }
}

/** The same RUN empties the cache after the command, or keeps it on a cache/tmpfs mount. */
export function cacheDisposed(instr: Instruction, use: CacheUse): boolean {
  const run = instr.run;
  if (!run) return false;
  for (const m of run.mounts) {
    if ((m.type === 'cache' || m.type === 'tmpfs') && m.target && coversCache(m.target, instr, use)) return true;
  }
  for (const c of run.commands) {
    if (c.start < use.command.end) continue;
    if (cleansCache(c.recognized, c, use.tool)) return true;
    if (c.recognized?.tool === 'rm' && c.recognized.paths.some((p) => coversCache(p.value, instr, use))) return true;
  }
  return false;
}

/** A tool's own cache-emptying command (`pip cache purge`, `yum clean all`, ...). */
export function cleansCache(r: RecognizedCommand | undefined, cmd: ShellCommand, tool: CacheTool): boolean {
  if (!r) return false;
  const args = cmd.args.map((a) => a.value);
  switch (tool) {
    case 'pip':
      return r.tool === 'pip' && r.action === 'cache-purge' && args.includes('purge');
    case 'npm':
      return r.tool === 'node-pm' && r.manager === 'npm' && r.action === 'cache-clean' && args.includes('clean');
    case 'yarn':
      return r.tool === 'node-pm' && r.manager === 'yarn' && r.action === 'cache-clean' && args.includes('clean');
    case 'poetry':
      return r.tool === 'poetry' && args[0] === 'cache' && args[1] === 'clear' && args.includes('--all');
    case 'uv':
      return r.tool === 'uv' && r.action === 'cache-clean' && args.includes('clean');
    case 'yum':
    case 'dnf':
      return r.tool === 'yum' && r.action === 'clean' && args.includes('all');
    case 'apk':
      return false;
  }
}

/** A removed or mounted path takes the whole cache with it. */
function coversCache(path: string, instr: Instruction, use: CacheUse): boolean {
  const home = homeOf(instr.state);
  const clean = path.replace(/\/\*+$/, '');
  const abs = resolvePath(clean, instr.state.workdir, home);
  if (use.dir) return abs !== undefined && isWithin(use.dir, abs);
  // Unknown home: `/home/app/.cache` or `~/.cache/pip` still names the cache.
  if (!use.homeRelative) return false;
  const tail = segments(clean.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/home'));
  const rel = segments(use.homeRelative);
  for (let k = 1; k <= rel.length; k++) {
    const want = rel.slice(0, k);
    if (tail.length >= k && want.every((s, i) => tail[tail.length - k + i] === s)) return true;
  }
  return false;
}

/** The first operand equal to `verb`, where options for that verb can be inserted after it. */
export function wordAfterOptions(cmd: ShellCommand, verb: string): Word | undefined {
  return cmd.args.find((a) => a.value === verb && !a.dynamic);
}

function optionValue(cmd: ShellCommand, name: string): string | undefined {
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (v === name) return cmd.args[i + 1]?.value;
    if (v.startsWith(name + '=')) return v.slice(name.length + 1);
  }
  return undefined;
}
