import { isBuildTool, isDevHeaders, stripVersion } from '../knowledge/build-tools';
import { rewriteImageTag, slimAlternative } from '../knowledge/image-variants';
import { formatImageRef } from '../model/image-ref';
import { ancestry } from '../model/stage-graph';
import { rootStage } from '../model/queries';
import { resolveInImage } from '../model/image-paths';
import type { ImageModel, Instruction, Stage } from '../model/types';
import type { SizeFacts } from '../estimate/types';
import { lookupBaseImage } from '../size/base-images';
import { normalizeRequestedName, runtimeLibraryFor } from '../size/apt-resolve';
import { classify, COMPILE_COMMANDS, isAssetBuild, NODE_TOOLS, type Placement } from './classify';
import { splitGo, splitNode, splitRust } from './split-compiled';
import { fromLine, imageTextOf, instructionText, preamble, rawRange } from './source-text';

export const SPLIT_REFACTOR_ID = 'split-build-runtime';

export interface SplitResult {
  readonly text: string;
  /** What the refactor decided, for the preview and the CLI. */
  readonly notes: readonly string[];
}

export type SplitOutcome = { readonly ok: true; readonly result: SplitResult } | { readonly ok: false; readonly reason: string };

const DEFAULT_VENV = '/opt/venv';

/**
 * Turns a single-stage image (or a final stage built on its build stage) into a builder stage
 * with the toolchain and a runtime stage on the slim base of the same version and release that
 * copies the Python environment (and built assets) and installs only runtime libraries.
 */
