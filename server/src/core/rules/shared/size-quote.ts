import { formatBytes, formatRange, sum } from '../../estimate/range';
import type { ImageEstimate, LayerEstimate, LayerItem, SizeRange } from '../../estimate/types';
import type { RuleContext } from '../types';

/**
 * Size findings quote their cost once size data is available ("… ≈ 249 MB"). Without an
 * estimate every helper here returns undefined and the rule's message stays as it was.
 */

/** The estimate, or undefined when there is no size data (or computing it failed). */
export function estimateOf(ctx: RuleContext): ImageEstimate | undefined {
  if (!ctx.facts) return undefined;
  try {
    return ctx.estimate();
  } catch {
    return undefined;
  }
}

export function layerOf(ctx: RuleContext, instructionIndex: number): LayerEstimate | undefined {
  return estimateOf(ctx)?.layers.find((l) => l.instructionIndex === instructionIndex);
}

/** `≈ 249 MB`, or `≈ 249 MB (180–320 MB)` when the range is wide (the ends more than ±25% apart). */
export function approx(r: SizeRange): string {
  const wide = r.high - r.low > 0.5 * Math.max(r.bytes, 1);
  return `≈ ${wide ? formatRange(r) : formatBytes(r.bytes)}`;
}

/** The figures behind a quote, for `Finding.data`: tests and JSON consumers need not parse prose. */
export function sizeData(r: SizeRange, prefix = 'bytes'): Record<string, number> {
  return { [prefix]: Math.round(r.bytes), [`${prefix}Low`]: Math.round(r.low), [`${prefix}High`]: Math.round(r.high) };
}

/** The sum of items, or undefined when there are none or they weigh nothing at all. */
export function total(items: readonly LayerItem[]): SizeRange | undefined {
  if (!items.length) return undefined;
  const s = sum(items);
  return s.high > 0 ? s : undefined;
}
