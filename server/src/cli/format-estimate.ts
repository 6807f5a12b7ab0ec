import type { ImageModel } from '../core/model/types';
import { formatBytes, formatRange } from '../core/estimate/range';
import type { ImageEstimate } from '../core/estimate/types';

/** `dockerlean estimate --format json`: the contract other tools read. Extend, never rename. */
export function estimateToJson(file: string, model: ImageModel, e: ImageEstimate): unknown {
  const final = e.finalStage !== undefined ? model.stages[e.finalStage] : undefined;
  return {
    file,
    finalStage: final ? (final.name ?? final.index) : null,
    totalBytes: e.bytes,
    lowBytes: e.low,
    highBytes: e.high,
    base: e.base ? { image: e.base.image, bytes: e.base.bytes, source: e.base.source, known: e.base.known, lowBytes: e.base.low, highBytes: e.base.high } : null,
    layers: e.layers.map((l) => ({
      line: l.line,
      instruction: l.instruction,
      stage: model.stages[l.stageIndex]?.name ?? l.stageIndex,
      inFinalImage: l.inFinalImage,
      bytes: l.bytes,
      lowBytes: l.low,
      highBytes: l.high,
      items: l.items.map((i) => ({ name: i.name, bytes: i.bytes, lowBytes: i.low, highBytes: i.high, basis: i.basis, source: i.source })),
      notes: l.notes,
    })),
    stages: e.stages.map((s) => ({ index: s.index, name: s.name ?? null, role: s.role, bytes: s.bytes, lowBytes: s.low, highBytes: s.high })),
    assumptions: e.assumptions,
  };
}

export function estimateToText(file: string, model: ImageModel, e: ImageEstimate): string {
  const out: string[] = [];
  const final = e.finalStage !== undefined ? model.stages[e.finalStage] : undefined;
  out.push(`${file}: final image ≈ ${formatRange(e)}${final?.name ? ` (stage ${final.name})` : ''}`);
  if (e.base) out.push(`  base ${e.base.image}: ${e.base.known ? formatRange(e.base) : 'unknown'} — ${e.base.source}`);
  for (const l of e.layers) {
    if (!l.inFinalImage || l.high < 1e5) continue;
    out.push(`  line ${String(l.line).padStart(4)}  ${l.instruction.padEnd(5)} +${formatRange(l)}`);
    for (const i of l.items.slice(0, 4)) out.push(`      ${formatBytes(i.bytes).padStart(8)}  ${i.name}`);
    for (const n of l.notes) out.push(`      note: ${n}`);
  }
  const others = e.layers.filter((l) => !l.inFinalImage && l.high >= 1e5);
  if (others.length) out.push(`  (${others.length} layer(s) in build stages not counted: they do not reach the final image)`);
  for (const a of e.assumptions) out.push(`  assumption: ${a}`);
  return out.join('\n') + '\n';
}
