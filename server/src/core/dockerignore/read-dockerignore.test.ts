import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPath, readDockerignore } from './read-dockerignore';

describe('readDockerignore', () => {
  test('reads patterns as moby/patternmatcher ignorefile.ReadAll does', () => {
    // The same input as patternmatcher's own TestReadAll, plus positions.
    const rules = readDockerignore('test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n');
    assert.deepEqual(
      rules.map((r) => [r.negated ? `!${r.pattern}` : r.pattern, r.line]),
      [
        ['test1', 0],
        ['test2', 1],
        ['a/file/here', 2],
        ['lastfile', 4],
        ['!inverted/abs/path', 6],
      ],
    );
  });

  test('only the first column starts a comment; lines are trimmed and cleaned', () => {
    const [indented, spaced, dotted] = readDockerignore('  # not a comment\n  build/  \r\n./a/../b//c/\n');
    assert.equal(indented.pattern, '# not a comment');
    assert.deepEqual([indented.line, indented.start, indented.end], [0, 2, 17]);
    assert.equal(spaced.pattern, 'build');
    assert.deepEqual([spaced.start, spaced.end, spaced.text], [2, 8, 'build/']);
    assert.equal(dotted.pattern, 'b/c');
  });

  test('a byte-order mark does not hide a first-line comment', () => {
    assert.deepEqual(readDockerignore('\uFEFF# comment\nx'), [
      { line: 1, start: 0, end: 1, text: 'x', negated: false, pattern: 'x', error: undefined },
    ]);
  });

  test('reports the lines Docker rejects', () => {
    const [bang, bangSlash, klass, slash] = readDockerignore('!\n! /\n[a-z\n/\n');
    assert.match(bang.error ?? '', /illegal exclusion/);
    assert.match(bangSlash.error ?? '', /illegal exclusion/);
    assert.match(klass.error ?? '', /not closed/);
    assert.equal(slash.error, undefined);
    assert.equal(slash.pattern, '/');
  });
});

describe('cleanPath', () => {
  test('is Go path.Clean', () => {
    const cases: [string, string][] = [
      ['', '.'],
      ['.', '.'],
      ['/', '/'],
      ['a/', 'a'],
      ['a//b', 'a/b'],
      ['./a/./b', 'a/b'],
      ['a/../..', '..'],
      ['../a', '../a'],
      ['/..', '/'],
      ['/../a/', '/a'],
      ['**/', '**'],
    ];
    for (const [input, output] of cases) assert.equal(cleanPath(input), output, input);
  });
});
