import type { ImageModel, Instruction, Stage } from '../model/types';
import { aptListsItem, estimateAptInstall } from './apt-layer';
import { estimateApkAdd } from './apk-layer';
import { estimateBase } from './base-layer';
import type { BuildContextView } from './build-context';
import { estimateNodeInstall } from './node-layer';
import { estimatePip, estimatePipenv, estimatePoetry, estimateUv, estimateVenv, type PythonContext } from './python-layer';
import { normalize, sum, ZERO } from './range';
import { resolvePath, StageState, cleanPath } from './stage-state';
import type { BaseEstimate, EstimateOptions, ImageEstimate, LayerEstimate, LayerItem, SizeFacts, SizeRange, StageEstimate } from './types';

/**
 * Estimates every layer of every stage, then the final image: its base plus the layers of the
 * final stage and the stages it is built on. `COPY --from` adds what the source stage wrote at
 * the copied path, never the source stage's other layers.
 */
export function estimateImage(model: ImageModel, facts: SizeFacts, context?: BuildContextView, options: EstimateOptions = {}): ImageEstimate {
  const states: StageState[] = [];
  const bases: Array<BaseEstimate | undefined> = [];
  const layers: LayerEstimate[] = [];
  const assumptions = new Set<string>();
  if (!context) assumptions.add('no build context: COPY of local files is not sized');

  for (const stage of model.stages) {
    let state: StageState;
    let base: BaseEstimate | undefined;
    if (stage.base.kind === 'stage') {
      state = (states[stage.base.stageIndex] ?? new StageState()).clone();
      base = bases[stage.base.stageIndex];
    } else if (stage.base.kind === 'image') {
      const raw = model.text.slice(model.lines.offsetAt(stage.base.range.start), model.lines.offsetAt(stage.base.range.end));
      const b = estimateBase(stage.base.ref, facts, options, raw);
      base = b.estimate;
      state = new StageState();
      state.family = b.family;
      state.release = b.release;
      state.slim = b.slim;
      state.baseRepository = stage.base.ref.repository;
      for (const p of b.packages) state.installed.add(p);
      if (!b.estimate.known) assumptions.add(`${b.estimate.image}: ${b.estimate.source}`);
    } else {
      state = new StageState();
      state.family = stage.base.kind === 'scratch' ? 'scratch' : 'unknown';
      base = stage.base.kind === 'scratch' ? { image: 'scratch', known: true, bytes: 0, low: 0, high: 0, basis: 'data', source: 'scratch is empty' } : undefined;
    }
    const copied = new Map<string, string>();
    for (const instr of stage.instructions) {
      if (instr.keyword === 'FROM') continue;
      const layer = estimateInstruction(model, stage, instr, state, states, facts, context, copied, assumptions);
      layers.push(layer);
      state.layersHigh += layer.high;
    }
    states[stage.index] = state;
    bases[stage.index] = base;
  }

  // Layers were produced stage by stage, so grouping keeps their order; summing the same
  // layers in the same order gives the same totals as filtering the whole list per stage,
  // which was quadratic in files with hundreds of stages.
  const byStage = model.stages.map((): LayerEstimate[] => []);
  for (const l of layers) byStage[l.stageIndex]?.push(l);
  const stages: StageEstimate[] = model.stages.map((s) => {
    const own = sum(byStage[s.index]);
    const chain = ancestors(model, s.index);
    const chainLayers = sum([...chain].sort((a, b) => a - b).flatMap((i) => byStage[i] ?? []));
    const base = bases[s.index];
    const total = sum([base ?? ZERO, chainLayers]);
    return { index: s.index, name: s.name, role: s.role, base, ownLayers: normalize(own), ...normalize(total) };
  });
  const final = model.finalStage;
  const finalEstimate = final ? stages[final.index] : undefined;
  return {
    finalStage: final?.index,
    base: finalEstimate?.base,
    ...(finalEstimate ? { bytes: finalEstimate.bytes, low: finalEstimate.low, high: finalEstimate.high } : ZERO),
    layers,
    stages,
    assumptions: [...assumptions],
  };
}

function ancestors(model: ImageModel, index: number): number[] {
  const out: number[] = [];
  let s: Stage | undefined = model.stages[index];
  // Each step goes to an earlier stage (FROM only sees those): a linear check, where `includes` was quadratic in the chain.
  while (s && (!out.length || s.index < out[out.length - 1])) {
    out.push(s.index);
    s = s.base.kind === 'stage' ? model.stages[s.base.stageIndex] : undefined;
  }
  return out;
}

