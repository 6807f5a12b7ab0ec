// Real per-instruction layer sizes of a Dockerfile, to hold dockerlean's estimates against.
//
// The classic builder prints "Step N/M : <instruction>" and the image it committed after each step,
// so every instruction of every stage is tied to an image whose newest history entry is the layer
// that instruction added. For the final stage the result is cross-checked the way one would read it
// off the finished image: its history minus as many entries as the base image has.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildStep, Engine } from './engine';

export interface DockerfileInstruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... */
  keyword: string;
  /** Continuation lines joined, comment lines inside them dropped. */
  text: string;
  /** 1-based line of the keyword, and of the instruction's last line. */
  line: number;
  endLine: number;
  /** Stage index; null for ARGs before the first FROM. */
  stage: number | null;
}

export interface DockerfileStage {
  index: number;
  name?: string;
  /** The FROM reference with global ARG defaults substituted. */
  from: string;
  /** Set when FROM names an earlier stage. */
  fromStage?: number;
  line: number;
}

export interface ParsedDockerfile {
  instructions: DockerfileInstruction[];
  stages: DockerfileStage[];
}

/**
 * A small parser with the classic builder's view of lines: parser directives (only `escape`
 * matters), comments, and escape-continued lines. Heredocs are not supported by that builder and
 * so not here.
 */
