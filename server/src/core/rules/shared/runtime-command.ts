import type { ImageModel, Instruction } from '../../model/types';
import { finalImageInstructions } from './image-chain';

/** What the container runs: the effective ENTRYPOINT, CMD and HEALTHCHECK of the final image. */
export interface RuntimeCommand {
  readonly instructions: readonly Instruction[];
  /** Every word of those instructions, exec-form brackets and quotes removed, `sh -c` strings split. */
  readonly words: readonly string[];
  /** No CMD or ENTRYPOINT in the Dockerfile: the base image's command runs, which we cannot see. */
  readonly inherited: boolean;
  /** It runs a script file whose content we cannot see (`/app/run.sh`, `docker-entrypoint.sh`). */
  readonly runsScript: boolean;
}

export function runtimeCommand(model: ImageModel): RuntimeCommand {
  const last = new Map<string, Instruction>();
  for (const instr of finalImageInstructions(model)) {
    if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT' || instr.keyword === 'HEALTHCHECK') last.set(instr.keyword, instr);
  }
  const instructions = [...last.values()];
  const words = instructions.flatMap((i) => wordsOf(model, i));
  return {
    instructions,
    words,
    inherited: !last.has('CMD') && !last.has('ENTRYPOINT'),
    runsScript: words.some(isScriptPath),
  };
}

/** True when the runtime command calls one of these programs by name or path. */
export function runtimeUses(rt: RuntimeCommand, programs: readonly string[]): boolean {
  return rt.words.some((w) => programs.includes(w.slice(w.lastIndexOf('/') + 1)));
}

function wordsOf(model: ImageModel, instr: Instruction): string[] {
  if (!instr.argumentsRange) return [];
  const text = model.text.slice(model.lines.offsetAt(instr.argumentsRange.start), model.lines.offsetAt(instr.argumentsRange.end));
  return text.split(/[\s"'[\],;&|()`=]+/).filter(Boolean);
}

function isScriptPath(word: string): boolean {
  return /\.(sh|bash)$/.test(word) || /(^|\/)[\w.-]*entrypoint[\w.-]*$/i.test(word);
}
