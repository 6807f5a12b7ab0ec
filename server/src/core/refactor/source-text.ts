import type { ImageModel, Instruction, Stage } from '../model/types';

/**
 * An instruction's text as written (continuation lines included) together with the comment
 * block right above it, so moving an instruction keeps the comments that describe it.
 */
export function instructionText(model: ImageModel, instr: Instruction): string {
  const startLine = commentBlockStart(model, instr);
  const start = model.lines.lineStart(startLine);
  const end = model.lines.offsetAt(instr.range.end);
  // A blank line before the block in the original keeps separating it in the output.
  const gap = startLine > 0 && model.lines.lineText(startLine - 1).trim() === '' ? '\n' : '';
  return gap + model.text.slice(start, end).replace(/\r\n/g, '\n');
}

function commentBlockStart(model: ImageModel, instr: Instruction): number {
  let line = instr.range.start.line;
  while (line > 0) {
    const prev = model.lines.lineText(line - 1).trim();
    // Directives and dockerlean pragmas for other lines stay put; ordinary comments travel.
    if (!prev.startsWith('#') || /^#\s*(escape|syntax|check)\s*=/.test(prev)) break;
    if (model.instructions.some((i) => i.range.end.line === line - 1)) break;
    line--;
  }
  return line;
}

/** Text of a range of the document, without comments attached. */
export function rawRange(model: ImageModel, instr: Instruction): string {
  return model.text.slice(model.lines.offsetAt(instr.range.start), model.lines.offsetAt(instr.range.end)).replace(/\r\n/g, '\n');
}

/** Lines before the first FROM (parser directives, global ARGs, their comments). */
export function preamble(model: ImageModel): string {
  const first = model.stages[0];
  if (!first) return model.text;
  const firstText = commentBlockStartOfFrom(model);
  return model.text.slice(0, model.lines.lineStart(firstText)).replace(/\r\n/g, '\n');
}

function commentBlockStartOfFrom(model: ImageModel): number {
  return commentBlockStart(model, model.stages[0].from);
}

/** The image reference of a stage's FROM, as written (ARG references included). */
export function imageTextOf(model: ImageModel, root: Stage): string {
  return model.text.slice(model.lines.offsetAt(root.base.range.start), model.lines.offsetAt(root.base.range.end));
}

/** The stage's FROM line with another image and stage name, flags kept. */
export function fromLine(model: ImageModel, root: Stage, image: string, name: string | undefined): string {
  const text = rawRange(model, root.from).replace(/\s+as\s+[A-Za-z0-9_.-]+\s*$/i, '');
  const replaced = text.replace(imageTextOf(model, root), image);
  return name ? `${replaced} AS ${name}` : replaced;
}
