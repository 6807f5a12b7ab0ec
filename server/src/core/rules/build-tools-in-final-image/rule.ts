import { isBuildTool, stripVersion } from '../../knowledge/build-tools';
import { commandsOf, inFinalImage, stageLabel } from '../../model/queries';
import type { Instruction, Word } from '../../model/types';
import { approx, layerOf, sizeData, total } from '../shared/size-quote';
import type { Finding, Rule, RuleContext } from '../types';

export const buildToolsInFinalImage: Rule = {
  meta: {
    id: 'build-tools-in-final-image',
    title: 'Build tools in the final image',
    description: 'Compilers, -dev headers and VCS tools installed in a stage that reaches the final image stay in it.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'none',
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    const installs = [
      ...commandsOf(model, 'apt', inFinalImage).filter((s) => s.recognized.action === 'install').map((s) => ({ ...s, packages: s.recognized.packages })),
      ...commandsOf(model, 'apk', inFinalImage).filter((s) => s.recognized.action === 'add').map((s) => ({ ...s, packages: s.recognized.packages })),
      ...commandsOf(model, 'yum', inFinalImage).filter((s) => s.recognized.action === 'install').map((s) => ({ ...s, packages: s.recognized.packages })),
    ];
    for (const site of installs) {
      const removed = removedLaterInSameRun(site.instruction, site.command.ordinal);
      const virtual = site.recognized.tool === 'apk' ? site.recognized.virtual?.value : undefined;
      if (virtual && removed.has(virtual.toLowerCase())) continue;
      const tools = site.packages.filter((p) => !p.dynamic && isBuildTool(p.value) && !removed.has(stripVersion(p.value)));
      if (!tools.length) continue;
      const names = tools.map((t) => stripVersion(t.value));
      const where = site.stage.role === 'final' ? 'the final stage' : `${stageLabel(site.stage)}, which the final stage is built on`;
      const cost = costOf(ctx, site.instruction.index, names);
      findings.push({
        ruleId: 'build-tools-in-final-image',
        message:
          `${listNames(names)} ${names.length === 1 ? 'is a build-time package' : 'are build-time packages'} installed in ${where}, so ${names.length === 1 ? 'it ships' : 'they ship'} in the image. Install ${names.length === 1 ? 'it' : 'them'} in a separate build stage and copy only what the application needs.` +
          (cost ? ` This layer keeps ${listNames(names)}${cost.others ? ` and ${cost.others} other package${cost.others === 1 ? '' : 's'}` : ''}: ${approx(cost.size)}.` : ''),
        range: spanOf(tools),
        data: { packages: names, stage: site.stage.index, ...(cost ? { ...sizeData(cost.size), packageCount: names.length + cost.others } : {}) },
      });
    }
    return findings;
  },
};

/**
 * The estimate's items for the build packages in this layer: apt names them after the requested
 * package ("build-essential (+42 packages)": what only it pulls in), apk after the package.
 */
function costOf(ctx: RuleContext, instructionIndex: number, names: readonly string[]) {
  const layer = layerOf(ctx, instructionIndex);
  if (!layer) return undefined;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const items = layer.items.filter((i) => wanted.has(i.name.split(' ')[0].toLowerCase()));
  const size = total(items);
  if (!size) return undefined;
  const others = items.reduce((n, i) => n + Number(/\(\+(\d+) packages?\)/.exec(i.name)?.[1] ?? 0), 0);
  return { size, others };
}

/** Packages that the same RUN purges/removes (or `apk del`s) after installing: they leave no bytes behind. */
function removedLaterInSameRun(instr: Instruction, after: number): Set<string> {
  const out = new Set<string>();
  for (const c of instr.run?.commands ?? []) {
    if (c.ordinal <= after || !c.recognized) continue;
    const r = c.recognized;
    if ((r.tool === 'apt' && (r.action === 'purge' || r.action === 'remove')) || (r.tool === 'apk' && r.action === 'del') || (r.tool === 'yum' && r.action === 'remove')) {
      for (const p of r.packages) out.add(stripVersion(p.value));
    }
  }
  return out;
}

function spanOf(words: readonly Word[]): Word['range'] {
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}

export function listNames(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  if (q.length <= 1) return q.join('');
  if (q.length > 5) return `${q.slice(0, 4).join(', ')} and ${q.length - 4} more`;
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
