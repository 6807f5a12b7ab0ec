import { commandsOf, inFinalImage } from '../../model/queries';
import type { Instruction } from '../../model/types';
import { approx, layerOf, sizeData } from '../shared/size-quote';
import type { Finding, Rule } from '../types';

const LISTS = '/var/lib/apt/lists';

export const aptListsNotRemoved: Rule = {
  meta: {
    id: 'apt-lists-not-removed',
    title: 'apt lists kept in the layer',
    description: 'apt-get update downloads package lists (tens of MB) that stay in the layer unless the same RUN deletes them.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'safe',
    hadolint: ['DL3009'],
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    const seen = new Set<number>();
    for (const site of commandsOf(model, 'apt', inFinalImage)) {
      const instr = site.instruction;
      if (seen.has(instr.index) || (site.recognized.action !== 'update' && site.recognized.action !== 'install')) continue;
      seen.add(instr.index);
      if (removesLists(instr) || cachesLists(instr)) continue;
      const aptCommands = (instr.run?.commands ?? []).filter((c) => c.recognized?.tool === 'apt');
      const last = aptCommands[aptCommands.length - 1];
      const canFix = instr.run?.form !== 'exec';
      const lists = layerOf(ctx, instr.index)?.items.find((i) => i.name === LISTS);
      findings.push({
        ruleId: 'apt-lists-not-removed',
        message: `This RUN leaves apt's package lists in ${LISTS}${lists ? ` (${approx(lists)})` : ''}; remove them in the same RUN (\`rm -rf ${LISTS}/*\`) or use a cache mount.`,
        range: site.command.range,
        fixes: canFix
          ? [{ title: `Remove ${LISTS}/* in the same RUN`, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` && rm -rf ${LISTS}/*` }], safety: 'safe' }]
          : [],
        ...(lists ? { data: sizeData(lists) } : {}),
      });
    }
    return findings;
  },
};

function removesLists(instr: Instruction): boolean {
  return (instr.run?.commands ?? []).some(
    (c) => c.recognized?.tool === 'rm' && c.recognized.paths.some((p) => p.value.replace(/\/+$/, '').startsWith(LISTS) || p.value === '/var/lib/apt' || p.value === '/var/lib/apt/'),
  );
}

function cachesLists(instr: Instruction): boolean {
  return (instr.run?.mounts ?? []).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined && (m.target.replace(/\/+$/, '') === LISTS || m.target.replace(/\/+$/, '') === '/var/lib/apt'));
}
