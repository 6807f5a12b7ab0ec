import type { RecognizedCommand } from '../shell/recognized';
import { containsPosition, type Position } from '../text/line-index';
import type { ImageModel, Instruction, ShellCommand, Stage } from './types';

export interface CommandSite<T extends RecognizedCommand = RecognizedCommand> {
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly command: ShellCommand;
  readonly recognized: T;
}

/** Every recognized command of one tool, in file order, with where it sits. */
export function commandsOf<K extends RecognizedCommand['tool']>(
  model: ImageModel,
  tool: K,
  where: (stage: Stage) => boolean = () => true,
): Array<CommandSite<Extract<RecognizedCommand, { tool: K }>>> {
  const out: Array<CommandSite<Extract<RecognizedCommand, { tool: K }>>> = [];
  for (const stage of model.stages) {
    if (!where(stage)) continue;
    for (const instruction of stage.instructions) {
      for (const command of instruction.run?.commands ?? []) {
        if (command.recognized?.tool === tool) {
          out.push({ stage, instruction, command, recognized: command.recognized as Extract<RecognizedCommand, { tool: K }> });
        }
      }
    }
  }
  return out;
}

export const inFinalImage = (stage: Stage): boolean => stage.inFinalImage;

export function instructionAt(model: ImageModel, pos: Position): Instruction | undefined {
  return model.instructions.find((i) => containsPosition(i.range, pos));
}

export function stageLabel(stage: Stage): string {
  return stage.name ? `stage "${stage.name}"` : `stage ${stage.index}`;
}

/** The stage whose FROM names an image, following `FROM <stage>` down to the root. */
export function rootStage(model: ImageModel, stage: Stage): Stage {
  let s = stage;
  const seen = new Set<number>();
  while (s.base.kind === 'stage' && !seen.has(s.index)) {
    seen.add(s.index);
    s = model.stages[s.base.stageIndex];
  }
  return s;
}
