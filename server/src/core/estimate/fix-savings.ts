import type { Analysis } from '../analyze';
import { applyEdits } from '../fix/apply-edits';
import type { ImageEstimate, SizeRange } from './types';

export interface FixSaving extends SizeRange {
  readonly ruleId: string;
  readonly title: string;
  /** 1-based line of the finding. */
  readonly line: number;
}

/**
 * What each offered fix would save: the fix is applied to a copy of the text and the image
 * re-estimated. Fixes that do not change the final image's size are left out.
 */
export function fixSavings(analysis: Analysis, current: ImageEstimate, reestimate: (text: string) => ImageEstimate | undefined): FixSaving[] {
  const out: FixSaving[] = [];
  const seen = new Set<string>();
  for (const f of analysis.findings) {
    const fix = f.fixes?.[0];
    if (!fix) continue;
    const key = `${f.ruleId}:${f.range.start.line}:${fix.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = applyEdits(analysis.model.text, fix.edits).text;
    const after = reestimate(text);
    if (!after) continue;
    const saved = current.bytes - after.bytes;
    if (Math.abs(saved) < 1e5) continue;
    out.push({
      ruleId: f.ruleId,
      title: fix.title,
      line: f.range.start.line + 1,
      bytes: saved,
      // Both estimates share most of their uncertainty; the difference of the bounds is the honest spread.
      low: Math.min(saved, current.low - after.low, current.high - after.high),
      high: Math.max(saved, current.low - after.low, current.high - after.high),
    });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
