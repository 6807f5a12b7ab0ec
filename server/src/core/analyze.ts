import type { BuildContextView } from './estimate/build-context';
import { estimateImage } from './estimate/estimate-image';
import type { EstimateOptions, ImageEstimate, SizeFacts } from './estimate/types';
import { buildModel } from './model/build-model';
import type { ImageModel, ModelOptions } from './model/types';
import { ALL_RULES } from './rules';
import { applyPolicy, type PolicedFinding, type RulePolicy } from './rules/policy';
import type { Finding, Fix, Rule } from './rules/types';
import type { ShellParser } from './shell/syntax';
import { compareRanges, type Range } from './text/line-index';

export interface AnalysisOptions extends ModelOptions, RulePolicy, EstimateOptions {
  readonly ruleSet?: readonly Rule[];
  readonly facts?: SizeFacts;
  readonly buildContext?: BuildContextView;
  /** YYYY-MM-DD; defaults to the current date. */
  readonly today?: string;
  /**
   * The model of this document's previous version: instructions an edit did not touch are kept
   * from it instead of parsed again (the result is the same as without it).
   */
  readonly previous?: ImageModel;
}

export interface Analysis {
  readonly model: ImageModel;
  readonly findings: readonly PolicedFinding[];
  /** The size estimate when a rule or caller needed it (computed at most once per analysis). */
  estimate(): ImageEstimate | undefined;
  /** Rules that threw: reported, never allowed to take the analysis down. */
  readonly internalErrors: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

export function analyze(text: string, shell: ShellParser, options: AnalysisOptions = {}): Analysis {
  const model = buildModel(text, shell, options, options.previous);
  const rules = options.ruleSet ?? ALL_RULES;
  const raw: Finding[] = [];
  const internalErrors: Array<{ ruleId: string; message: string }> = [];
  let estimate: ImageEstimate | undefined | null = null;
  const lazyEstimate = (): ImageEstimate | undefined => {
    if (estimate === null) estimate = options.facts ? estimateImage(model, options.facts, options.buildContext, options) : undefined;
    return estimate;
  };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const ctx = { model, facts: options.facts, buildContext: options.buildContext, estimate: lazyEstimate, today };
  for (const rule of rules) {
    if (options.rules?.[rule.meta.id] === 'off') continue;
    try {
      raw.push(...rule.check(ctx));
    } catch (e) {
      internalErrors.push({ ruleId: rule.meta.id, message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  const findings = applyPolicy(model, rules, demoteFixesInUnreadScripts(model, raw), options).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  return { model, findings, internalErrors, estimate: lazyEstimate };
}

/**
 * A RUN script the shell parser could not read (an unterminated quote, a stray `fi`) hides where
 * its commands really end: an edit placed after "the last command" can land inside a string, so
 * the finding survives and every "fix all" appends the edit again. Such fixes are still offered
 * as quick fixes, never applied unattended.
 */
function demoteFixesInUnreadScripts(model: ImageModel, findings: Finding[]): Finding[] {
  const unread = model.instructions.filter((i) => i.run?.hasSyntaxErrors).map((i) => i.range);
  if (!unread.length) return findings;
  const inside = (r: Range) => unread.some((u) => compareRanges({ start: u.start, end: u.start }, r) <= 0 && compareRanges({ start: r.end, end: r.end }, { start: u.end, end: u.end }) <= 0);
  const risky = (fix: Fix) => fix.safety === 'safe' && fix.edits.some((e) => inside(e.range));
  return findings.map((f) => (f.fixes?.some(risky) ? { ...f, fixes: f.fixes.map((x) => (risky(x) ? { ...x, safety: 'suggestion' as const } : x)) } : f));
}
