import { buildModel } from './model/build-model';
import type { ImageModel, ModelOptions } from './model/types';
import { ALL_RULES } from './rules';
import { applyPolicy, type PolicedFinding, type RulePolicy } from './rules/policy';
import type { Finding, Rule } from './rules/types';
import type { ShellParser } from './shell/syntax';

export interface AnalysisOptions extends ModelOptions, RulePolicy {
  readonly ruleSet?: readonly Rule[];
}

export interface Analysis {
  readonly model: ImageModel;
  readonly findings: readonly PolicedFinding[];
  /** Rules that threw: reported, never allowed to take the analysis down. */
  readonly internalErrors: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

export function analyze(text: string, shell: ShellParser, options: AnalysisOptions = {}): Analysis {
  const model = buildModel(text, shell, options);
  const rules = options.ruleSet ?? ALL_RULES;
  const raw: Finding[] = [];
  const internalErrors: Array<{ ruleId: string; message: string }> = [];
  for (const rule of rules) {
    if (options.rules?.[rule.meta.id] === 'off') continue;
    try {
      raw.push(...rule.check({ model }));
    } catch (e) {
      internalErrors.push({ ruleId: rule.meta.id, message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  const findings = applyPolicy(model, rules, raw, options).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId),
  );
  return { model, findings, internalErrors };
}
