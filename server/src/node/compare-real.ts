import * as fs from 'node:fs';
import { estimateImage } from '../core/estimate/estimate-image';
import { matchHistory } from '../core/estimate/match-history';
import type { SizeFacts } from '../core/estimate/types';
import { buildModel } from '../core/model/build-model';
import type { ShellParser } from '../core/shell/syntax';
import { openBuildContext } from './build-context';
import { buildImage, engineUnavailable, imageBytes, imageHistory } from './docker-compare';

export interface RealComparison {
  readonly image: string;
  readonly built: boolean;
  readonly total: { readonly estimate: number; readonly low: number; readonly high: number; readonly real?: number };
  readonly layers: ReadonlyArray<{ line: number; instruction: string; estimate: number; low: number; high: number; real: number }>;
}

/**
 * Estimate vs reality for one Dockerfile: builds it (or takes an existing image) on the engine
 * the docker CLI reaches, reads `docker history`, and pairs each layer with its instruction.
 */
export async function compareWithReal(
  opts: { file: string; context: string; image?: string; target?: string },
  shell: ShellParser,
  facts: SizeFacts,
): Promise<RealComparison | { error: string }> {
  const why = await engineUnavailable();
  if (why) return { error: `no comparison: ${why}` };
  let text: string;
  try {
    text = fs.readFileSync(opts.file, 'utf8');
  } catch (e) {
    return { error: `${opts.file}: ${(e as Error).message}` };
  }
  let ref = opts.image;
  if (!ref) {
    const built = await buildImage(opts.file, opts.context, opts.target);
    if ('error' in built) return built;
    ref = built.ref;
  }
  const history = await imageHistory(ref);
  if ('error' in history) return history;
  const model = buildModel(text, shell, { target: opts.target });
  const estimate = estimateImage(model, facts, openBuildContext(opts.context));
  const layers = matchHistory(model, history).map((m) => {
    const est = estimate.layers.find((l) => l.instructionIndex === m.instruction.index);
    return {
      line: m.instruction.range.start.line + 1,
      instruction: m.instruction.keyword,
      estimate: est?.bytes ?? 0,
      low: est?.low ?? 0,
      high: est?.high ?? 0,
      real: m.real.bytes,
    };
  });
  return {
    image: ref,
    built: !opts.image,
    total: { estimate: estimate.bytes, low: estimate.low, high: estimate.high, real: await imageBytes(ref) },
    layers,
  };
}
