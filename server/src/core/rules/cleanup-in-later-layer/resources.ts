import { stripVersion } from '../../knowledge/build-tools';
import type { Instruction, ShellCommand } from '../../model/types';
import { pathsCreatedByCommand, pathsCreatedByCopy } from '../shared/created-paths';
import { homeOf } from '../shared/home';
import { cacheDisposed, cacheUseOf, cleansCache, type CacheTool } from '../shared/package-caches';
import { removalCovers, resolvePath } from '../shared/paths';

/** Something an instruction left in its layer that a later clean-up could be after. */
export type Resource =
  | { readonly kind: 'path'; readonly path: string; readonly label: string; readonly tool?: CacheTool; readonly unsure?: boolean }
  | { readonly kind: 'packages'; readonly manager: 'apt' | 'apk' | 'yum'; readonly names: readonly string[]; readonly label: string };

export interface Left {
  readonly resource: Resource;
  readonly instruction: Instruction;
  readonly command?: ShellCommand;
}

/** What a clean-up command removes. */
export type Target =
  | { readonly kind: 'path'; readonly pattern: string }
  | { readonly kind: 'tool-cache'; readonly tool: CacheTool }
  | { readonly kind: 'packages'; readonly manager: 'apt' | 'apk' | 'yum'; readonly names: readonly string[] | 'auto' }
  | { readonly kind: 'apt-archives' };

const APT_LISTS = '/var/lib/apt/lists';
const APT_ARCHIVES = '/var/cache/apt/archives';
const CACHE_TOOLS: readonly CacheTool[] = ['pip', 'npm', 'yarn', 'poetry', 'uv', 'yum', 'dnf'];

/** The clean-up targets of one command, or [] when it cleans nothing. */
export function targetsOf(instr: Instruction, cmd: ShellCommand): Target[] {
  const r = cmd.recognized;
  if (!r) return [];
  if (r.tool === 'rm') {
    const home = homeOf(instr.state);
    const out: Target[] = [];
    for (const p of r.paths) {
      if (p.dynamic && !/^(\$HOME|\$\{HOME\})/.test(p.value)) continue;
      const pattern = resolvePath(p.value, instr.state.workdir, home);
      // Removing what a mount holds touches the mount, not the layers.
      if (pattern && pattern !== '/' && !instr.run?.mounts.some((m) => m.target && removalCovers(m.target, pattern) === 'covers')) out.push({ kind: 'path', pattern });
    }
    return out;
  }
  if (r.tool === 'apt') {
    if (r.action === 'purge' || r.action === 'remove') return [{ kind: 'packages', manager: 'apt', names: r.packages.map((p) => stripVersion(p.value)) }];
    if (r.action === 'autoremove') return [{ kind: 'packages', manager: 'apt', names: 'auto' }];
    if (r.action === 'clean') return [{ kind: 'apt-archives' }];
    return [];
  }
  if (r.tool === 'apk' && r.action === 'del') return [{ kind: 'packages', manager: 'apk', names: r.packages.map((p) => p.value) }];
  if (r.tool === 'yum' && r.action === 'remove') return [{ kind: 'packages', manager: 'yum', names: r.packages.map((p) => stripVersion(p.value)) }];
  return CACHE_TOOLS.filter((t) => cleansCache(r, cmd, t)).map((tool) => ({ kind: 'tool-cache' as const, tool }));
}

/** What the commands of a RUN (up to `before`, when given) or a COPY/ADD leave in the layer. */
export function leftBy(instr: Instruction, before?: ShellCommand): Left[] {
  if (instr.copy) {
    return pathsCreatedByCopy(instr).map((p) => ({ instruction: instr, resource: { kind: 'path', path: p.path, label: `files added by ${p.how}` } }));
  }
  const run = instr.run;
  if (!run) return [];
  const commands = before ? run.commands.filter((c) => c.end <= before.start) : run.commands;
  const later = (c: ShellCommand) => run.commands.filter((x) => x.start >= c.end);
  const out: Left[] = [];
  const add = (command: ShellCommand, resource: Resource) => {
    // Cleaned up in the same RUN: never in the layer.
    if (!before && later(command).some((x) => targetsOf(instr, x).some((t) => matches(t, resource) !== 'none'))) return;
    out.push({ instruction: instr, command, resource });
  };
  for (const c of commands) {
    const r = c.recognized;
    if (r?.tool === 'apt' && r.action === 'update' && !mounted(instr, APT_LISTS)) add(c, { kind: 'path', path: APT_LISTS, label: 'the apt package lists' });
    if (r?.tool === 'apt' && r.action === 'install') {
      add(c, { kind: 'packages', manager: 'apt', names: r.packages.map((p) => stripVersion(p.value)), label: 'installed packages' });
      // Docker's Debian and Ubuntu images delete downloaded .debs already (docker-clean): unsure.
      if (!mounted(instr, APT_ARCHIVES)) add(c, { kind: 'path', path: APT_ARCHIVES, label: 'downloaded .deb files', unsure: true });
    }
    if (r?.tool === 'apk' && r.action === 'add') {
      add(c, { kind: 'packages', manager: 'apk', names: [...r.packages.map((p) => p.value), ...(r.virtual ? [r.virtual.value] : [])], label: 'installed packages' });
    }
    if (r?.tool === 'yum' && r.action === 'install') add(c, { kind: 'packages', manager: 'yum', names: r.packages.map((p) => stripVersion(p.value)), label: 'installed packages' });
    const use = cacheUseOf(instr, c);
    if (use?.dir && (before || !cacheDisposed(instr, use))) add(c, { kind: 'path', path: use.dir, label: `the ${use.tool} cache`, tool: use.tool });
    for (const p of pathsCreatedByCommand(instr, c)) add(c, { kind: 'path', path: p.path, label: `files written by ${p.how}` });
  }
  return out;
}

function mounted(instr: Instruction, path: string): boolean {
  return (instr.run?.mounts ?? []).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target && removalCovers(m.target, path) === 'covers');
}

/** `covers`: the clean-up removes the resource; `partly`: only some of it, or maybe; `none`. */
export function matches(t: Target, res: Resource): 'covers' | 'partly' | 'none' {
  if (t.kind === 'path' && res.kind === 'path') {
    const how = removalCovers(t.pattern, res.path);
    if (how === 'none') return 'none';
    return how === 'covers' && !res.unsure ? 'covers' : 'partly';
  }
  if (t.kind === 'tool-cache' && res.kind === 'path') {
    const same = res.tool === t.tool || (res.tool === 'yum' && t.tool === 'dnf') || (res.tool === 'dnf' && t.tool === 'yum');
    return same ? 'covers' : 'none';
  }
  if (t.kind === 'apt-archives' && res.kind === 'path') return res.path === APT_ARCHIVES ? 'partly' : 'none';
  if (t.kind === 'packages' && res.kind === 'packages' && t.manager === res.manager) {
    if (t.names === 'auto') return res.names.length ? 'partly' : 'none';
    return t.names.some((n) => res.names.includes(n)) ? 'covers' : 'none';
  }
  return 'none';
}
