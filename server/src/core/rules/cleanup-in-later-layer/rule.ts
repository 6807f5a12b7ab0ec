import { ancestry } from '../../model/stage-graph';
import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import { basename } from '../../shell/commands';
import { commandsIn, finalImageStages } from '../shared/image-chain';
import { appendPoint, deleteInstruction, removeCommand } from '../shared/run-edits';
import type { SizeRange } from '../../estimate/types';
import { approx, layerOf, sizeData, total } from '../shared/size-quote';
import type { Finding, Fix, Rule, RuleContext } from '../types';
import { leftBy, matches, targetsOf, type Left } from './resources';

export const cleanupInLaterLayer: Rule = {
  meta: {
    id: 'cleanup-in-later-layer',
    title: 'Clean-up in a later layer',
    description: 'Deleting files in a later RUN than the one (or the COPY) that created them hides them but keeps their bytes in the earlier layer: the image does not get smaller.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'suggestion',
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    for (const { stage, instruction, command } of commandsIn(finalImageStages(model))) {
      const f = check(ctx, model, stage, instruction, command);
      if (f) findings.push(f);
    }
    return findings;
  },
};

interface Match {
  readonly left: Left;
  readonly how: 'covers' | 'partly';
}

function check(ctx: RuleContext, model: ImageModel, stage: Stage, instr: Instruction, cmd: ShellCommand): Finding | undefined {
  const targets = targetsOf(instr, cmd);
  if (!targets.length) return undefined;
  // The same RUN made some of it first: the clean-up is for those, and does its job.
  const ownFirst = leftBy(instr, cmd);
  const earlier = ancestry(model.stages, stage.index)
    .flatMap((i) => model.stages[i].instructions)
    .filter((i) => i.index < instr.index)
    .sort((a, b) => a.index - b.index);
  const found: Match[] = [];
  for (const t of targets) {
    if (ownFirst.some((o) => matches(t, o.resource) !== 'none')) continue;
    for (const e of earlier) {
      for (const left of leftBy(e)) {
        const how = matches(t, left.resource);
        if (how !== 'none') found.push({ left, how });
      }
    }
  }
  if (!found.length) return undefined;
  const sure = found.some((f) => f.how === 'covers');
  // Part of a copied tree, removed after this RUN did other work: most likely that work's output.
  const workedFirst = instr.run!.commands.some((c) => c.end <= cmd.start && !targetsOf(instr, c).length);
  if (!sure && workedFirst && found.every((f) => f.left.instruction.copy)) return undefined;
  const creators = [...new Set(found.map((f) => f.left.instruction))];
  const first = found.find((f) => f.how === 'covers') ?? found[0];
  const text = commandText(model, cmd);
  const copied = first.left.instruction.copy !== undefined;
  const line = first.left.instruction.range.start.line + 1;
  const kept = keptBytes(ctx, first);
  return {
    ruleId: 'cleanup-in-later-layer',
    message:
      `\`${shorten(text)}\` removes ${first.left.resource.label} from line ${line} in a later layer: the bytes stay in the earlier layer${kept ? ` (${approx(kept)})` : ''} and the image gets no smaller.` +
      (copied ? ' Keep such files out with .dockerignore or a build stage instead.' : ' Clean up in the RUN that created them.'),
    range: cmd.range,
    severity: sure ? undefined : 'information',
    related: found.map((f) => ({
      range: f.left.command?.range ?? f.left.instruction.range,
      message: `${f.left.resource.label}: made here, kept in this layer`,
    })),
    fixes: creators.length === 1 ? moveFix(model, instr, cmd, creators[0], text) : [],
    data: { command: basename(cmd.name.value), resource: first.left.resource.label, creatorLine: line, ...(kept ? sizeData(kept) : {}) },
  };
}

/**
 * What the earlier layer keeps of the removed resource, from the estimate: the whole COPY when the
 * clean-up covers it, the apt lists or a cache item, the packages' items. Undefined when unsure.
 */
function keptBytes(ctx: RuleContext, m: Match): SizeRange | undefined {
  const layer = layerOf(ctx, m.left.instruction.index);
  if (!layer) return undefined;
  const res = m.left.resource;
  if (m.left.instruction.copy) return m.how === 'covers' && layer.high > 0 ? layer : undefined;
  if (res.kind === 'packages') {
    const names = new Set(res.names.map((n) => n.toLowerCase()));
    return total(layer.items.filter((i) => names.has(i.name.split(' ')[0].toLowerCase())));
  }
  return total(layer.items.filter((i) => i.name === res.path || (res.tool !== undefined && i.name.startsWith(`${res.tool} cache`))));
}

/**
 * Moves the clean-up to the end of the RUN that created the files. Only when nothing ran in
 * between that may still need them (no RUN between the two, and only other clean-ups before it
 * in its own RUN), and when the moved text means the same in its new place.
 */
function moveFix(model: ImageModel, instr: Instruction, cmd: ShellCommand, creator: Instruction, text: string): Fix[] {
  if (!creator.run || creator.stageIndex !== instr.stageIndex) return [];
  const between = model.stages[instr.stageIndex].instructions.filter((i) => i.index > creator.index && i.index < instr.index);
  if (between.some((i) => i.keyword === 'RUN')) return [];
  if (instr.run!.commands.some((c) => c.end <= cmd.start && !targetsOf(instr, c).length)) return [];
  if (!sameContext(creator, instr, cmd, text)) return [];
  const at = appendPoint(model, creator, { allowTrailingComment: true });
  const removal = removeCommand(model, instr, cmd);
  if (at === undefined || !removal) return [];
  return [
    {
      title: `Move \`${shorten(text)}\` into the RUN on line ${creator.range.start.line + 1}`,
      edits: [{ range: model.lines.rangeOf(at, at), newText: ` && ${text}` }, removal === 'whole' ? deleteInstruction(model, instr) : removal],
      safety: 'suggestion',
    },
  ];
}

/** The command reads the same variables, working directory and user where it moves to. */
function sameContext(from: Instruction, to: Instruction, cmd: ShellCommand, text: string): boolean {
  if (from.state.user !== to.state.user) return false;
  const relative = cmd.recognized?.tool === 'rm' && cmd.recognized.paths.some((p) => !/^[/~$]/.test(p.value));
  if (relative && from.state.workdir !== to.state.workdir) return false;
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1];
    const a = from.state.env.get(name) ?? from.state.args.get(name);
    const b = to.state.env.get(name) ?? to.state.args.get(name);
    if (a !== b) return false;
  }
  return true;
}

function commandText(model: ImageModel, cmd: ShellCommand): string {
  return model.text.slice(cmd.start, cmd.end);
}

function shorten(text: string): string {
  const flat = text.replace(/\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ');
  return flat.length > 60 ? flat.slice(0, 57) + '...' : flat;
}
