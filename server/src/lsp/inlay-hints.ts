import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver/node';
import type { Analysis } from '../core/analyze';
import { formatBytes, formatRange } from '../core/estimate/range';
import type { ImageEstimate } from '../core/estimate/types';

/** Layers smaller than this get no inline cost: metadata and small files would only add noise. */
export const INLINE_COST_THRESHOLD = 1e6;

/** "+172 MB" after each instruction that adds at least 1 MB; build-stage layers say they do not ship. */
export function inlayHints(analysis: Analysis, estimate: ImageEstimate, range: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  const model = analysis.model;
  for (const layer of estimate.layers) {
    if (layer.bytes < INLINE_COST_THRESHOLD) continue;
    const instr = model.instructions[layer.instructionIndex];
    if (!instr || instr.range.end.line < range.start.line || instr.range.start.line > range.end.line) continue;
    const end = instr.range.end;
    hints.push({
      position: { line: end.line, character: model.lines.lineText(end.line).length },
      label: layer.inFinalImage ? `+${formatBytes(layer.bytes)}` : `+${formatBytes(layer.bytes)} (build stage)`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `${formatRange(layer)}${layer.items[0] ? ` — mostly ${layer.items[0].name}` : ''}`,
    });
  }
  return hints;
}
