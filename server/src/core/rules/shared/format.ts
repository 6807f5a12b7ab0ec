import type { ImageModel } from '../../model/types';
import type { Range } from '../../text/line-index';

/** `a`, `a` and `b`, `a`, `b` and `c`: names in backticks for messages; long lists are cut after `max`. */
export function codeList(names: readonly string[], max = 5): string {
  const q = [...new Set(names)].map((n) => `\`${n}\``);
  if (q.length <= 1) return q.join('');
  if (q.length > max) return `${q.slice(0, max - 1).join(', ')} and ${q.length - max + 1} more`;
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** The document text of a range, as written (variables unexpanded). */
export function textOf(model: ImageModel, range: Range): string {
  return model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
}
