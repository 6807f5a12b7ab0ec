// Typing changes one instruction; the rest of the file is what it was a keystroke ago. This
// module works out which instructions of the previous model still hold for the new text and
// which slice of the new text has to be parsed again, so a keystroke costs one instruction's
// parse instead of the whole file's (dockerfile-ast has no incremental mode).

import type { Position } from '../text/line-index';
import type { LineIndex } from '../text/line-index';
import type { Comment, ImageModel, Instruction, ModelProblem } from './types';

/** What a model keeps for the next version of its text to reuse. */
export interface ReuseRecord {
  /** The options it was built with: reuse needs the same target and build args. */
  readonly optionsKey: string;
  /** Problems found while building each instruction, by instruction index. */
  readonly instructionProblems: ReadonlyArray<readonly ModelProblem[] | undefined>;
  /** Analysis stopped before the end of the file: every version is built whole. */
  readonly partial: boolean;
}

const records = new WeakMap<ImageModel, ReuseRecord>();

export function rememberForReuse(model: ImageModel, record: ReuseRecord): void {
  records.set(model, record);
}

/** Instructions that change the build state or the stage list: an edit touching one rebuilds the model whole. */
const STATEFUL = new Set(['FROM', 'ENV', 'ARG', 'WORKDIR', 'USER', 'SHELL']);

/** A plan for building the new text from the previous model. */
export interface ReusePlan {
  /** Unchanged instructions before the edit, kept as they are. */
  readonly prefix: readonly Instruction[];
  /** Offset in the new text where re-parsing starts (a line start) and where it stops (exclusive). */
  readonly regionStart: number;
  readonly regionEnd: number;
  /** The text to hand dockerfile-ast: the region, at its own lines, followed by the first line of the next instruction. */
  readonly regionSource: string;
  /** Where the first instruction after the region must start in the new text, if there is one. */
  readonly sentinel?: Position;
  /** Instructions after the edit, still from the previous model (not yet moved). */
  readonly suffix: readonly Instruction[];
  /** How far the suffix moved: lines and offsets. */
  readonly lineDelta: number;
  readonly offsetDelta: number;
  readonly previous: ImageModel;
  readonly record: ReuseRecord;
}

/**
 * The plan, or undefined when the edit reaches anything a partial rebuild cannot vouch for: the
 * text before the first instruction (parser directives), the first instruction, a FROM or a
 * state-changing instruction, a change of options, or a file analysed only in part.
 */
export function planReuse(previous: ImageModel, text: string, lines: LineIndex, optionsKey: string, maxRegion: number): ReusePlan | undefined {
  const record = records.get(previous);
  if (!record || record.partial || record.optionsKey !== optionsKey) return undefined;
  const old = previous.text;
  const instrs = previous.instructions;
  if (old === text || instrs.length < 2) return undefined;

  let p = 0;
  const max = Math.min(old.length, text.length);
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  // The changed span, widened by a character to the left: an insertion right at an instruction's
  // first character can still belong to the one before (a continuation). To the right no widening
  // is needed: an edit that makes the last replaced instruction run on into the next one (a new
  // trailing backslash, an unclosed heredoc) is caught by the sentinel check.
  const changeStart = Math.max(0, p - 1);
  const changeEnd = old.length - s;

  const startOf = (k: number) => previous.lines.lineStart(instrs[k].range.start.line);
  let first = -1;
  let last = -1;
  for (let k = 0; k < instrs.length; k++) {
    const extentStart = startOf(k);
    const extentEnd = k + 1 < instrs.length ? startOf(k + 1) : old.length;
    if (extentEnd <= changeStart) continue;
    if (extentStart > changeEnd) break;
    if (first < 0) first = k;
    last = k;
  }
  if (first < 1 || last < first) return undefined;
  const replaced = instrs.slice(first, last + 1);
  if (replaced.some((i) => STATEFUL.has(i.keyword))) return undefined;

  const oldRegionStart = startOf(first);
  const oldRegionEnd = last + 1 < instrs.length ? startOf(last + 1) : old.length;
  if (oldRegionEnd < changeEnd && oldRegionEnd !== old.length) return undefined;
  const offsetDelta = text.length - old.length;
  const regionStart = oldRegionStart;
  const regionEnd = oldRegionEnd + offsetDelta;
  if (regionEnd < regionStart || regionEnd - regionStart > maxRegion) return undefined;

  const startLine = lines.positionAt(regionStart).line;
  if (startLine !== previous.lines.positionAt(oldRegionStart).line) return undefined;
  let sentinel: Position | undefined;
  let sentinelText = '';
  let lineDelta = 0;
  if (last + 1 < instrs.length) {
    const next = instrs[last + 1].range.start;
    lineDelta = lines.positionAt(regionEnd).line - previous.lines.positionAt(oldRegionEnd).line;
    sentinel = { line: next.line + lineDelta, character: next.character };
    const lineEnd = lines.lineEnd(sentinel.line);
    sentinelText = text.slice(regionEnd, lineEnd);
  }
  // The region is parsed at its own line numbers (positions come out right, and dockerfile-ast
  // only ever hands out positions): blank lines stand in for the text above it, after the
  // escape directive when the file has one.
  const directive = previous.escapeChar === '\\' ? '' : `# escape=${previous.escapeChar}\n`;
  const padding = '\n'.repeat(directive ? startLine - 1 : startLine);
  if (directive && startLine < 1) return undefined;
  return {
    prefix: instrs.slice(0, first),
    regionStart,
    regionEnd,
    regionSource: directive + padding + text.slice(regionStart, regionEnd) + sentinelText,
    sentinel,
    suffix: instrs.slice(last + 1),
    lineDelta,
    offsetDelta,
    previous,
    record,
  };
}

export function isStateful(keyword: string): boolean {
  return STATEFUL.has(keyword);
}

/** Comments of the previous model before the region, and after it moved along with the suffix. */
export function keptComments(plan: ReusePlan, regionStartLine: number, regionEndLine: number): { before: Comment[]; after: Comment[] } {
  const before: Comment[] = [];
  const after: Comment[] = [];
  const oldEndLine = regionEndLine - plan.lineDelta;
  for (const c of plan.previous.comments) {
    if (c.range.start.line < regionStartLine) before.push(c);
    else if (c.range.start.line >= oldEndLine && plan.sentinel) after.push(moved(c, plan.lineDelta, plan.offsetDelta));
  }
  return { before, after };
}

/**
 * A copy of a model value moved down by `lineDelta` lines and `offsetDelta` characters: every
 * position's line, and every document offset (`start`/`end` of a command, a fix's `insertAt`).
 * Everything the suffix holds lies on whole lines after the edit, so characters within a line
 * do not change. Maps and class instances (variable values, the build state) hold no positions.
 */
export function moved<T>(value: T, lineDelta: number, offsetDelta: number): T {
  if (lineDelta === 0 && offsetDelta === 0) return value;
  return move(value, lineDelta, offsetDelta) as T;
}

function move(v: unknown, dl: number, doff: number): unknown {
  if (Array.isArray(v)) return v.map((x) => move(x, dl, doff));
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.line === 'number' && typeof o.character === 'number') return { line: o.line + dl, character: o.character };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const x = o[k];
    out[k] = typeof x === 'number' ? (OFFSET_KEYS.has(k) ? x + doff : x) : move(x, dl, doff);
  }
  return out;
}

/** Fields that hold offsets into the document (ShellCommand.start/end, VenvCommand.insertAt). */
const OFFSET_KEYS = new Set(['start', 'end', 'insertAt']);
