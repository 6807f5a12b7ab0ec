import { analyze, type AnalysisOptions } from '../analyze';
import type { ShellParser } from '../shell/syntax';
import { applyEdits } from './apply-edits';

export interface FixAllResult {
  readonly text: string;
  readonly appliedFixes: ReadonlyArray<{ readonly ruleId: string; readonly title: string; readonly line: number }>;
}

const MAX_PASSES = 8;

/**
 * Applies fixes until none is left: the rules named (all their fixes), or every safe fix when
 * none is named. Each pass re-analyses, so fixes that touch the same line land one after another.
 */
export function fixAll(text: string, shell: ShellParser, ruleIds: readonly string[], options: AnalysisOptions = {}): FixAllResult {
  const applied: Array<{ ruleId: string; title: string; line: number }> = [];
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { findings } = analyze(current, shell, options);
    const chosen = findings
      .filter((f) => (ruleIds.length ? ruleIds.includes(f.ruleId) : true))
      .map((f) => ({ f, fix: (f.fixes ?? []).find((x) => (ruleIds.length ? true : x.safety === 'safe')) }))
      .filter((x): x is { f: typeof x.f; fix: NonNullable<typeof x.fix> } => x.fix !== undefined);
    if (!chosen.length) break;
    const result = applyEdits(current, chosen.flatMap((c) => c.fix.edits));
    if (result.text === current) break;
    // Overlapping edits are skipped by applyEdits and land on a later pass; dedupe keeps one record each.
    for (const c of chosen) applied.push({ ruleId: c.f.ruleId, title: c.fix.title, line: c.f.range.start.line + 1 });
    current = result.text;
  }
  return { text: current, appliedFixes: dedupe(applied) };
}

function dedupe<T extends { ruleId: string; title: string; line: number }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.ruleId}|${x.title}|${x.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
