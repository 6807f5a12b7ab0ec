import type { ImageModel, Instruction, ShellCommand } from '../../model/types';
import type { TextEdit } from '../types';

/**
 * Text edits on RUN instructions that keep the Dockerfile valid: removing one command with the
 * operator that joined it, deleting a whole instruction, finding where `&& cmd` can be appended.
 * Each returns undefined when the script is shaped in a way it cannot edit safely.
 */

/** ` \` + line break, in the file's escape character and line-break style. */
export function lineContinuation(model: ImageModel): string {
  return ` ${model.escapeChar}${model.lines.eol}`;
}

/** Deletes the instruction's lines, including the line break after them. */
export function deleteInstruction(model: ImageModel, instr: Instruction): TextEdit {
  const { lines } = model;
  const startLine = instr.range.start.line;
  const endLine = instr.range.end.line;
  let start = lines.lineStart(startLine);
  let end = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : model.text.length;
  if (end === model.text.length && endLine + 1 >= lines.lineCount && startLine > 0) {
    // The last line of a file without a final line break: take the break before it instead.
    start = lines.lineEnd(startLine - 1);
    end = model.text.length;
  }
  return { range: lines.rangeOf(start, end), newText: '' };
}

type Separator = '&&' | ';' | 'newline';

/**
 * What joins two commands, given the document text between them: `&&`, `;` or (in heredoc
 * scripts) a line break, with any whitespace, line continuations and comment lines around it.
 */
function separatorIn(model: ImageModel, between: string): Separator | undefined {
  const esc = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const withoutContinuations = between.replace(new RegExp(`${esc}[ \\t]*\\r?\\n([ \\t]*#[^\\n]*\\n)*`, 'g'), ' ');
  const hadBreak = /\n/.test(withoutContinuations);
  const core = withoutContinuations.replace(/\n[ \t]*#[^\n]*/g, '\n').replace(/\s+/g, '');
  if (core === '&&') return '&&';
  if (core === ';') return ';';
  if (core === '' && hadBreak) return 'newline';
  return undefined;
}

function neighbours(instr: Instruction, cmd: ShellCommand): { prev?: ShellCommand; next?: ShellCommand } {
  let prev: ShellCommand | undefined;
  let next: ShellCommand | undefined;
  for (const c of instr.run?.commands ?? []) {
    if (c === cmd) continue;
    if (c.end <= cmd.start && (!prev || c.end > prev.end)) prev = c;
    if (c.start >= cmd.end && (!next || c.start < next.start)) next = c;
  }
  return { prev, next };
}

/**
 * Only whitespace, continuations and whole comment lines: nothing the shell would run. A comment
 * after code on the same line is not blank: appending there would append to the comment.
 */
function isBlank(model: ImageModel, text: string): boolean {
  const esc = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return text.replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), '\n').replace(/\n[ \t]*#[^\n]*/g, '\n').trim() === '';
}

/**
 * Removes one command from a RUN together with the operator that joined it, keeping the meaning
 * of the rest: in `a; c && b` it takes `c && `, in `a && c; b` it takes ` && c`. Returns
 * `'whole'` when the command is the only one (delete the instruction instead).
 */
export function removeCommand(model: ImageModel, instr: Instruction, cmd: ShellCommand): TextEdit | 'whole' | undefined {
  const run = instr.run;
  if (!run || run.form === 'exec') return undefined;
  const text = model.text;
  const scriptStart = model.lines.offsetAt(run.scriptRange.start);
  const scriptEnd = model.lines.offsetAt(run.scriptRange.end);
  const { prev, next } = neighbours(instr, cmd);
  const before = prev ? separatorIn(model, text.slice(prev.end, cmd.start)) : isBlank(model, text.slice(scriptStart, cmd.start)) ? 'start' : undefined;
  const after = next ? separatorIn(model, text.slice(cmd.end, next.start)) : isBlank(model, text.slice(cmd.end, scriptEnd)) ? 'end' : undefined;
  if (!before || !after) return undefined;
  if (before === 'start' && after === 'end') return run.form === 'shell' ? 'whole' : undefined;
  const range = (s: number, e: number): TextEdit => ({ range: model.lines.rangeOf(s, e), newText: '' });
  if (before === 'start') return range(cmd.start, next!.start);
  if (after === 'end') return range(prev!.end, cmd.end);
  // Take the `&&` side when only one side is `&&`: the other operator keeps its meaning.
  if (after === '&&' && before !== '&&') return range(cmd.start, next!.start);
  return range(prev!.end, cmd.end);
}

/**
 * Where ` && cmd` can be appended to a shell-form RUN so that it runs last, after everything the
 * RUN did succeeded: right after its last command, when only whitespace (or, if allowed, a
 * trailing comment) follows it. Undefined for exec form, heredocs, and scripts that end in a
 * compound command, an operator or a subshell.
 */
export function appendPoint(model: ImageModel, instr: Instruction, options: { allowTrailingComment?: boolean } = {}): number | undefined {
  const run = instr.run;
  if (!run || run.form !== 'shell' || run.hasSyntaxErrors || !run.commands.length) return undefined;
  const last = run.commands.reduce((a, b) => (b.end > a.end ? b : a));
  const scriptEnd = model.lines.offsetAt(run.scriptRange.end);
  const rest = model.text.slice(last.end, scriptEnd);
  if (isBlank(model, rest)) {
    // A line continuation right before the end would leave `&&` on a line of its own.
    return last.end;
  }
  if (options.allowTrailingComment && /^[ \t]*#[^\n]*$/.test(rest.replace(/\s+$/, ''))) return last.end;
  return undefined;
}
