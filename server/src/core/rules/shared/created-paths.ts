import type { Instruction, ShellCommand } from '../../model/types';
import { basename } from '../../shell/commands';
import { homeOf } from './home';
import { baseName, normalizePath, resolvePath } from './paths';

/**
 * Paths that commands without a recognizer of their own write to: downloads, extracted archives,
 * clones. Only what the arguments say for sure; a download to stdout or an archive extracted into
 * the working directory names no path.
 */
export interface CreatedPath {
  readonly path: string;
  readonly how: string;
}

export function pathsCreatedByCommand(instr: Instruction, cmd: ShellCommand): CreatedPath[] {
  const tool = basename(cmd.name.value);
  const args = cmd.args;
  const at = (v: string | undefined) => (v && v !== '-' ? resolvePath(v, instr.state.workdir, homeOf(instr.state)) : undefined);
  const valueOf = (short: string[], long: string[]): string | undefined => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (args[i].dynamic) continue;
      if (short.includes(v) || long.includes(v)) return args[i + 1]?.value;
      for (const l of long) if (v.startsWith(l + '=')) return v.slice(l.length + 1);
      // `-o/tmp/x`, `-C/opt`: a short option glued to its value.
      for (const s of short) if (v.startsWith(s) && v.length > s.length && !v.startsWith('--')) return v.slice(s.length);
    }
    return undefined;
  };
  const one = (path: string | undefined, how: string): CreatedPath[] => (path ? [{ path, how }] : []);
  switch (tool) {
    case 'curl':
      return one(at(valueOf(['-o'], ['--output'])), 'curl -o');
    case 'wget': {
      const file = at(valueOf(['-O'], ['--output-document']));
      return file ? [{ path: file, how: 'wget -O' }] : one(at(valueOf(['-P'], ['--directory-prefix'])), 'wget -P');
    }
    case 'tar': {
      // `-xzf`, `--extract`, or the old style `tar xzf` where the first word holds the options.
      const extracting = args.some(
        (a, k) => a.value === '--extract' || a.value === '--get' || (/^-[a-zA-Z]*x[a-zA-Z]*$/.test(a.value)) || (k === 0 && /^[a-zA-Z]*x[a-zA-Z]*$/.test(a.value) && a.value.length <= 6),
      );
      return extracting ? one(at(valueOf(['-C'], ['--directory'])), 'tar -x -C') : [];
    }
    case 'unzip':
      return one(at(valueOf(['-d'], [])), 'unzip -d');
    case 'git': {
      const i = args.findIndex((a) => a.value === 'clone');
      if (i < 0) return [];
      const operands = args.slice(i + 1).filter((a, k, all) => !a.value.startsWith('-') && !TAKES_VALUE.has(all[k - 1]?.value ?? ''));
      const [url, dir] = operands;
      if (!url || url.dynamic) return [];
      const name = dir?.value ?? baseName(url.value.replace(/\.git\/?$/, '').replace(/:/g, '/'));
      return one(at(name), 'git clone');
    }
    default:
      return [];
  }
}

const TAKES_VALUE = new Set(['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '--filter', '-j', '--jobs']);

/**
 * Where a COPY or ADD puts each source: a file-looking source copied into a directory lands at
 * `dest/name`; a directory's contents land in `dest` itself.
 */
export function pathsCreatedByCopy(instr: Instruction): CreatedPath[] {
  const copy = instr.copy;
  if (!copy?.destination) return [];
  const rawDest = copy.destination.value;
  const dest = resolvePath(rawDest, instr.state.workdir);
  if (!dest) return [];
  const intoDir = rawDest.endsWith('/') || rawDest === '.' || copy.sources.length > 1;
  const how = instr.keyword;
  if (copy.isHeredoc || !copy.sources.length) return [{ path: dest, how }];
  return copy.sources.map((s) => {
    const name = baseName(normalizePath('/' + s.value.replace(/^[a-z]+:\/\/[^/]+/, '')));
    // ADD unpacks a local archive into the destination; the archive itself is not kept.
    if (instr.keyword === 'ADD' && !copy.remote && /\.(tar(\.[a-z0-9]+)?|tgz|tbz2?|txz)$/i.test(name)) return { path: dest, how };
    const fileLike = !s.value.endsWith('/') && /\.[A-Za-z0-9]+$/.test(name) && !/[*?[]/.test(name);
    return { path: intoDir && fileLike ? normalizePath(`${dest}/${name}`) : dest, how };
  });
}
