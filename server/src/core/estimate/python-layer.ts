import type { Instruction } from '../model/types';
import type { PipCommand, PoetryCommand, PipenvCommand, UvCommand, VenvCommand } from '../shell/recognized';
import { parsePipfileLock, parsePoetryLock, parseRequirementsTxt, parseUvLock, type PythonRequirement } from './requirements';
import { resolvePath, type StageState } from './stage-state';
import type { BuildContextView } from './build-context';
import type { LayerItem, SizeFacts, SizeRange } from './types';

/** Per package when neither the table nor a lock file knows it: a labelled guess, wide on purpose. */
const UNKNOWN_PACKAGE: SizeRange = { bytes: 3e6, low: 0.2e6, high: 25e6 };
/**
 * What `python -m venv` itself writes: pip (and setuptools up to 3.11) with their .pyc files.
 * On the official python images the interpreter is a small launcher linking libpython; Debian's
 * python3 is one big binary, which `--copies` duplicates.
 */
const NEW_VENV_OFFICIAL: SizeRange = { bytes: 16e6, low: 10e6, high: 26e6 };
const NEW_VENV_DEBIAN = { copies: { bytes: 42e6, low: 34e6, high: 50e6 }, links: { bytes: 35e6, low: 27e6, high: 43e6 } };
/** Installed size of a wheel known only by its download size: unzipped plus .pyc files. */
const WHEEL_TO_INSTALLED = { factor: 2.5, low: 1.5, high: 4 };

export interface PythonContext {
  readonly instruction: Instruction;
  readonly state: StageState;
  readonly facts: SizeFacts;
  readonly context?: BuildContextView;
  /** Venv activated earlier in the same RUN with `. /x/bin/activate`. */
  readonly activeVenv?: string;
  /** COPY destination → context source, to find files like requirements.txt. */
  readonly copiedFiles: ReadonlyMap<string, string>;
}

export interface PythonLayerResult {
  readonly items: LayerItem[];
  readonly notes: string[];
  /** Where the packages were installed, credited in the stage's ledger by the caller. */
  readonly target: string;
  readonly cacheDir?: string;
}

export function estimateVenv(cmd: VenvCommand, ctx: PythonContext): { item: LayerItem; path?: string } {
  const path = cmd.path && !cmd.path.dynamic ? resolvePath(ctx.instruction.state.workdir, cmd.path.value) : undefined;
  if (path) ctx.state.venvs.set(path, cmd.copies);
  const official = ctx.state.baseRepository === 'python';
  const range = official ? NEW_VENV_OFFICIAL : cmd.copies ? NEW_VENV_DEBIAN.copies : NEW_VENV_DEBIAN.links;
  const source = official
    ? 'estimate: a new venv holds pip and its .pyc files (10–26 MB)'
    : `estimate: measured 42.1 MB for a Debian bookworm python3.11 venv with --copies (docs/accuracy/real-builds.md)${cmd.copies ? '' : ', less the ~7 MB interpreter it links instead'}`;
  return { item: { name: `virtual environment${path ? ' ' + path : ''}`, ...range, basis: 'estimate', source }, path };
}

