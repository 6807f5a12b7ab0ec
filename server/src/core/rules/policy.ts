import type { ImageModel } from '../model/types';
import type { Finding, Rule, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface RulePolicy {
  /** Per-rule severity override or 'off'. Unknown ids are ignored. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface PolicedFinding extends Finding {
  readonly severity: Severity;
}

const PRAGMA = /^#\s*(dockerlean|hadolint)\s+ignore\s*=\s*([A-Za-z0-9_,\s-]+)/i;

/**
 * Applied once after all rules ran (rules stay pure): settings turn rules off or change their
 * severity; `# dockerlean ignore=<id>` and `# hadolint ignore=DLxxxx` on the lines right above
 * an instruction silence findings that start inside it.
 */
export function applyPolicy(model: ImageModel, rules: readonly Rule[], findings: readonly Finding[], policy: RulePolicy): PolicedFinding[] {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const ignored = pragmaIgnores(model, rules);
  const out: PolicedFinding[] = [];
  for (const f of findings) {
    const rule = byId.get(f.ruleId);
    const setting = policy.rules?.[f.ruleId];
    if (setting === 'off') continue;
    const instr = instructionOnLine(model, f.range.start.line);
    if (instr && ignored.get(instr.index)?.has(f.ruleId)) continue;
    const severity = setting ?? lessSevere(f.severity, rule?.meta.defaultSeverity ?? 'warning');
    out.push({ ...f, severity });
  }
  return out;
}

/**
 * The first instruction (in file order) whose lines include `line`. Instructions are in line
 * order, so a binary search finds it; a linear scan per finding made large files quadratic.
 */
function instructionOnLine(model: ImageModel, line: number): ImageModel['instructions'][number] | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].range.start.line <= line) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Step back over earlier instructions that reach this line too (ranges ending where the next starts).
  while (at > 0 && list[at - 1].range.end.line >= line) at--;
  for (let k = at; k >= 0 && k < list.length && list[k].range.start.line <= line; k++) if (line <= list[k].range.end.line) return list[k];
  return undefined;
}

/** A rule that reports at information on its own means it is unsure; a user setting still wins. */
function lessSevere(own: Severity | undefined, dflt: Severity): Severity {
  if (!own) return dflt;
  const order: Severity[] = ['error', 'warning', 'information', 'hint'];
  return order.indexOf(own) > order.indexOf(dflt) ? own : dflt;
}

function pragmaIgnores(model: ImageModel, rules: readonly Rule[]): Map<number, Set<string>> {
  const hadolintToIds = new Map<string, string[]>();
  for (const r of rules) for (const h of r.meta.hadolint ?? []) hadolintToIds.set(h.toUpperCase(), [...(hadolintToIds.get(h.toUpperCase()) ?? []), r.meta.id]);
  const out = new Map<number, Set<string>>();
  // Most files carry no pragma at all: one search of the text spares a look above every instruction.
  if (!/ignore/i.test(model.text)) return out;
  for (const instr of model.instructions) {
    const ids = new Set<string>();
    // Walk up over the comment block directly above the instruction.
    for (let line = instr.range.start.line - 1; line >= 0; line--) {
      const text = model.lines.lineText(line).trim();
      if (!text.startsWith('#')) break;
      const m = PRAGMA.exec(text);
      if (!m) continue;
      for (const raw of m[2].split(',')) {
        const id = raw.trim();
        if (!id) continue;
        if (m[1].toLowerCase() === 'hadolint') for (const mapped of hadolintToIds.get(id.toUpperCase()) ?? []) ids.add(mapped);
        else ids.add(id);
      }
    }
    if (ids.size) out.set(instr.index, ids);
  }
  return out;
}
