// Where the benchmark "types": one character at the end of a word inside a RUN instruction
// near the middle of the file — an apt package name when there is one, since that is the
// edit that invalidates the most (the package set, so the size estimate of the layer).

const PACKAGE_LINE = /^\s+([a-z0-9][a-z0-9.+-]*)( &&)? \\$/;
const RUN_LINE = /^RUN\s+\S/;

/** { line, character } just after a word in a RUN, nearest the middle of the text; undefined if none. */
export function editSite(text) {
  const lines = text.split('\n');
  const mid = Math.floor(lines.length / 2);
  const order = [...lines.keys()].sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid) || a - b);
  for (const i of order) {
    const m = PACKAGE_LINE.exec(lines[i]);
    if (m && insideRun(lines, i)) return { line: i, character: lines[i].indexOf(m[1]) + m[1].length };
  }
  for (const i of order) {
    if (!RUN_LINE.test(lines[i])) continue;
    const words = [...lines[i].matchAll(/[A-Za-z0-9_-]+/g)];
    const w = words[Math.min(2, words.length - 1)];
    if (w) return { line: i, character: w.index + w[0].length };
  }
  return undefined;
}

function insideRun(lines, i) {
  for (let k = i - 1; k >= 0; k--) {
    if (!lines[k].endsWith('\\')) return false;
    if (RUN_LINE.test(lines[k])) return true;
  }
  return false;
}

/**
 * Two letters for round `r` (aa, ab, …): typed at the same place, every round's text differs from
 * every other's for 676 rounds. Round -1 (the warm-up) gets its own pair.
 */
export function tokenFor(r) {
  const n = (r + 677) % 676;
  return String.fromCharCode(97 + Math.floor(n / 26), 97 + (n % 26));
}

/** The text with `typed` inserted at `site`. */
export function typeAt(text, site, typed) {
  return applyToggle(text, site, true, typed);
}

/** The text with the character typed at `site` (typed) or as it was (not typed). */
export function applyToggle(text, site, typed, ch = 'x') {
  if (!typed) return text;
  let offset = 0;
  for (let l = 0; l < site.line; l++) offset = text.indexOf('\n', offset) + 1;
  offset += site.character;
  return text.slice(0, offset) + ch + text.slice(offset);
}