export function estimatePip(cmd: PipCommand, ctx: PythonContext): PythonLayerResult {
  const notes: string[] = [];
  const reqs: PythonRequirement[] = [];
  let complete = true;
  for (const f of cmd.requirementFiles) {
    const text = readCopied(f.value, ctx);
    if (text === undefined) {
      notes.push(`${f.value} is not readable from the build context: its packages are not sized`);
      complete = false;
      continue;
    }
    reqs.push(...parseRequirementsTxt(text, (nested) => readCopied(nested, ctx)));
    // A requirements file with every line pinned is usually a full freeze/export; otherwise dependencies are missing.
    if (!/^[^#\s-][^\n]*==/m.test(text) || /^[A-Za-z0-9._-]+\s*(\[|$|>=|~=|<)/m.test(text)) complete = false;
  }
  for (const p of cmd.packages) {
    if (p.dynamic || p.value.startsWith('.') || p.value.startsWith('/')) {
      if (p.value === '.' || p.value.startsWith('./') || p.value.startsWith('/')) notes.push(`the local project ${p.value} is installed: not sized`);
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(p.value);
    if (m) reqs.push({ name: m[1].toLowerCase().replace(/[-_.]+/g, '-') });
    complete = false;
  }
  const target = pipTarget(cmd, ctx);
  const items = sizePackages(reqs, ctx.facts, complete, notes, ctx.context);
  const cached = !cmd.noCacheDir && !hasCacheMount(ctx.instruction, '/root/.cache') && !envSays(ctx, 'PIP_NO_CACHE_DIR');
  if (cached && items.length) items.push(cacheItem('pip cache (~/.cache/pip)', reqs, ctx.facts));
  return { items, notes, target, cacheDir: cached ? '/root/.cache/pip' : undefined };
}

export function estimatePoetry(cmd: PoetryCommand, ctx: PythonContext): PythonLayerResult | undefined {
  if (cmd.action !== 'install') return undefined;
  const notes: string[] = [];
  const includeDev = !cmd.noDev && !cmd.only.includes('main') && !cmd.without.includes('dev');
  const lock = readCopied('poetry.lock', ctx);
  const reqs = lock ? parsePoetryLock(lock, includeDev) : [];
  if (!lock) notes.push('poetry.lock is not readable from the build context: packages not sized');
  const items = sizePackages(reqs, ctx.facts, !!lock, notes, ctx.context);
  const env = ctx.instruction.state.env;
  const inProject = env.get('POETRY_VIRTUALENVS_IN_PROJECT');
  const create = env.get('POETRY_VIRTUALENVS_CREATE');
  const target =
    ctx.activeVenv ??
    (create && /^(false|0)$/i.test(create)
      ? '/usr/local/lib/python3'
      : inProject && /^(true|1)$/i.test(inProject)
        ? resolvePath(ctx.instruction.state.workdir, '.venv')
        : '/root/.cache/pypoetry/virtualenvs');
  const cached = !cmd.noCache && !envSays(ctx, 'POETRY_NO_CACHE') && !hasCacheMount(ctx.instruction, '/root/.cache');
  if (cached && items.length) items.push(cacheItem('poetry cache (~/.cache/pypoetry)', reqs, ctx.facts));
  return { items, notes, target, cacheDir: cached ? '/root/.cache/pypoetry' : undefined };
}

export function estimateUv(cmd: UvCommand, ctx: PythonContext): PythonLayerResult | undefined {
  if (cmd.action !== 'sync' && cmd.action !== 'pip-install') return undefined;
  const notes: string[] = [];
  let reqs: PythonRequirement[] = [];
  let complete = false;
  if (cmd.action === 'sync') {
    const lock = readCopied('uv.lock', ctx);
    if (lock) {
      reqs = parseUvLock(lock);
      complete = true;
    } else notes.push('uv.lock is not readable from the build context: packages not sized');
  } else {
    for (const f of cmd.requirementFiles) {
      const t = readCopied(f.value, ctx);
      if (t) reqs.push(...parseRequirementsTxt(t, (n) => readCopied(n, ctx)));
    }
  }
  const items = sizePackages(reqs, ctx.facts, complete, notes, ctx.context);
  const target = ctx.instruction.state.env.get('UV_PROJECT_ENVIRONMENT') ?? resolvePath(ctx.instruction.state.workdir, '.venv');
  const cached = !cmd.noCache && !hasCacheMount(ctx.instruction, '/root/.cache');
  if (cached && items.length) items.push(cacheItem('uv cache (~/.cache/uv)', reqs, ctx.facts));
  return { items, notes, target: cmd.action === 'sync' ? target : ctx.activeVenv ?? '/usr/local/lib/python3', cacheDir: cached ? '/root/.cache/uv' : undefined };
}

export function estimatePipenv(cmd: PipenvCommand, ctx: PythonContext): PythonLayerResult | undefined {
  if (cmd.action !== 'install' && cmd.action !== 'sync') return undefined;
  const notes: string[] = [];
  const lock = readCopied('Pipfile.lock', ctx);
  const reqs = lock ? parsePipfileLock(lock, cmd.dev) : [];
  if (!lock) notes.push('Pipfile.lock is not readable from the build context: packages not sized');
  const items = sizePackages(reqs, ctx.facts, !!lock, notes, ctx.context);
  const inProject = ctx.instruction.state.env.get('PIPENV_VENV_IN_PROJECT');
  const target = cmd.system ? '/usr/local/lib/python3' : inProject ? resolvePath(ctx.instruction.state.workdir, '.venv') : '/root/.local/share/virtualenvs';
  return { items, notes, target };
}

/**
 * A workspace venv may be another platform or Python version than the image (macOS wheels, a
 * different CPython's .pyc files): its measured size is taken ±20%.
 */
const LOCAL_VENV_SPREAD = 0.2;

/**
 * Sizes each requirement from, in order: a virtualenv in the workspace that has it installed,
 * the shipped table, the lock file's wheel size, a labelled default.
 */
function sizePackages(reqs: readonly PythonRequirement[], facts: SizeFacts, complete: boolean, notes: string[], context?: BuildContextView): LayerItem[] {
  const items: LayerItem[] = [];
  let unknown = 0;
  const unknownRange = { bytes: 0, low: 0, high: 0 };
  let measuredLocally = 0;
  for (const r of reqs) {
    const local = context?.localPythonPackage?.(r.name);
    const known = local ? undefined : facts.pythonPackage(r.name);
    if (local) {
      measuredLocally++;
      items.push({
        name: r.name,
        bytes: local.bytes,
        low: local.bytes * (1 - LOCAL_VENV_SPREAD),
        high: local.bytes * (1 + LOCAL_VENV_SPREAD),
        basis: 'measured',
        source: `${local.source}; the workspace venv may be another platform or Python: ±${LOCAL_VENV_SPREAD * 100}%`,
      });
    } else if (known) {
      items.push({ name: r.name, ...known.installed, basis: known.basis, source: known.source });
    } else if (r.wheelBytes !== undefined) {
      items.push({
        name: r.name,
        bytes: r.wheelBytes * WHEEL_TO_INSTALLED.factor,
        low: r.wheelBytes * WHEEL_TO_INSTALLED.low,
        high: r.wheelBytes * WHEEL_TO_INSTALLED.high,
        basis: 'estimate',
        source: `estimate: wheel size from uv.lock × ${WHEEL_TO_INSTALLED.factor} (${WHEEL_TO_INSTALLED.low}–${WHEEL_TO_INSTALLED.high}) for unpacking and .pyc files`,
      });
    } else {
      unknown++;
      unknownRange.bytes += UNKNOWN_PACKAGE.bytes;
      unknownRange.low += UNKNOWN_PACKAGE.low;
      unknownRange.high += UNKNOWN_PACKAGE.high;
    }
  }
  if (measuredLocally) {
    notes.push(`${measuredLocally} package${measuredLocally === 1 ? '' : 's'} sized from a virtualenv in the workspace, which may be another platform or Python version (±${LOCAL_VENV_SPREAD * 100}%)`);
  }
  if (unknown) {
    items.push({ name: `${unknown} package${unknown === 1 ? '' : 's'} without size data`, ...unknownRange, basis: 'estimate', source: 'estimate: 3 MB per unknown package (0.2–25 MB)' });
  }
  if (!complete && reqs.length) {
    // Dependencies the file does not list are installed too: widen the top of the range.
    notes.push('dependencies that the requirements do not list are not counted: the high end allows for them');
    const total = items.reduce((s, i) => s + i.bytes, 0);
    items.push({ name: 'unlisted dependencies', bytes: 0, low: 0, high: total, basis: 'estimate', source: 'estimate: up to as much again for dependencies not listed' });
  }
  return items.sort((a, b) => b.bytes - a.bytes);
}

function cacheItem(name: string, reqs: readonly PythonRequirement[], facts: SizeFacts): LayerItem {
  let bytes = 0;
  let high = 0;
  for (const r of reqs) {
    const w = r.wheelBytes ?? facts.pythonPackage(r.name)?.wheelBytes;
    bytes += w ?? UNKNOWN_PACKAGE.bytes / WHEEL_TO_INSTALLED.factor;
    high += w ?? UNKNOWN_PACKAGE.high / WHEEL_TO_INSTALLED.low;
  }
  return { name, bytes, low: bytes * 0.5, high: Math.max(high, bytes), basis: 'estimate', source: 'estimate: the downloaded wheels stay in the cache' };
}

function pipTarget(cmd: PipCommand, ctx: PythonContext): string {
  const wd = ctx.instruction.state.workdir;
  if (cmd.target && !cmd.target.dynamic) return resolvePath(wd, cmd.target.value);
  if (cmd.prefix && !cmd.prefix.dynamic) return resolvePath(wd, cmd.prefix.value);
  if (cmd.user) return ctx.instruction.state.env.get('PYTHONUSERBASE') ?? '/root/.local';
  const exe = /^(.*)\/bin\/(pip|python)[0-9.]*$/.exec(cmd.executable);
  if (exe && exe[1] && exe[1] !== '/usr' && exe[1] !== '/usr/local') return resolvePath(wd, exe[1]);
  if (ctx.activeVenv) return ctx.activeVenv;
  const venv = ctx.instruction.state.env.get('VIRTUAL_ENV');
  if (venv) return venv;
  // A venv's bin directory first on PATH makes its pip the one that runs.
  const firstPath = (ctx.instruction.state.env.get('PATH') ?? '').split(':')[0];
  const m = /^(.*)\/bin$/.exec(firstPath ?? '');
  if (m && ctx.state.venvs.has(m[1])) return m[1];
  return '/usr/local/lib/python3';
}

function readCopied(file: string, ctx: PythonContext): string | undefined {
  if (!ctx.context) return undefined;
  const inImage = resolvePath(ctx.instruction.state.workdir, file);
  const fromContext = ctx.copiedFiles.get(inImage);
  const candidates = [fromContext, file.replace(/^\.?\//, ''), file.split('/').pop()].filter((c): c is string => !!c);
  for (const c of candidates) {
    const t = ctx.context.readText(c);
    if (t !== undefined) return t;
  }
  return undefined;
}

function hasCacheMount(instr: Instruction, prefix: string): boolean {
  return (instr.run?.mounts ?? []).some((m) => m.type === 'cache' && m.target !== undefined && (m.target.startsWith(prefix) || prefix.startsWith(m.target)));
}

function envSays(ctx: PythonContext, name: string): boolean {
  const v = ctx.instruction.state.env.get(name);
  return v !== undefined && !/^(0|false|no|off)$/i.test(v);
}