export function parseDockerfile(source: string): ParsedDockerfile {
  const lines = source.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Directives are only recognised before the first other line, comment or blank.
  for (; i < lines.length; i++) {
    const d = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(lines[i]);
    if (!d) break;
    if (d[1].toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\')) escape = d[2];
  }
  const instructions: DockerfileInstruction[] = [];
  const stages: DockerfileStage[] = [];
  const globalArgs = new Map<string, string>();
  for (; i < lines.length; i++) {
    const first = lines[i];
    if (/^\s*(#|$)/.test(first)) continue;
    const start = i;
    let text = '';
    let cur = first;
    for (;;) {
      const trimmed = cur.replace(/\s+$/, '');
      if (trimmed.endsWith(escape) && i + 1 < lines.length) {
        text += trimmed.slice(0, -1);
        i++;
        // Comment lines inside a continuation are dropped, blank ones tolerated.
        while (i + 1 < lines.length && /^\s*#/.test(lines[i])) i++;
        cur = lines[i];
        continue;
      }
      text += trimmed.endsWith(escape) ? trimmed.slice(0, -1) : trimmed;
      break;
    }
    text = text.trim();
    const keyword = (/^(\S+)/.exec(text)?.[1] ?? '').toUpperCase();
    if (keyword === 'FROM') {
      const words = text.split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
      const ref = substitute(words[0] ?? '', globalArgs);
      const name = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
      const fromStage = stages.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === ref.toLowerCase());
      stages.push({ index: stages.length, name, from: ref, fromStage: fromStage >= 0 ? fromStage : undefined, line: start + 1 });
    } else if (keyword === 'ARG' && stages.length === 0) {
      for (const decl of text.split(/\s+/).slice(1)) {
        const eq = decl.indexOf('=');
        if (eq > 0) globalArgs.set(decl.slice(0, eq), unquote(decl.slice(eq + 1)));
        else globalArgs.set(decl, '');
      }
    }
    instructions.push({ keyword, text, line: start + 1, endLine: i + 1, stage: stages.length ? stages.length - 1 : null });
  }
  return { instructions, stages };
}

const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');

function substitute(s: string, vars: Map<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, op, word, b) => {
    const v = vars.get(a ?? b);
    if (op === '-') return v ? v : word;
    if (op === '+') return v ? word : '';
    return v ?? '';
  });
}

/** Base images the Dockerfile pulls in (not `scratch`, not earlier stages), in first-use order. */
export function externalBaseImages(parsed: ParsedDockerfile): string[] {
  const refs = parsed.stages.filter((s) => s.fromStage === undefined && s.from.toLowerCase() !== 'scratch').map((s) => s.from);
  return [...new Set(refs)];
}

export interface MeasuredLayer {
  /** null for ARGs before the first FROM. */
  stage: number | null;
  stageName?: string;
  keyword: string;
  text: string;
  line: number;
  endLine: number;
  /** from: the stage's starting image (size = that whole image); layer: what the step added;
   *  global-arg: an ARG before the first FROM, which makes no image. */
  kind: 'from' | 'layer' | 'global-arg';
  sizeBytes: number;
  /** The history entry's CreatedBy ("/bin/sh -c #(nop) ..." for metadata-only steps). */
  createdBy?: string;
  imageId?: string;
  cached: boolean;
}

export interface MeasuredStage {
  index: number;
  name?: string;
  from: string;
  fromStage?: number;
  baseImageId?: string;
  baseSizeBytes?: number;
  baseHistoryEntries?: number;
  /** The image after the stage's last built step. */
  imageId?: string;
  sizeBytes?: number;
  final: boolean;
}

export interface LayerMeasurement {
  dockerfile: string;
  context: string;
  target?: string;
  tag: string;
  engine: { serverVersion: string; owned: boolean };
  buildMs: number;
  image: { id: string; sizeBytes: number };
  stages: MeasuredStage[];
  layers: MeasuredLayer[];
  /** The final image's history read the plain way: its entries minus the base image's entries,
   *  one per final-stage instruction, with the same sizes as the per-step reading. */
  finalHistoryCheck: {
    historyEntries: number;
    baseEntries: number;
    instructionEntries: number;
    consistent: boolean;
  };
}

export interface MeasureOptions {
  dockerfile: string;
  /** Build context; defaults to the Dockerfile's directory. */
  context?: string;
  target?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  /** Keep the built image (default: removed after measuring). */
  keepImage?: boolean;
}

export async function measureLayers(engine: Engine, opts: MeasureOptions): Promise<LayerMeasurement> {
  const dockerfile = path.resolve(opts.dockerfile);
  const context = path.resolve(opts.context ?? path.dirname(dockerfile));
  const parsed = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'));
  const tag = opts.tag ?? `dockerlean-measure:${process.pid}-${Date.now().toString(36)}`;
  const built = await engine.build(context, tag, { dockerfile, target: opts.target, buildArgs: opts.buildArgs });
  try {
    return await readMeasurement(engine, parsed, built.steps, {
      dockerfile,
      context,
      target: opts.target,
      tag,
      buildMs: built.ms,
    });
  } finally {
    if (!opts.keepImage) await engine.removeImages([tag]);
  }
}

async function readMeasurement(
  engine: Engine,
  parsed: ParsedDockerfile,
  steps: BuildStep[],
  meta: { dockerfile: string; context: string; target?: string; tag: string; buildMs: number },
): Promise<LayerMeasurement> {
  if (steps.length === 0) throw new Error('the build printed no "Step N/M" lines: is this the classic builder?');
  // With --target the builder drops the stages after the target, so it counts a prefix.
  const expected = parsed.instructions.length;
  if (meta.target ? steps[0].total > expected : steps[0].total !== expected) {
    throw new Error(`the builder counted ${steps[0].total} instructions, the parser ${expected}`);
  }
  const layers: MeasuredLayer[] = [];
  const stages: MeasuredStage[] = parsed.stages.map((s) => ({ ...s, final: false }));
  for (const [n, step] of steps.entries()) {
    const ins = parsed.instructions[n];
    const stepKeyword = (/^(\S+)/.exec(step.text)?.[1] ?? '').toUpperCase();
    if (stepKeyword !== ins.keyword) {
      throw new Error(`step ${step.index} is "${step.text}" but line ${ins.line} is ${ins.keyword}: parser and builder disagree`);
    }
    const stage = ins.stage === null ? undefined : stages[ins.stage];
    const base = { stage: ins.stage, stageName: stage?.name, keyword: ins.keyword, text: ins.text, line: ins.line, endLine: ins.endLine, cached: step.cached };
    if (!step.imageId) {
      if (ins.stage !== null) throw new Error(`step ${step.index} (${step.text}) produced no image`);
      layers.push({ ...base, kind: 'global-arg', sizeBytes: 0 });
      continue;
    }
    if (ins.keyword === 'FROM') {
      const h = await engine.history(step.imageId);
      const size = await engine.imageSize(step.imageId);
      Object.assign(stage!, { baseImageId: step.imageId, baseSizeBytes: size, baseHistoryEntries: h.length, imageId: step.imageId, sizeBytes: size });
      layers.push({ ...base, kind: 'from', sizeBytes: size, imageId: step.imageId });
      continue;
    }
    const h = await engine.history(step.imageId);
    const top = h[h.length - 1];
    layers.push({ ...base, kind: 'layer', sizeBytes: top.sizeBytes, createdBy: top.createdBy, imageId: step.imageId });
    stage!.imageId = step.imageId;
  }
  for (const s of stages) if (s.imageId && s.sizeBytes !== undefined && s.imageId !== s.baseImageId) s.sizeBytes = await engine.imageSize(s.imageId);

  const finalStage = stages[parsed.instructions[steps.length - 1].stage ?? 0];
  finalStage.final = true;
  const finalLayers = layers.filter((l) => l.stage === finalStage.index && l.kind === 'layer');
  const history = await engine.history(meta.tag);
  const baseEntries = finalStage.baseHistoryEntries ?? 0;
  const own = history.slice(baseEntries);
  const consistent = own.length === finalLayers.length && own.every((e, k) => e.sizeBytes === finalLayers[k].sizeBytes);
  const info = await engine.docker(['image', 'inspect', '--format', '{{.Id}} {{.Size}}', meta.tag], { check: true });
  const [id, size] = info.stdout.trim().split(' ');
  return {
    ...meta,
    engine: { serverVersion: engine.serverVersion, owned: engine.owned },
    image: { id, sizeBytes: Number(size) },
    stages,
    layers,
    finalHistoryCheck: { historyEntries: history.length, baseEntries, instructionEntries: finalLayers.length, consistent },
  };
}
