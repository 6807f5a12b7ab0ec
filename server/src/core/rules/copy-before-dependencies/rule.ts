import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import { basename, dirname, isWithin, relativeWithin, resolveInImage } from '../shared/container-paths';
import { dependencyInstallOf, isLocalPath, type DependencyInstall, type Manifest } from '../shared/dependency-installs';
import { codeList, textOf } from '../shared/format';
import type { Finding, Fix, Rule } from '../types';

interface InstallSite {
  readonly instruction: Instruction;
  readonly command: ShellCommand;
  readonly install: DependencyInstall;
}

export const copyBeforeDependencies: Rule = {
  meta: {
    id: 'copy-before-dependencies',
    title: 'Whole build context copied before the dependency install',
    description: 'Copying every source file before installing dependencies makes any edit invalidate the install layer, so each build downloads and installs all dependencies again.',
    defaultSeverity: 'warning',
    category: 'cache',
    fixable: 'suggestion',
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      // Stages the build skips have no cache to lose.
      if (stage.role === 'unused') continue;
      const copies = stage.instructions.filter(isWholeContextCopy);
      for (const [k, copy] of copies.entries()) {
        // A later whole-context COPY gets its own finding for the installs after it.
        const until = copies[k + 1]?.index ?? Infinity;
        // The two-step idiom (`uv sync --no-install-project` or `poetry install --no-root` from the
        // manifests, then the same tool after `COPY . .` for the project itself) already caches
        // the dependencies: a tool that installed before the COPY is not reinstalling them.
        const toolsBefore = new Set(installsBetween(stage, -1, copy.index).map((i) => i.install.tool));
        const installs = installsBetween(stage, copy.index, until).filter((i) => !toolsBefore.has(i.install.tool));
        if (!installs.length) continue;
        const copyText = oneLine(textOf(model, copy.range));
        const fix = planFix(model, stage, copy, installs);
        findings.push({
          ruleId: 'copy-before-dependencies',
          message: `\`${copyText}\` copies the whole build context before ${codeList(installs.map((i) => i.install.label))}: any source change invalidates the cache from here, so every build reinstalls all dependencies. Copy the dependency manifests first, install, then copy the rest.`,
          range: copy.range,
          related: installs.map((i) => ({ range: i.command.range, message: `\`${i.install.label}\` runs again whenever any file of the build context changes` })),
          fixes: fix ? [fix.fix] : [],
          data: { copy: copyText, installs: installs.map((i) => i.install.label), manifests: fix?.manifestSources ?? [] },
        });
      }
    }
    return findings;
  },
};

function isWholeContextCopy(instr: Instruction): boolean {
  const c = instr.copy;
  if (!c || c.fromFlag || c.isHeredoc || !c.destination || c.sources.length !== 1) return false;
  const source = c.sources[0].value;
  return !source.includes('..') && resolveInImage('/', source) === '/';
}

