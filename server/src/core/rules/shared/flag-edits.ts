import type { ImageModel, Instruction, ShellCommand, Word } from '../../model/types';
import type { TextEdit } from '../types';
import { insertOptionAfter } from './insertions';

/** The first literal argument that is one of `verbs` (`install`, `ci`, `sync`): where a flag goes. */
export function verbWord(cmd: ShellCommand, verbs: readonly string[]): Word | undefined {
  return cmd.args.find((a) => !a.dynamic && verbs.includes(a.value));
}

/** Inserts option words (`--without`, `dev`) right after `after`, in the RUN's own form. */
export function insertWordsAfter(instr: Instruction, after: Word, words: readonly string[]): TextEdit {
  const edits = words.map((w) => insertOptionAfter(instr, after, w));
  return { range: edits[0].range, newText: edits.map((e) => e.newText).join('') };
}

/** Removes one argument and the separator before it (` --dev`, `, "--dev"`). */
export function removeWord(model: ImageModel, cmd: ShellCommand, word: Word): TextEdit | undefined {
  const i = cmd.args.indexOf(word);
  if (i < 0) return undefined;
  const before = i === 0 ? cmd.name : cmd.args[i - 1];
  // Only plain separators in between: a continuation line or comment there is left alone.
  const gap = model.text.slice(model.lines.offsetAt(before.range.end), model.lines.offsetAt(word.range.start));
  if (!/^[\s,]*$/.test(gap) || /[\r\n]/.test(gap)) return undefined;
  return { range: { start: before.range.end, end: word.range.end }, newText: '' };
}