export function splitBuildRuntime(model: ImageModel, facts?: SizeFacts): SplitOutcome {
  const final = model.finalStage;
  if (!final) return { ok: false, reason: 'the Dockerfile has no stage' };
  const chain = ancestry(model.stages, final.index).reverse().map((i) => model.stages[i]);
  const root = chain[0];
  if (root.base.kind !== 'image') return { ok: false, reason: 'the final image does not start from a named base image' };
  if (model.escapeChar !== '\\') return { ok: false, reason: 'files with a non-default escape directive are not rewritten' };
  const chainSet = new Set(chain.map((s) => s.index));
  for (const s of model.stages) {
    if (chainSet.has(s.index)) continue;
    const usesChain = (s.base.kind === 'stage' && chainSet.has(s.base.stageIndex)) || s.instructions.some((i) => i.copy?.fromFlag?.stageIndex !== undefined && chainSet.has(i.copy.fromFlag.stageIndex));
    if (usesChain) return { ok: false, reason: `stage ${s.name ?? s.index} builds on or copies from the final image's stages` };
  }
  const instructions = chain.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  const compiled = compiledStrategy(model, chain, final.name);
  if (compiled) return compiled;
  const hasAssets = instructions.some(isAssetBuild);
  const placements = new Map<Instruction, Placement>(instructions.map((i) => [i, classify(i, hasAssets)]));
  // Files copied in before a build step are that step's input: the builder needs them too.
  instructions.forEach((instr, k) => {
    if (instr.copy && !instr.copy.fromFlag && placements.get(instr)!.to === 'runtime' && instructions.slice(k + 1).some((i) => placements.get(i)!.to === 'builder')) {
      placements.set(instr, { to: 'both' });
    }
  });
  if (![...placements.values()].some((p) => p.to === 'builder' || p.to === 'assets')) {
    return { ok: false, reason: 'nothing in the final image is build-only' };
  }

  const notes: string[] = [];
  const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  const builderName = freeName(names, ['builder', 'build', 'build-deps']);
  const assetsName = freeName(names, ['assets', 'frontend', 'node-assets']);
  const runtimeName = final.name;

  const release = releaseOf(root, facts);
  const index = release ? facts?.debian(release) : undefined;

  const fromText = rawRange(model, root.from);
  const fromComments = instructionText(model, root.from).replace(/^\n/, '').slice(0, -fromText.length);
  const imageText = imageTextOf(model, root);
  const alt = slimAlternative(root.base.ref);
  const runtimeImage = alt ? rewriteImageTag(imageText, root.base.ref.tag, alt.tag) ?? imageText : imageText;
  if (alt && runtimeImage !== imageText) notes.push(`runtime base: ${formatImageRef({ ...root.base.ref, tag: alt.tag })} (same version and release, slim)`);
  // What the runtime base already has is judged on the image the runtime stage really uses.
  const table = facts?.baseImages();
  const runtimeBase = table ? lookupBaseImage(table, alt ? { ...root.base.ref, tag: alt.tag } : root.base.ref) : undefined;
  const basePackages = new Set(runtimeBase?.packages ?? []);

  // ---- builder
  const builder: string[] = [`${fromComments}# Build stage: compilers, headers and package managers stay here.\n${fromLine(model, root, imageText, builderName)}`];
  const envTarget = pythonEnvironment(instructions, placements);
  let venvInserted = false;
  for (const instr of instructions) {
    const p = placements.get(instr)!;
    if (p.to !== 'builder' && p.to !== 'both') continue;
    if (envTarget.needsNewVenv && !venvInserted && installsPython(instr)) {
      builder.push(`# A venv with its own copy of the interpreter, so it can be copied to the runtime stage.\nRUN python -m venv --copies ${DEFAULT_VENV}\nENV PATH="${DEFAULT_VENV}/bin:$PATH"`);
      venvInserted = true;
    }
    if (envTarget.poetryInProject && isPoetryInstall(instr)) builder.push('ENV POETRY_VIRTUALENVS_IN_PROJECT=1');
    builder.push(withCopies(model, instr));
    if (p.to === 'builder' && hasUnknownCommands(instr)) notes.push(`line ${instr.range.start.line + 1}: moved to the build stage with the install it belongs to; if it also prepares something the application needs at run time, copy that from "${builderName}"`);
  }

  // ---- assets
  const assets: string[] = [];
  const assetCopies: string[] = [];
  if (hasAssets) {
    const nodeMajor = nodeVersion(instructions) ?? '22';
    const wd = instructions.find((i) => placements.get(i)!.to === 'assets')!.state.workdir;
    assets.push(`# Front-end assets are built with Node here; only the built files reach the runtime image.\nFROM node:${nodeMajor}-bookworm-slim AS ${assetsName}`);
    assets.push(`WORKDIR ${wd}`);
    assets.push('COPY package*.json ./');
    let installed = false;
    for (const instr of instructions) {
      if (placements.get(instr)!.to !== 'assets') continue;
      const text = instructionText(model, instr);
      const installs = (instr.run?.commands ?? []).some((c) => c.recognized?.tool === 'node-pm' && (c.recognized.action === 'ci' || c.recognized.action === 'install'));
      if (installs && !installed) {
        assets.push(text);
        assets.push('COPY . .');
        installed = true;
        continue;
      }
      if (!installed) {
        assets.push('RUN npm ci', 'COPY . .');
        installed = true;
      }
      assets.push(text);
      for (const out of assetOutputs(instr)) assetCopies.push(`COPY --from=${assetsName} ${resolveInImage(wd, out)} ${resolveInImage(wd, out)}`);
    }
    if (!assetCopies.length) {
      assetCopies.push(`COPY --from=${assetsName} ${resolveInImage(wd, 'dist')} ${resolveInImage(wd, 'dist')}`);
      notes.push(`the asset build's output folder could not be read from its command: ${resolveInImage(wd, 'dist')} is copied — check it`);
    }
  }

  // ---- runtime
  const runtime: string[] = [`# Runtime stage: the same ${root.base.ref.repository} version and release, with only what the application needs to run.\n${fromLine(model, root, runtimeImage, runtimeName)}`];
  const pathAlreadySet = (dir: string) =>
    instructions.some((i) => placements.get(i)!.to !== 'builder' && i.keyword === 'ENV' && (i.properties ?? []).some((p) => p.name === 'PATH' && (p.value ?? '').split(':').includes(dir)));
  const runtimePkgs = runtimePackages(instructions, placements, index, basePackages, hasAssets);
  let handoffDone = false;
  const handoff = (): string[] => {
    handoffDone = true;
    const out: string[] = [];
    if (runtimePkgs.length) out.push(`RUN apt-get update \\\n && apt-get install -y --no-install-recommends ${runtimePkgs.join(' ')} \\\n && rm -rf /var/lib/apt/lists/*`);
    if (envTarget.path) {
      out.push(`COPY --from=${builderName} ${envTarget.path} ${envTarget.path}`);
      if (envTarget.pathEnv && !pathAlreadySet(envTarget.pathEnv)) out.push(`ENV PATH="${envTarget.pathEnv}:$PATH"`);
    }
    out.push(...assetCopies);
    for (const artifact of compiledOutputs(instructions, placements)) out.push(`COPY --from=${builderName} ${artifact} ${artifact}`);
    return out;
  };
  for (const instr of instructions) {
    const p = placements.get(instr)!;
    if (p.to === 'drop') {
      notes.push(`line ${instr.range.start.line + 1}: dropped (${p.why})`);
      continue;
    }
    if (!handoffDone && (p.to === 'builder' || p.to === 'assets')) runtime.push(...handoff());
    if (p.to === 'runtime' || p.to === 'both') {
      if (p.to === 'runtime' && instr.keyword === 'RUN' && isRuntimeAptOnly(instr)) continue;
      runtime.push(instructionText(model, instr));
      if (p.to === 'runtime' && p.unclear) notes.push(`line ${instr.range.start.line + 1}: kept in the runtime stage (its purpose is not clear to dockerlean)`);
    }
  }
  if (!handoffDone) runtime.push(...handoff());
  if (envTarget.path) notes.push(`the Python environment ${envTarget.path} is built in "${builderName}" and copied to the runtime stage`);
  if (runtimePkgs.length) notes.push(`runtime packages: ${runtimePkgs.join(', ')}`);

  const others = model.stages.filter((s) => !chainSet.has(s.index)).map((s) => stageText(model, s));
  const parts = [preamble(model).replace(/\n+$/, ''), ...others, builder.join('\n'), assets.join('\n'), runtime.join('\n')].filter((p) => p.trim());
  let text = parts.join('\n\n') + '\n';
  if (model.lines.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return { ok: true, result: { text, notes } };
}

/** Node and Go images get their own idioms: prune-and-copy, and binary-only runtimes. */
function compiledStrategy(model: ImageModel, chain: readonly Stage[], runtimeName: string | undefined): SplitOutcome | undefined {
  const root = chain[0];
  if (root.base.kind !== 'image') return undefined;
  const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  const builderName = freeName(names, ['builder', 'build', 'build-deps']);
  const repo = root.base.ref.repository;
  const split =
    repo === 'node'
      ? splitNode(model, chain, builderName, runtimeName)
      : repo === 'golang'
        ? splitGo(model, chain, builderName, runtimeName)
        : repo === 'rust'
          ? splitRust(model, chain, builderName, runtimeName)
          : undefined;
  if (!split) return undefined;
  const chainSet = new Set(chain.map((s) => s.index));
  const others = model.stages.filter((s) => !chainSet.has(s.index)).map((s) => stageText(model, s));
  const parts = [preamble(model).replace(/\n+$/, ''), ...others, split.builder.join('\n'), split.runtime.join('\n')].filter((p) => p.trim());
  let text = parts.join('\n\n') + '\n';
  if (model.lines.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return { ok: true, result: { text, notes: split.notes } };
}

function freeName(taken: ReadonlySet<string | undefined>, candidates: readonly string[]): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  let i = 2;
  while (taken.has(`${candidates[0]}-${i}`)) i++;
  return `${candidates[0]}-${i}`;
}

function stageText(model: ImageModel, s: Stage): string {
  const start = model.lines.lineStart(s.range.start.line);
  const last = s.instructions[s.instructions.length - 1] ?? s.from;
  return model.text.slice(start, model.lines.offsetAt(last.range.end)).replace(/\r\n/g, '\n');
}

function releaseOf(root: Stage, facts?: SizeFacts): string | undefined {
  const table = facts?.baseImages();
  const b = table && root.base.kind === 'image' ? lookupBaseImage(table, root.base.ref) : undefined;
  return b?.record.os === 'debian' ? b.record.release : undefined;
}

interface EnvTarget {
  /** The folder the runtime stage copies: a venv, a user base, a prefix. */
  readonly path?: string;
  /** A bin folder to put first on PATH in the runtime stage. */
  readonly pathEnv?: string;
  readonly needsNewVenv: boolean;
  readonly poetryInProject: boolean;
}

/** Where the builder's Python packages end up, and whether a venv has to be introduced. */
function pythonEnvironment(instructions: readonly Instruction[], placements: ReadonlyMap<Instruction, Placement>): EnvTarget {
  let venv: string | undefined;
  let target: string | undefined;
  let poetry = false;
  let system = false;
  for (const instr of instructions) {
    if (placements.get(instr)!.to !== 'builder') continue;
    for (const c of instr.run?.commands ?? []) {
      const r = c.recognized;
      if (r?.tool === 'venv' && r.path && !r.path.dynamic) venv ??= resolveInImage(instr.state.workdir, r.path.value);
      if (r?.tool === 'pip' && r.action === 'install') {
        if (r.user) target = instr.state.env.get('PYTHONUSERBASE') ?? '/root/.local';
        else if (r.prefix) target = resolveInImage(instr.state.workdir, r.prefix.value);
        else if (r.target) target = resolveInImage(instr.state.workdir, r.target.value);
        else {
          const exe = /^(.*)\/bin\/pip[0-9.]*$/.exec(r.executable)?.[1];
          if (exe && exe !== '/usr' && exe !== '/usr/local') venv ??= resolveInImage(instr.state.workdir, exe);
          else if (!venv && !instr.state.env.get('VIRTUAL_ENV') && !venvOnPath(instr)) system = true;
        }
      }
      if (r?.tool === 'poetry' && r.action === 'install') {
        const create = instr.state.env.get('POETRY_VIRTUALENVS_CREATE');
        if (create && /^(false|0)$/i.test(create)) system = true;
        else if (!venv) poetry = true;
        if (!venv && poetry) target = resolveInImage(instr.state.workdir, '.venv');
      }
      if (r?.tool === 'uv' && r.action === 'sync') target = instr.state.env.get('UV_PROJECT_ENVIRONMENT') ?? resolveInImage(instr.state.workdir, '.venv');
      if (r?.tool === 'pipenv' && (r.action === 'install' || r.action === 'sync') && r.system) system = true;
    }
  }
  if (target && !venv) return { path: target, pathEnv: `${target}/bin`, needsNewVenv: false, poetryInProject: poetry };
  if (venv) return { path: venv, pathEnv: `${venv}/bin`, needsNewVenv: false, poetryInProject: false };
  if (system) return { path: DEFAULT_VENV, pathEnv: `${DEFAULT_VENV}/bin`, needsNewVenv: true, poetryInProject: false };
  return { needsNewVenv: false, poetryInProject: false };
}

function venvOnPath(instr: Instruction): boolean {
  return /\/(venv|\.venv)[^:]*\/bin/.test(instr.state.env.get('PATH') ?? '');
}

/** Packaging tools installed with pip are not the application's dependencies: the venv starts after them. */
const PACKAGING_TOOLS = new Set(['pip', 'poetry', 'pipenv', 'uv', 'pip-tools', 'wheel', 'setuptools', 'virtualenv']);

function installsPython(instr: Instruction): boolean {
  return (instr.run?.commands ?? []).some((c) => {
    const r = c.recognized;
    if (r?.tool === 'pip' && r.action === 'install') {
      const names = r.packages.map((p) => p.value.replace(/[=<>~\[].*$/, '').toLowerCase());
      return r.requirementFiles.length > 0 || names.some((n) => !PACKAGING_TOOLS.has(n));
    }
    return r?.tool === 'pipenv' || (r?.tool === 'uv' && r.action === 'pip-install') || (r?.tool === 'poetry' && r.action === 'install');
  });
}

function isPoetryInstall(instr: Instruction): boolean {
  return (instr.run?.commands ?? []).some((c) => c.recognized?.tool === 'poetry' && c.recognized.action === 'install');
}

function hasUnknownCommands(instr: Instruction): boolean {
  return (instr.run?.commands ?? []).some((c) => !c.recognized && !COMPILE_COMMANDS.has(c.name.value) && !['set', 'echo', 'true', 'mkdir', 'cd', 'export', '.', 'source'].includes(c.name.value));
}

/** The instruction as written, with `--copies` added to a venv that the runtime stage will copy. */
function withCopies(model: ImageModel, instr: Instruction): string {
  const text = instructionText(model, instr);
  const edits: Array<{ at: number; insert: string }> = [];
  const prefixLen = text.length - rawRange(model, instr).length;
  for (const c of instr.run?.commands ?? []) {
    const r = c.recognized;
    if (r?.tool === 'venv' && !r.copies && r.via !== 'uv' && instr.run?.form !== 'exec') {
      edits.push({ at: r.insertAt - model.lines.offsetAt(instr.range.start) + prefixLen, insert: r.via === 'virtualenv' ? ' --always-copy' : ' --copies' });
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.at);
  return out;
}

function isRuntimeAptOnly(instr: Instruction): boolean {
  const cmds = instr.run?.commands ?? [];
  return cmds.some((c) => c.recognized?.tool === 'apt' && c.recognized.action === 'install') && cmds.every((c) => c.recognized?.tool === 'apt' || c.recognized?.tool === 'rm');
}

/**
 * Packages the runtime stage installs: every non-build package the original installed (minus
 * Node tooling when an asset stage takes over), plus the runtime library of each -dev package,
 * read from the Debian index of the runtime's release; minus what the base already has.
 */
function runtimePackages(
  instructions: readonly Instruction[],
  placements: ReadonlyMap<Instruction, Placement>,
  index: ReturnType<SizeFacts['debian']>,
  basePackages: ReadonlySet<string>,
  hasAssets: boolean,
): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    if (!out.includes(p) && !basePackages.has(p)) out.push(p);
  };
  for (const instr of instructions) {
    if (placements.get(instr)!.to === 'drop') continue;
    for (const c of instr.run?.commands ?? []) {
      const r = c.recognized;
      if (r?.tool !== 'apt' || r.action !== 'install') continue;
      for (const w of r.packages) {
        if (w.dynamic) continue;
        const name = normalizeRequestedName(stripVersion(w.value));
        if (hasAssets && NODE_TOOLS.has(name)) continue;
        if (isDevHeaders(name)) {
          for (const lib of index ? runtimeLibraryFor(index, name) : []) add(lib);
        } else if (!isBuildTool(name)) add(name);
      }
    }
  }
  return out;
}

/** What compile steps in the builder write with `-o`: copied to the runtime stage at the same path. */
function compiledOutputs(instructions: readonly Instruction[], placements: ReadonlyMap<Instruction, Placement>): string[] {
  const out: string[] = [];
  for (const i of instructions) {
    if (placements.get(i)!.to !== 'builder') continue;
    for (const c of i.run?.commands ?? []) {
      if (!COMPILE_COMMANDS.has(c.name.value)) continue;
      const args = c.args.map((a) => a.value);
      const o = args.indexOf('-o');
      if (o >= 0 && args[o + 1]) out.push(resolveInImage(i.state.workdir, args[o + 1]));
    }
  }
  return [...new Set(out)];
}

function nodeVersion(instructions: readonly Instruction[]): string | undefined {
  for (const i of instructions) {
    for (const c of i.run?.commands ?? []) {
      const r = c.recognized;
      if (r?.tool === 'node-version-manager' && r.version) {
        const m = /^v?(\d+)/.exec(r.version);
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

/** Files a front-end build writes: `-o`/`--output` of tailwind, `--out-dir`/`--outdir` of bundlers. */
function assetOutputs(instr: Instruction): string[] {
  const out: string[] = [];
  for (const c of instr.run?.commands ?? []) {
    const args = c.args.map((a) => a.value);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const eq = /^(--output|--out-dir|--outdir|-o)=(.+)$/.exec(a);
      if (eq) out.push(eq[2]);
      else if (['-o', '--output', '--out-dir', '--outdir'].includes(a) && args[i + 1]) out.push(args[i + 1]);
    }
  }
  return out;
}

