import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';

/**
 * The stages whose layers make up the final image (the final stage and the stages it is built
 * on), in build order. FROM can only name earlier stages, so file order is build order.
 */
export function finalImageStages(model: ImageModel): Stage[] {
  return model.stages.filter((s) => s.inFinalImage);
}

export function finalImageInstructions(model: ImageModel): Instruction[] {
  return finalImageStages(model).flatMap((s) => s.instructions);
}

export interface CommandAt {
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly command: ShellCommand;
}

/** Every shell command of the given stages, recognized or not, in build order. */
export function commandsIn(stages: readonly Stage[]): CommandAt[] {
  const out: CommandAt[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      for (const command of instruction.run?.commands ?? []) out.push({ stage, instruction, command });
    }
  }
  return out;
}

/** Strictly after `a` in build order (a later instruction, or a later command of the same RUN). */
export function runsAfter(a: CommandAt, b: CommandAt): boolean {
  return b.instruction.index > a.instruction.index || (b.instruction.index === a.instruction.index && b.command.ordinal > a.command.ordinal);
}

/** The stage and the stages it is built on, in build order. */
export function stageChain(model: ImageModel, stage: Stage): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    out.unshift(s);
    seen.add(s.index);
    s = s.base.kind === 'stage' ? model.stages[s.base.stageIndex] : undefined;
  }
  return out;
}