function estimateInstruction(
  model: ImageModel,
  stage: Stage,
  instr: Instruction,
  state: StageState,
  states: readonly StageState[],
  facts: SizeFacts,
  context: BuildContextView | undefined,
  copied: Map<string, string>,
  assumptions: Set<string>,
): LayerEstimate {
  const items: LayerItem[] = [];
  const notes: string[] = [];
  if (instr.run) estimateRun(instr, state, facts, context, copied, items, notes);
  else if (instr.copy) estimateCopy(model, instr, state, states, context, copied, items, notes, assumptions);
  const total = normalize(sum(items));
  return {
    instructionIndex: instr.index,
    line: instr.range.start.line + 1,
    instruction: instr.keyword,
    stageIndex: stage.index,
    inFinalImage: stage.inFinalImage,
    ...total,
    items: items.filter((i) => i.high > 0).sort((a, b) => b.bytes - a.bytes).map((i) => ({ ...i, ...normalize(i) })),
    notes,
  };
}

function estimateRun(
  instr: Instruction,
  state: StageState,
  facts: SizeFacts,
  context: BuildContextView | undefined,
  copied: ReadonlyMap<string, string>,
  items: LayerItem[],
  notes: string[],
): void {
  const run = instr.run!;
  let listsPending = false;
  let activeVenv: string | undefined;
  const addedHere = new Map<string, LayerItem[]>();
  const caches = new Map<string, LayerItem[]>();
  const credits: Array<{ path: string; items: LayerItem[] }> = [];
  const listsCached = run.mounts.some((m) => m.type === 'cache' && m.target !== undefined && cleanPath(m.target).startsWith('/var/lib/apt'));
  for (const cmd of run.commands) {
    const r = cmd.recognized;
    const name = cmd.name.value;
    if ((name === '.' || name === 'source') && cmd.args[0]) {
      const m = /^(.*)\/bin\/activate$/.exec(cmd.args[0].value);
      if (m) activeVenv = resolvePath(instr.state.workdir, m[1]);
      continue;
    }
    if (!r) continue;
    const py: PythonContext = { instruction: instr, state, facts, context, activeVenv, copiedFiles: copied };
    switch (r.tool) {
      case 'apt':
        if (r.action === 'update' && !listsCached) listsPending = true;
        else if (r.action === 'install') {
          const res = estimateAptInstall(r, state, facts);
          items.push(...res.items);
          notes.push(...res.notes);
          for (const it of res.items) addedHere.set(it.name.split(' ')[0], [it]);
        } else if (r.action === 'purge' || r.action === 'remove') {
          // Removing what this same RUN installed leaves no bytes; removing older packages saves nothing.
          for (const p of r.packages) {
            const hit = addedHere.get(p.value);
            if (hit) for (const it of hit) items.splice(items.indexOf(it), 1);
          }
        }
        break;
      case 'apk':
        if (r.action === 'add') {
          const res = estimateApkAdd(r, state, facts);
          items.push(...res.items);
          notes.push(...res.notes);
        }
        break;
      case 'venv': {
        const v = estimateVenv(r, py);
        items.push(v.item);
        if (v.path) credits.push({ path: v.path, items: [v.item] });
        break;
      }
      case 'pip':
      case 'poetry':
      case 'uv':
      case 'pipenv': {
        const res =
          r.tool === 'pip' ? (r.action === 'install' ? estimatePip(r, py) : undefined) : r.tool === 'poetry' ? estimatePoetry(r, py) : r.tool === 'uv' ? estimateUv(r, py) : estimatePipenv(r, py);
        if (!res) break;
        const cacheItems = res.items.filter((i) => i.name.includes('cache'));
        const pkgItems = res.items.filter((i) => !i.name.includes('cache'));
        items.push(...res.items);
        notes.push(...res.notes);
        credits.push({ path: res.target, items: pkgItems });
        if (res.cacheDir && cacheItems.length) caches.set(res.cacheDir, cacheItems);
        break;
      }
      case 'node-pm': {
        const res = estimateNodeInstall(r, instr, context);
        if (!res) break;
        items.push(...res.items);
        notes.push(...res.notes);
        credits.push({ path: res.target, items: res.items });
        break;
      }
      case 'rm': {
        for (const p of r.paths) {
          const path = p.value.replace(/\/\*$/, '');
          if (cleanPath(path).startsWith('/var/lib/apt/lists') || cleanPath(path) === '/var/lib/apt') listsPending = false;
          for (const [dir, its] of caches) {
            if (cleanPath(path.replace(/^~/, '/root')) === dir || dir.startsWith(cleanPath(path.replace(/^~/, '/root')) + '/')) {
              for (const it of its) items.splice(items.indexOf(it), 1);
              caches.delete(dir);
            }
          }
        }
        break;
      }
      case 'chown':
      case 'chmod': {
        if (!r.recursive) break;
        // A recursive ownership change copies every file it touches into this layer.
        for (const p of r.paths) {
          const under = state.bytesUnder(resolvePath(instr.state.workdir, p.value));
          if (under && under.high > 0) {
            items.push({ name: `${r.tool} -R ${p.value} copies the files again`, ...under, basis: 'estimate', source: 'the files already added under this path, duplicated in a new layer' });
          }
        }
        break;
      }
      default:
        break;
    }
    if (r.tool === 'pip' && r.action === 'cache-purge') {
      const its = caches.get('/root/.cache/pip');
      if (its) for (const it of its) items.splice(items.indexOf(it), 1);
      caches.delete('/root/.cache/pip');
    }
  }
  if (listsPending) items.push(aptListsItem(state, facts));
  for (const c of credits) {
    const kept = c.items.filter((i) => items.includes(i));
    if (kept.length) state.credit(c.path, sum(kept));
  }
  const unknownCommands = run.commands.filter((c) => !c.recognized && !['.', 'source', 'set', 'echo', 'cd', 'export', 'true', 'mkdir', 'ln', 'test', '['].includes(c.name.value));
  if (unknownCommands.length && run.commands.length) {
    notes.push(`not sized: ${[...new Set(unknownCommands.map((c) => c.name.value))].slice(0, 6).join(', ')}`);
  }
}

