import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ignore from '@balena/dockerignore';
import { compileGlob, globMatchesPath, globMatchesSomething, globsOverlap, goMatchSyntaxError } from './glob';
import { readDockerignore } from './read-dockerignore';

const matches = (pattern: string, path: string) => globMatchesPath(compileGlob(pattern), path);

describe('goMatchSyntaxError', () => {
  test('accepts what filepath.Match accepts', () => {
    for (const p of ['*', '**/*.py', 'a?c', '[abc]', '[^a-z]x', '[!a]', '[\\]]', '[a\\-z]', 'a\\*b', '[*]', 'é[é-ü]']) {
      assert.equal(goMatchSyntaxError(p), undefined, p);
    }
  });

  test('rejects what filepath.Match rejects, and reversed ranges', () => {
    const cases: [string, RegExp][] = [
      ['[a-z', /not closed/],
      ['[', /not closed/],
      ['[^', /not closed/],
      ['x[]', /empty/],
      ['[]a]', /empty/],
      ['[a-]', /no end/],
      ['[-a]', /no start/],
      ['build\\', /escapes nothing/],
      ['[\\', /not closed/],
      ['[z-a]', /reversed/],
    ];
    for (const [p, reason] of cases) assert.match(goMatchSyntaxError(p) ?? '', reason, p);
  });
});

describe('globMatchesPath follows moby/patternmatcher', () => {
  test('* and ? stay within one path element', () => {
    assert.ok(matches('*.log', 'app.log'));
    assert.ok(!matches('*.log', 'logs/app.log'));
    assert.ok(matches('a?c', 'abc'));
    assert.ok(!matches('a?c', 'a/c'));
  });

  test('a pattern matches a directory and so everything below it', () => {
    assert.ok(matches('node_modules', 'node_modules/x/index.js'));
    assert.ok(matches('src/*', 'src/a/b.txt'));
    assert.ok(!matches('node_modules', 'web/node_modules'));
  });

  test('** matches any number of directories, and anything at the end', () => {
    assert.ok(matches('**/node_modules', 'node_modules'));
    assert.ok(matches('**/node_modules', 'a/b/node_modules/c'));
    assert.ok(matches('docs/**/*.md', 'docs/README.md'));
    assert.ok(matches('docs/**/*.md', 'docs/a/b/c.md'));
    assert.ok(matches('docs/**', 'docs/x'));
    assert.ok(matches('**', 'anything/at/all'));
  });

  test('a leading ** without other wildcards is a plain suffix test', () => {
    // patternmatcher's suffixMatch: strings.HasSuffix(path, "foo").
    assert.ok(matches('**foo', 'barfoo'));
    assert.ok(!matches('**/foo', 'barfoo'));
  });

  test('classes negate with ^, not !, and match case-sensitively', () => {
    assert.ok(matches('[^a]x', 'bx'));
    assert.ok(!matches('[^a]x', 'ax'));
    assert.ok(matches('[!a]x', '!x'));
    assert.ok(!matches('[!a]x', 'bx'));
    assert.ok(!matches('Dockerfile', 'dockerfile'));
  });

  test('a backslash escapes the next character', () => {
    assert.ok(matches('a\\*b', 'a*b'));
    assert.ok(!matches('a\\*b', 'axb'));
  });
});

describe('globsOverlap and globMatchesSomething', () => {
  test('overlap through a parent directory in either direction', () => {
    assert.ok(globsOverlap(compileGlob('docs'), compileGlob('docs/keep.md')));
    assert.ok(globsOverlap(compileGlob('docs/*.md'), compileGlob('docs')));
    assert.ok(globsOverlap(compileGlob('*.txt'), compileGlob('keep.txt')));
    assert.ok(!globsOverlap(compileGlob('*.txt'), compileGlob('keep.md')));
    assert.ok(!globsOverlap(compileGlob('[a-c]x'), compileGlob('[d-f]x')));
    assert.ok(globsOverlap(compileGlob('[^a]x'), compileGlob('[a-b]x')));
  });

  test('a class can leave nothing to match', () => {
    assert.ok(globMatchesSomething(compileGlob('[a-z]')));
    assert.ok(!globMatchesSomething(compileGlob('[^\u0000-\u{10FFFF}]')));
  });

  const element = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '*b', 'a?', '[ab]', '[^a]', '**');
  const pattern = fc.array(element, { minLength: 1, maxLength: 4 }).map((es) => es.join('/'));
  const path = fc
    .array(fc.constantFrom('a', 'b', 'ab', 'ba', 'bb'), { minLength: 1, maxLength: 4 })
    .map((es) => es.join('/'));

  test('never answers "no overlap" when some path is matched by both', () => {
    fc.assert(
      fc.property(pattern, pattern, fc.array(path, { minLength: 1, maxLength: 30 }), (p, q, paths) => {
        const a = compileGlob(p);
        const b = compileGlob(q);
        if (paths.some((x) => globMatchesPath(a, x) && globMatchesPath(b, x))) assert.ok(globsOverlap(a, b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('agrees with @balena/dockerignore, a port of Docker’s matcher', () => {
  // Restricted to what balena ports faithfully: `**` only as a whole path element (it does
  // not reproduce patternmatcher's suffix shortcut) and no regular-expression punctuation.
  const element = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '*b', 'a?b', '**');
  const line = fc
    .tuple(
      fc.boolean(),
      fc.constantFrom('', '/'),
      fc.array(element, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('', '/'),
    )
    .map(([negated, lead, es, trail]) => `${negated ? '!' : ''}${lead}${es.join('/')}${trail}`);
  const path = fc
    .array(fc.constantFrom('a', 'b', 'ab', 'ba', 'bab'), { minLength: 1, maxLength: 4 })
    .map((es) => es.join('/'));

  test('on which paths a .dockerignore excludes', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), path, (lines, p) => {
        const theirs = ignore({ ignorecase: false }).add(lines).ignores(p);
        assert.equal(excluded(lines.join('\n'), p), theirs, `${JSON.stringify(lines)} on ${p}`);
      }),
      { numRuns: 500 },
    );
  });
});

function excluded(text: string, path: string): boolean {
  let result = false;
  for (const rule of readDockerignore(text)) {
    if (rule.negated !== result) continue;
    if (globMatchesPath(compileGlob(rule.pattern), path)) result = !rule.negated;
  }
  return result;
}
