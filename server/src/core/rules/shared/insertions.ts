import type { ImageModel, Instruction, ShellCommand, Word } from '../../model/types';
import type { TextEdit } from '../types';

/** Inserts an option right after a word of a RUN command, in shell or exec (JSON) form. */
export function insertOptionAfter(instr: Instruction, word: Word, option: string): TextEdit {
  const at = word.range.end;
  const newText = instr.run?.form === 'exec' ? `, ${JSON.stringify(option)}` : ` ${option}`;
  return { range: { start: at, end: at }, newText };
}

/** Adds a flag (`--mount=...`) right after the instruction's keyword. */
export function insertInstructionFlag(instr: Instruction, flag: string): TextEdit {
  const at = instr.keywordRange.end;
  return { range: { start: at, end: at }, newText: ` ${flag}` };
}

/**
 * Appends ` && <command>` right after a command, when what follows it is an operator that keeps
 * the meaning (`&&`, `;`, a heredoc line break) or the end of the script: never inside a
 * pipeline or subshell, where the new command would run in the wrong place.
 */
export function appendAfterCommand(model: ImageModel, instr: Instruction, cmd: ShellCommand, command: string): TextEdit | undefined {
  const run = instr.run;
  if (!run || run.form === 'exec') return undefined;
  const next = run.commands.filter((c) => c.start >= cmd.end).sort((a, b) => a.start - b.start)[0];
  let scriptEnd = model.lines.offsetAt(run.scriptRange.end);
  // In a heredoc the script's last line ends before the delimiter line.
  if (run.form === 'heredoc' && !next) scriptEnd = model.lines.lineEnd(model.lines.positionAt(cmd.end).line);
  const esc = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const between = model.text.slice(cmd.end, next ? next.start : scriptEnd).replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), ' ');
  const core = between.replace(/^[ \t]*#[^\n]*$/gm, '').trim();
  const ok = next ? core === '&&' || core === ';' || (core === '' && /\n/.test(between) && run.form === 'heredoc') : core === '' || /^#[^\n]*$/.test(core);
  if (!ok) return undefined;
  return { range: model.lines.rangeOf(cmd.end, cmd.end), newText: ` && ${command}` };
}
