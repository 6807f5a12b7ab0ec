import { analyze, type AnalysisOptions } from '../analyze';
import { fixAll } from '../fix/fix-all';
import { buildModel } from '../model/build-model';
import type { ShellParser } from '../shell/syntax';
import type { SizeRange } from '../estimate/types';
import { estimateImage } from '../estimate/estimate-image';
import { splitBuildRuntime, type SplitOutcome } from './split-build-runtime';

export interface SplitPreview {
  readonly text: string;
  readonly notes: readonly string[];
  readonly before?: SizeRange;
  readonly after?: SizeRange;
}

/** Rules whose fixes the split applies to its own output, so the result passes them. */
const SELF_CHECK = ['missing-runtime-library', 'venv-without-copies'];

/**
 * The split refactor end to end: rewrite, then let dockerlean's own rules finish the job
 * (runtime libraries the static mapping of Python packages knows about), and estimate both.
 */
export function splitDockerfile(text: string, shell: ShellParser, options: AnalysisOptions = {}): SplitOutcome & { preview?: SplitPreview } {
  const model = buildModel(text, shell, options);
  const outcome = splitBuildRuntime(model, options.facts);
  if (!outcome.ok) return outcome;
  const fixed = fixAll(outcome.result.text, shell, SELF_CHECK, options);
  const notes = [...outcome.result.notes];
  for (const f of fixed.appliedFixes) notes.push(`${f.title} (${f.ruleId})`);
  let before: SizeRange | undefined;
  let after: SizeRange | undefined;
  if (options.facts) {
    const b = estimateImage(model, options.facts, options.buildContext, options);
    const a = estimateImage(buildModel(fixed.text, shell, options), options.facts, options.buildContext, options);
    before = { bytes: b.bytes, low: b.low, high: b.high };
    after = { bytes: a.bytes, low: a.low, high: a.high };
  }
  // The result must itself be clean of the problems the split exists to solve.
  const check = analyze(fixed.text, shell, { ...options, rules: {} });
  const left = check.findings.filter((f) => ['build-tools-in-final-image', 'missing-runtime-library', 'final-stage-inherits-build-stage'].includes(f.ruleId));
  for (const f of left) notes.push(`still reported after the split: ${f.ruleId} at line ${f.range.start.line + 1}`);
  return { ...outcome, result: { text: fixed.text, notes }, preview: { text: fixed.text, notes, before, after } };
}
