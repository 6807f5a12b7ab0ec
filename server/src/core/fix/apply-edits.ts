import { LineIndex } from '../text/line-index';
import type { TextEdit } from '../rules/types';

/**
 * Applies edits to a text. Overlapping edits are refused (the caller retries them on the
 * next pass), so one pass never corrupts the file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number; skipped: number } {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const accepted: typeof spans = [];
  let lastEnd = -1;
  let skipped = 0;
  for (const s of spans) {
    if (s.start < lastEnd || (s.start === lastEnd && s.start === s.end && accepted.length && accepted[accepted.length - 1].start === s.start)) {
      skipped++;
      continue;
    }
    accepted.push(s);
    lastEnd = s.end;
  }
  let out = '';
  let cursor = 0;
  for (const s of accepted) {
    out += text.slice(cursor, s.start) + s.newText;
    cursor = s.end;
  }
  out += text.slice(cursor);
  return { text: out, applied: accepted.length, skipped };
}
