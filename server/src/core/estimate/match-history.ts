import type { ImageModel, Instruction } from '../model/types';
import { ancestry } from '../model/stage-graph';

/** One `docker history` entry, oldest first. */
export interface HistoryLayer {
  readonly createdBy: string;
  readonly bytes: number;
}

export interface MatchedLayer {
  readonly instruction: Instruction;
  readonly real: HistoryLayer;
}

/**
 * Ties the newest history entries back to the final image's instructions. Both builders write
 * one entry per instruction of the final stage chain (metadata ones with 0 bytes), newest last,
 * on top of the base image's own entries; an ARG may have none, so an ARG whose entry does not
 * mention ARG is skipped rather than shifting every later match.
 */
export function matchHistory(model: ImageModel, history: readonly HistoryLayer[]): MatchedLayer[] {
  const final = model.finalStage;
  if (!final) return [];
  const chain = ancestry(model.stages, final.index).reverse();
  const instructions = chain.flatMap((i) => model.stages[i].instructions.filter((x) => x.keyword !== 'FROM'));
  const out: MatchedLayer[] = [];
  let h = history.length - 1;
  for (let k = instructions.length - 1; k >= 0 && h >= 0; k--) {
    const instr = instructions[k];
    const entry = history[h];
    if (instr.keyword === 'ARG' && !/\bARG\b/.test(entry.createdBy)) continue;
    out.unshift({ instruction: instr, real: entry });
    h--;
  }
  return out;
}