function estimateCopy(
  model: ImageModel,
  instr: Instruction,
  state: StageState,
  states: readonly StageState[],
  context: BuildContextView | undefined,
  copied: Map<string, string>,
  items: LayerItem[],
  notes: string[],
  assumptions: Set<string>,
): void {
  const copy = instr.copy!;
  const dest = copy.destination ? resolvePath(instr.state.workdir, copy.destination.value) : instr.state.workdir;
  if (copy.isHeredoc) return;
  if (copy.fromFlag) {
    const src = copy.fromFlag.stageIndex !== undefined ? states[copy.fromFlag.stageIndex] : undefined;
    if (!src) {
      items.push({ name: `from ${copy.fromFlag.value}`, bytes: 0, low: 0, high: 0, basis: 'estimate', source: 'an external image: contents unknown' });
      notes.push(`files copied from the image ${copy.fromFlag.value} are not sized`);
      return;
    }
    const stage = model.stages[copy.fromFlag.stageIndex!];
    let total: SizeRange = ZERO;
    for (const s of copy.sources) {
      const path = resolvePath('/', s.value);
      const under = src.bytesUnder(path);
      if (under) {
        total = sum([total, under]);
        state.credit(destinationFor(dest, path, copy.sources.length, copy.destination?.value), under);
      } else {
        notes.push(`what ${s.value} holds in ${stage.name ? `stage "${stage.name}"` : `stage ${stage.index}`} is not known: up to that stage's layers`);
        total = sum([total, { bytes: 0, low: 0, high: src.layersHigh }]);
      }
    }
    items.push({ name: `${copy.sources.map((s) => s.value).join(' ')} from ${stage.name ?? stage.index}`, ...total, basis: 'estimate', source: 'what the source stage wrote at that path' });
    return;
  }
  if (copy.remote) {
    items.push({ name: copy.sources.map((s) => s.value).join(' '), bytes: 0, low: 0, high: 0, basis: 'estimate', source: 'a download: size unknown' });
    notes.push('ADD of a URL: size unknown');
    return;
  }
  if (!context) {
    assumptions.add('no build context: COPY of local files is not sized');
    return;
  }
  const sources = copy.sources.map((s) => s.value);
  const m = context.measure(sources);
  items.push({
    name: sources.join(' '),
    bytes: m.bytes,
    low: m.bytes,
    high: m.truncated ? m.bytes * 2 : m.bytes,
    basis: 'measured',
    source: `measured in the build context${context.hasDockerignore ? ', .dockerignore applied' : ''}${m.truncated ? ' (walk stopped at its limit: a lower bound)' : ''}`,
  });
  for (const l of m.largest) if (m.largest.length > 1 && l.bytes >= 1e6) notes.push(`${l.path}: ${(l.bytes / 1e6).toFixed(1)} MB`);
  for (const p of m.problems) notes.push(p);
  if (m.ignoredBytes > 0) notes.push(`.dockerignore keeps ${(m.ignoredBytes / 1e6).toFixed(1)} MB out`);
  for (const s of sources) {
    const target = destinationFor(dest, s, sources.length, copy.destination?.value);
    copied.set(target, s.replace(/^\.\//, ''));
  }
  state.credit(sources.length === 1 ? destinationFor(dest, sources[0], 1, copy.destination?.value) : dest, { bytes: m.bytes, low: m.bytes, high: m.bytes });
}

/** `COPY a.txt /dir/` puts a.txt in /dir; `COPY a.txt /dir/b.txt` renames; several sources always go into the folder. */
function destinationFor(dest: string, source: string, count: number, rawDest: string | undefined): string {
  const intoDir = count > 1 || (rawDest ?? '').endsWith('/') || rawDest === '.' || rawDest === './';
  const name = source.replace(/\/+$/, '').split('/').pop() ?? '';
  if (!intoDir || !name || name === '.') return dest;
  return cleanPath(`${dest}/${name}`);
}