function installsBetween(stage: Stage, after: number, before: number): InstallSite[] {
  const out: InstallSite[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.index <= after || instruction.index >= before) continue;
    for (const command of instruction.run?.commands ?? []) {
      const install = dependencyInstallOf(command, instruction.state.workdir);
      if (install) out.push({ instruction, command, install });
    }
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\\?\r?\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Puts a COPY of just the manifests where the whole-context COPY was and moves that COPY below
 * the last install it can pass. It only passes instructions that cannot see the difference:
 * metadata, other COPYs that do not land in the same tree, and RUNs made only of installs.
 */
function planFix(model: ImageModel, stage: Stage, copy: Instruction, installs: readonly InstallSite[]): { fix: Fix; manifestSources: string[] } | undefined {
  if (textOf(model, copy.range).includes('$')) return undefined;
  const destAbs = resolveInImage(copy.state.workdir, copy.copy!.destination!.value);
  const lastInstall = installs[installs.length - 1].instruction.index;
  let target: Instruction | undefined;
  for (const instr of stage.instructions) {
    if (instr.index <= copy.index) continue;
    if (instr.index > lastInstall || !canMovePast(instr, destAbs)) break;
    if (installs.some((i) => i.instruction === instr)) target = instr;
  }
  if (!target) return undefined;
  const passed = installs.filter((i) => i.instruction.index <= target!.index);
  const needed: Manifest[] = [];
  for (const site of passed) {
    for (const m of site.install.manifests ?? []) {
      if (!isWithin(m.path, destAbs) || mountedAt(site.instruction, m.path) || copiedBefore(stage, copy, site.instruction, m)) continue;
      if (!needed.some((n) => n.path === m.path)) needed.push(m);
    }
  }
  const eol = model.lines.eol;
  const lines = manifestCopies(model, copy, destAbs, needed);
  const copyStart = { line: copy.range.start.line, character: 0 };
  const afterCopy = { line: copy.range.end.line + 1, character: 0 };
  const targetEnd = { line: target.range.end.line, character: model.lines.lineText(target.range.end.line).length };
  const moved = movedCopyText(model, copy, destAbs, target.state.workdir);
  return {
    fix: {
      title: needed.length ? 'Copy the dependency manifests first and the rest after the install' : 'Copy the rest of the context after the install',
      edits: [
        { range: { start: copyStart, end: afterCopy }, newText: lines.map((l) => l.text + eol).join('') },
        { range: { start: targetEnd, end: targetEnd }, newText: eol + moved },
      ],
      safety: 'suggestion',
    },
    manifestSources: lines.flatMap((l) => l.sources),
  };
}

/** Keeps the instruction's own spelling and flags (`--chown`, `--link`) on the manifest COPY. */
function manifestCopies(model: ImageModel, copy: Instruction, destAbs: string, manifests: readonly Manifest[]): Array<{ text: string; sources: string[] }> {
  const groups = new Map<string, string[]>();
  for (const m of manifests) {
    const rel = relativeWithin(m.path, destAbs)!;
    const relDir = dirname(rel);
    // A requirements file in its own folder may `-r` its siblings: bring the folder.
    const source = m.mayIncludeSiblings && relDir ? `${relDir}/` : relDir ? `${relDir}/${m.pattern}` : m.pattern;
    const sub = relDir ? `${relDir}/` : '';
    const list = groups.get(sub) ?? [];
    if (!list.includes(source)) list.push(source);
    groups.set(sub, list);
  }
  const keyword = textOf(model, copy.keywordRange);
  const copyWord = /^[a-z]+$/.test(keyword) ? 'copy' : 'COPY';
  const flags = copy.flags.map((f) => textOf(model, f.range));
  const dest = copy.copy!.destination!.value;
  return [...groups.entries()].map(([sub, sources]) => {
    const single = sources.length === 1 && !/[*?[]/.test(sources[0]) && !sources[0].endsWith('/');
    return { text: [copyWord, ...flags, ...sources, destinationFor(dest, sub, single)].join(' '), sources };
  });
}

/** The manifest COPY writes to the same place: a directory form of the original destination. */
function destinationFor(dest: string, sub: string, singleFile: boolean): string {
  if (!sub) {
    if (singleFile && (dest === '.' || dest.endsWith('/'))) return dest;
    return dest === '.' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
  }
  if (dest === '.' || dest === './') return `./${sub}`;
  return dest.endsWith('/') ? dest + sub : `${dest}/${sub}`;
}

/** The original COPY text; a relative destination becomes absolute when a WORKDIR in between changed its meaning. */
function movedCopyText(model: ImageModel, copy: Instruction, destAbs: string, newWorkdir: string): string {
  const start = model.lines.lineStart(copy.range.start.line);
  const end = model.lines.lineEnd(copy.range.end.line);
  const dest = copy.copy!.destination!;
  if (dest.value.startsWith('/') || newWorkdir === copy.state.workdir) return model.text.slice(start, end);
  const destStart = model.lines.offsetAt(dest.range.start);
  const destEnd = model.lines.offsetAt(dest.range.end);
  const absolute = destAbs === '/' ? '/' : /(^\.\/?$|\/$)/.test(dest.value) ? `${destAbs}/` : destAbs;
  return model.text.slice(start, destStart) + absolute + model.text.slice(destEnd, end);
}

const METADATA = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'SHELL', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);

function canMovePast(instr: Instruction, destAbs: string): boolean {
  if (METADATA.has(instr.keyword)) return true;
  if (instr.copy) return !isWholeContextCopy(instr) && !overlapsContextCopy(instr, destAbs);
  if (instr.run) return !instr.run.hasSyntaxErrors && instr.run.commands.every((c) => isDependencyStep(c, instr.state.workdir, destAbs));
  return false;
}

/** Would the moved whole-context COPY overwrite what this COPY put there with something else? */
function overlapsContextCopy(instr: Instruction, destAbs: string): boolean {
  const c = instr.copy!;
  if (!c.destination) return true;
  const dest = resolveInImage(instr.state.workdir, c.destination.value);
  if (c.fromFlag || c.isHeredoc || c.remote) return isWithin(dest, destAbs) || isWithin(destAbs, dest);
  const dirLike = c.sources.length > 1 || /(^\.$|\/$)/.test(c.destination.value);
  return c.sources.some((s) => {
    const norm = resolveInImage('/', s.value).slice(1);
    const file = dirLike ? resolveInImage(dest, basename(s.value)) : dest;
    if (!isWithin(file, destAbs) && !isWithin(dest, destAbs)) return false;
    // Same context file to the same place: the moved COPY writes identical bytes.
    return relativeWithin(file, destAbs) !== norm && relativeWithin(dest, destAbs) !== norm;
  });
}

const HARMLESS = new Set(['.', 'source', 'set', 'export', 'echo', 'true', ':', 'mkdir', 'curl', 'wget', 'pipx', 'corepack', 'groupadd', 'addgroup', 'update-ca-certificates']);

/** A command that neither reads the sources nor writes where they go. */
function isDependencyStep(cmd: ShellCommand, workdir: string, destAbs: string): boolean {
  const r = cmd.recognized;
  if (!r) return HARMLESS.has(cmd.name.value);
  const outside = (paths: readonly { value: string; dynamic?: boolean }[]) => paths.every((p) => !p.dynamic && !isWithin(resolveInImage(workdir, p.value), destAbs));
  switch (r.tool) {
    case 'apt':
    case 'apk':
    case 'yum':
    case 'venv':
    case 'useradd':
    case 'download-to-shell':
    case 'node-version-manager':
      return true;
    case 'pip':
      return (r.action === 'install' && !r.packages.some((p) => isLocalPath(p.value)) && dependencyReady(cmd, workdir)) || r.action === 'uninstall' || r.action === 'cache-purge';
    case 'uv':
      return r.action === 'venv' || r.action === 'cache-clean' || ((r.action === 'sync' || r.action === 'pip-install') && !r.packages.some((p) => isLocalPath(p.value)) && dependencyReady(cmd, workdir));
    case 'poetry':
      return r.action === 'config' || r.action === 'self' || (r.action === 'install' && dependencyReady(cmd, workdir));
    case 'pipenv':
      return r.action !== 'other';
    case 'node-pm':
      return r.action === 'prune' || r.action === 'cache-clean' || (r.action === 'install' && r.global) || ((r.action === 'install' || r.action === 'ci') && dependencyReady(cmd, workdir));
    case 'rm':
      return outside(r.paths);
    case 'chown':
    case 'chmod':
      return outside(r.paths);
    default:
      return false;
  }
}

/** An install the manifests alone can feed; anything else must keep seeing the sources. */
function dependencyReady(cmd: ShellCommand, workdir: string): boolean {
  const install = dependencyInstallOf(cmd, workdir);
  if (!install) return cmd.recognized?.tool === 'pip' || cmd.recognized?.tool === 'uv' || (cmd.recognized?.tool === 'node-pm' && cmd.recognized.global);
  return install.manifests !== undefined && !install.needsSources;
}

function mountedAt(instr: Instruction, path: string): boolean {
  return (instr.run?.mounts ?? []).some((m) => m.type === 'bind' && m.target !== undefined && isWithin(path, resolveInImage(instr.state.workdir, m.target)));
}

/** An earlier COPY of the stage (not the whole-context one) already put this manifest in place. */
function copiedBefore(stage: Stage, wholeCopy: Instruction, install: Instruction, m: Manifest): boolean {
  const name = basename(m.path);
  return stage.instructions.some((instr) => {
    const c = instr.copy;
    if (!c || instr === wholeCopy || instr.index >= install.index || c.fromFlag || c.isHeredoc || !c.destination) return false;
    const dest = resolveInImage(instr.state.workdir, c.destination.value);
    const dirLike = c.sources.length > 1 || /(^\.$|\/$)/.test(c.destination.value);
    return c.sources.some((s) => {
      const base = basename(s.value);
      if (!dirLike) return dest === m.path;
      if (dirname(m.path) === dest && globMatches(base, name)) return true;
      // A folder source copies its content into the destination.
      return (s.value.endsWith('/') || !base.includes('.')) && isWithin(m.path, dest) && m.path !== dest;
    });
  });
}

function globMatches(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}
