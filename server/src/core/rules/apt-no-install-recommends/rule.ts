import { estimateBase } from '../../estimate/base-layer';
import { normalizeRequestedName, resolveAptInstall } from '../../size/apt-resolve';
import { ancestry } from '../../model/stage-graph';
import { commandsOf, inFinalImage, rootStage } from '../../model/queries';
import type { ImageModel, Instruction, Stage } from '../../model/types';
import type { AptCommand } from '../../shell/recognized';
import { approx, estimateOf, sizeData } from '../shared/size-quote';
import type { Finding, Rule, RuleContext } from '../types';

export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends',
    title: 'apt-get install without --no-install-recommends',
    description: 'Without --no-install-recommends apt also installs every recommended package, often doubling a layer.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'suggestion',
    hadolint: ['DL3015'],
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    for (const site of commandsOf(model, 'apt', inFinalImage)) {
      const apt = site.recognized;
      if (apt.action !== 'install' || apt.noInstallRecommends || apt.packages.length === 0) continue;
      const verb = site.command.args.find((a) => a.value === 'install');
      if (!verb) continue;
      const isExec = site.instruction.run?.form === 'exec';
      const rec = recommendedCost(ctx, site.stage, site.instruction, apt);
      findings.push({
        ruleId: 'apt-no-install-recommends',
        message:
          'apt-get installs recommended packages as well unless told not to; add `--no-install-recommends` and name the few recommended packages you really need.' +
          (rec ? ` Here that is ${rec.count} recommended package${rec.count === 1 ? '' : 's'} and their dependencies: ${approx(rec)}.` : ''),
        range: { start: site.command.name.range.start, end: verb.range.end },
        fixes: [
          {
            title: 'Add --no-install-recommends',
            edits: [{ range: { start: verb.range.end, end: verb.range.end }, newText: isExec ? ', "--no-install-recommends"' : ' --no-install-recommends' }],
            // A recommended package can be one the application needs (ca-certificates for curl): review it.
            safety: 'suggestion',
          },
        ],
        ...(rec ? { data: { ...sizeData(rec), recommendedPackages: rec.count } } : {}),
      });
    }
    return findings;
  },
};

/**
 * What the recommends add: the install resolved with and without them against the packages the
 * base image and earlier apt installs in the stage chain already have, corrected to bytes on
 * disk as the estimate does. Undefined without size data or a Debian index for the release.
 */
function recommendedCost(ctx: RuleContext, stage: Stage, instr: Instruction, apt: AptCommand) {
  const facts = ctx.facts;
  if (!facts || !estimateOf(ctx)) return undefined;
  const model: ImageModel = ctx.model;
  const root = rootStage(model, stage);
  if (root.base.kind !== 'image') return undefined;
  const raw = model.text.slice(model.lines.offsetAt(root.base.range.start), model.lines.offsetAt(root.base.range.end));
  const base = estimateBase(root.base.ref, facts, {}, raw);
  if (base.family === 'alpine') return undefined;
  const release = base.release ?? 'bookworm';
  const index = facts.debian(release);
  if (!index) return undefined;
  const installed = new Set(base.packages);
  // Earlier installs in the chain, as the build runs them (with recommends unless told otherwise).
  const chain = new Set(ancestry(model.stages, stage.index));
  for (const s of model.stages) {
    if (!chain.has(s.index)) continue;
    for (const i of s.instructions) {
      if (i.index >= instr.index) continue;
      for (const c of i.run?.commands ?? []) {
        const r = c.recognized;
        if (r?.tool !== 'apt' || r.action !== 'install') continue;
        const names = r.packages.filter((p) => !p.dynamic).map((p) => normalizeRequestedName(p.value));
        for (const p of resolveAptInstall(index, names, { installRecommends: !r.noInstallRecommends }, installed).added) installed.add(p.name);
      }
    }
  }
  const names = apt.packages.filter((p) => !p.dynamic).map((p) => normalizeRequestedName(p.value));
  if (!names.length) return undefined;
  const withRec = resolveAptInstall(index, names, { installRecommends: true }, installed);
  const without = new Set(resolveAptInstall(index, names, { installRecommends: false }, installed).added.map((p) => p.name));
  const extra = withRec.added.filter((p) => !without.has(p.name));
  const raw_ = extra.reduce((s, p) => s + p.bytes, 0);
  if (raw_ <= 0) return undefined;
  const corr = facts.aptCorrection(release, base.slim, 'other');
  const factor = corr?.factor ?? (base.slim ? 0.88 : 1);
  const low = corr?.low ?? (base.slim ? 0.75 : 0.9);
  const high = corr?.high ?? 1.02;
  return { bytes: raw_ * factor, low: raw_ * low, high: raw_ * high, count: extra.filter((p) => p.reason === 'recommended').length || extra.length };
}
