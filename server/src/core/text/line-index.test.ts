import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, compareRanges, containsPosition } from './line-index';

const pos = (line: number, character: number) => ({ line, character });

/** Every offset must survive a round trip through positionAt/offsetAt. */
function assertRoundTrip(text: string): void {
  const idx = new LineIndex(text);
  for (let o = 0; o <= text.length; o++) {
    // An offset between CR and LF is inside a line break; it rounds to the line's end.
    if (text[o - 1] === '\r' && text[o] === '\n') continue;
    assert.equal(idx.offsetAt(idx.positionAt(o)), o, `offset ${o} of ${JSON.stringify(text)}`);
  }
}

describe('LineIndex with LF', () => {
  const text = 'FROM a\nRUN b\n\nCMD c';
  const idx = new LineIndex(text);

  test('counts lines, a trailing line without break included', () => {
    assert.equal(idx.lineCount, 4);
    assert.equal(new LineIndex('a\n').lineCount, 2);
  });

  test('maps offsets to positions', () => {
    assert.deepEqual(idx.positionAt(0), pos(0, 0));
    assert.deepEqual(idx.positionAt(6), pos(0, 6));
    assert.deepEqual(idx.positionAt(7), pos(1, 0));
    assert.deepEqual(idx.positionAt(13), pos(2, 0));
    assert.deepEqual(idx.positionAt(14), pos(3, 0));
    assert.deepEqual(idx.positionAt(19), pos(3, 5));
  });

  test('maps positions to offsets', () => {
    assert.equal(idx.offsetAt(pos(0, 0)), 0);
    assert.equal(idx.offsetAt(pos(1, 4)), 11);
    assert.equal(idx.offsetAt(pos(3, 5)), 19);
  });

  test('gives line text, start and end without the break', () => {
    assert.deepEqual([0, 1, 2, 3].map((l) => idx.lineText(l)), ['FROM a', 'RUN b', '', 'CMD c']);
    assert.deepEqual([0, 1, 2, 3].map((l) => idx.lineStart(l)), [0, 7, 13, 14]);
    assert.deepEqual([0, 1, 2, 3].map((l) => idx.lineEnd(l)), [6, 12, 13, 19]);
    assert.equal(idx.eol, '\n');
  });

  test('builds ranges', () => {
    assert.deepEqual(idx.rangeOf(5, 11), { start: pos(0, 5), end: pos(1, 4) });
  });

  test('round-trips every offset', () => assertRoundTrip(text));
});

describe('LineIndex with CRLF', () => {
  const text = 'FROM a\r\nRUN b\r\n\r\nCMD c\r\n';
  const idx = new LineIndex(text);

  test('treats CRLF as one break', () => {
    assert.equal(idx.lineCount, 5);
    assert.deepEqual(idx.positionAt(8), pos(1, 0));
    assert.deepEqual(idx.positionAt(15), pos(2, 0));
    assert.deepEqual(idx.positionAt(17), pos(3, 0));
    assert.deepEqual(idx.positionAt(24), pos(4, 0));
  });

  test('line ends stop before the CR', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => idx.lineEnd(l)), [6, 13, 15, 22, 24]);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => idx.lineText(l)), ['FROM a', 'RUN b', '', 'CMD c', '']);
  });

  test('a character past the line end clamps before the CR', () => {
    assert.equal(idx.offsetAt(pos(0, 99)), 6);
    assert.equal(idx.offsetAt(pos(2, 1)), 15);
  });

  test('keeps the file style for edits', () => assert.equal(idx.eol, '\r\n'));

  test('round-trips every offset', () => assertRoundTrip(text));
});

describe('LineIndex with a lone CR', () => {
  const text = 'a\rb\r\nc\n\rd';
  const idx = new LineIndex(text);

  test('a lone CR breaks the line as in LSP', () => {
    assert.equal(idx.lineCount, 5);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => idx.lineText(l)), ['a', 'b', 'c', '', 'd']);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => idx.lineStart(l)), [0, 2, 5, 7, 8]);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => idx.lineEnd(l)), [1, 3, 6, 7, 9]);
    assert.deepEqual(idx.positionAt(2), pos(1, 0));
    assert.deepEqual(idx.positionAt(8), pos(4, 0));
  });

  test('round-trips every offset', () => assertRoundTrip(text));
});

describe('LineIndex out of bounds', () => {
  const idx = new LineIndex('ab\ncd');

  test('offsets past the end clamp to the end, negative ones to the start', () => {
    assert.deepEqual(idx.positionAt(100), pos(1, 2));
    assert.deepEqual(idx.positionAt(-3), pos(0, 0));
  });

  test('positions past the end clamp to the end', () => {
    assert.equal(idx.offsetAt(pos(7, 0)), 5);
    assert.equal(idx.offsetAt(pos(1, 40)), 5);
    assert.equal(idx.offsetAt(pos(0, 40)), 2);
  });

  test('negative lines and characters clamp to the start', () => {
    assert.equal(idx.offsetAt(pos(-1, 4)), 0);
    assert.equal(idx.offsetAt(pos(1, -4)), 3);
  });

  test('line queries outside the text', () => {
    assert.equal(idx.lineText(-1), '');
    assert.equal(idx.lineText(2), '');
    assert.equal(idx.lineStart(9), 3);
    assert.equal(idx.lineStart(-9), 0);
  });
});

describe('LineIndex of empty text', () => {
  const idx = new LineIndex('');

  test('has one empty line', () => {
    assert.equal(idx.lineCount, 1);
    assert.equal(idx.lineText(0), '');
    assert.equal(idx.lineEnd(0), 0);
    assert.equal(idx.eol, '\n');
  });

  test('every query lands on 0', () => {
    assert.deepEqual(idx.positionAt(0), pos(0, 0));
    assert.deepEqual(idx.positionAt(10), pos(0, 0));
    assert.equal(idx.offsetAt(pos(0, 3)), 0);
    assert.equal(idx.offsetAt(pos(3, 3)), 0);
    assert.deepEqual(idx.rangeOf(0, 0), { start: pos(0, 0), end: pos(0, 0) });
  });
});

describe('LineIndex with surrogate pairs', () => {
  test('characters are UTF-16 code units, as LSP counts them', () => {
    const idx = new LineIndex('# 🐳\nFROM a');
    assert.deepEqual(idx.positionAt(4), pos(0, 4));
    assert.deepEqual(idx.positionAt(5), pos(1, 0));
    assert.equal(idx.lineEnd(0), 4);
  });
});

describe('range helpers', () => {
  const r = { start: pos(1, 4), end: pos(3, 2) };

  test('containsPosition includes both ends', () => {
    assert.equal(containsPosition(r, pos(1, 4)), true);
    assert.equal(containsPosition(r, pos(3, 2)), true);
    assert.equal(containsPosition(r, pos(2, 100)), true);
    assert.equal(containsPosition(r, pos(1, 3)), false);
    assert.equal(containsPosition(r, pos(3, 3)), false);
    assert.equal(containsPosition(r, pos(0, 9)), false);
    assert.equal(containsPosition(r, pos(4, 0)), false);
  });

  test('compareRanges orders by start', () => {
    assert.equal(compareRanges(r, { start: pos(1, 4), end: pos(9, 9) }), 0);
    assert.ok(compareRanges(r, { start: pos(1, 5), end: pos(1, 5) }) < 0);
    assert.ok(compareRanges(r, { start: pos(0, 9), end: pos(1, 0) }) > 0);
  });
});
