import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildScriptSource, concatScriptSources, toDocumentEnd, verbatimScriptSource, type ScriptSource } from './script-source';

/** The script of everything after `RUN ` in `text`. */
function run(text: string, escapeChar = '\\'): ScriptSource {
  assert.ok(text.startsWith('RUN '));
  return buildScriptSource(text, 4, text.length, escapeChar);
}

/** The property every caller relies on: a script character is the document character it maps to. */
function assertExactMapping(text: string, source: ScriptSource): void {
  for (let i = 0; i < source.script.length; i++) {
    const d = source.toDocument(i);
    assert.equal(text[d], source.script[i], `script offset ${i} maps to document offset ${d}`);
  }
}

describe('buildScriptSource', () => {
  test('a single line is copied as is', () => {
    const text = 'RUN apt-get update';
    const s = run(text);
    assert.equal(s.script, 'apt-get update');
    assert.equal(s.toDocument(0), 4);
    assert.equal(s.toDocument(s.script.length), text.length);
    assertExactMapping(text, s);
  });

  test('a backslash continuation is removed with its line break', () => {
    const text = 'RUN apt-get update \\\n    && apt-get install -y gcc';
    const s = run(text);
    assert.equal(s.script, 'apt-get update     && apt-get install -y gcc');
    assert.equal(s.toDocument(14), text.indexOf(' \\'));
    // The first script character after the removed break is the next line's first one.
    assert.equal(s.toDocument(15), text.indexOf('    &&'));
    assertExactMapping(text, s);
  });

  test('spaces and tabs between the escape and the break are dropped too', () => {
    const text = 'RUN a \\  \t\n  b';
    const s = run(text);
    assert.equal(s.script, 'a   b');
    assertExactMapping(text, s);
  });

  test('the backtick escape of `# escape=`` continues lines; a backslash then does not', () => {
    const text = 'RUN dir C:\\ `\n  && echo a\\\n';
    const s = buildScriptSource(text, 4, text.length - 1, '`');
    assert.equal(s.script, 'dir C:\\   && echo a\\');
    assertExactMapping(text, s);
    const plain = buildScriptSource('RUN a \\\n b', 4, 10, '`');
    assert.equal(plain.script, 'a \\\n b');
  });

  test('comment lines and blank lines inside a continuation are dropped', () => {
    const text = 'RUN apt-get install \\\n  # the compiler\n  gcc \\\n\n   \t\n\tmake';
    const s = run(text);
    assert.equal(s.script, 'apt-get install   gcc \tmake');
    assert.equal(s.toDocument(s.script.indexOf('gcc')), text.indexOf('gcc'));
    assert.equal(s.toDocument(s.script.indexOf('make')), text.indexOf('make'));
    assertExactMapping(text, s);
  });

  test('a comment line ending with the escape does not end the continuation', () => {
    const text = 'RUN a \\\n# note \\\n b';
    const s = run(text);
    assert.equal(s.script, 'a  b');
    assertExactMapping(text, s);
  });

  test('a comment line that ends the instruction is dropped', () => {
    const text = 'RUN make\\\n  # done';
    const s = run(text);
    assert.equal(s.script, 'make');
    assert.equal(toDocumentEnd(s, 0, 4), 8);
    assertExactMapping(text, s);
  });

  test('a # that is not at the start of a continued line stays', () => {
    const text = 'RUN echo a#b \\\n  c # d';
    const s = run(text);
    assert.equal(s.script, 'echo a#b   c # d');
    assertExactMapping(text, s);
  });

  test('CRLF line breaks are removed whole', () => {
    const text = 'RUN apt-get install -y \\\r\n  # c\r\n\r\n  gcc \\ \r\n  make';
    const s = run(text);
    assert.equal(s.script, 'apt-get install -y   gcc   make');
    assertExactMapping(text, s);
  });

  test('an escape before a lone CR is not a continuation', () => {
    const text = 'RUN a \\\rb';
    assert.equal(run(text).script, 'a \\\rb');
  });

  test('an escape not followed by a line break stays in the script', () => {
    const text = 'RUN echo a\\ b \\';
    const s = run(text);
    assert.equal(s.script, 'echo a\\ b \\');
    assertExactMapping(text, s);
  });

  test('an escaped escape before the break still continues the line, as in Docker', () => {
    const text = 'RUN echo \\\\\\\n x';
    const s = run(text);
    assert.equal(s.script, 'echo \\\\ x');
    assertExactMapping(text, s);
  });

  test('a continuation at the very end of the range leaves nothing behind', () => {
    const text = 'RUN a \\\n';
    const s = buildScriptSource(text, 4, text.length - 1, '\\');
    assert.equal(s.script, 'a ');
  });

  test('only the range is read', () => {
    const text = 'FROM x\nRUN a \\\n  b\nRUN c';
    const start = text.indexOf('a');
    const end = text.indexOf('\nRUN c');
    const s = buildScriptSource(text, start, end, '\\');
    assert.equal(s.script, 'a   b');
    assert.equal(s.toDocument(0), start);
    assert.equal(s.toDocument(s.script.length), end);
    assertExactMapping(text, s);
  });

  test('an empty range maps everything to its start', () => {
    const s = buildScriptSource('RUN ', 4, 4, '\\');
    assert.equal(s.script, '');
    assert.equal(s.toDocument(0), 4);
    assert.equal(s.toDocument(9), 4);
  });

  test('offsets past the script clamp to the end of the last piece', () => {
    const text = 'RUN a \\\n b';
    const s = run(text);
    assert.equal(s.toDocument(100), text.length);
    assert.equal(s.toDocument(-5), 4);
  });

  test('many continuations map exactly', () => {
    const lines = ['apt-get update'];
    for (let k = 0; k < 50; k++) lines.push(`${' '.repeat(k % 7)}&& pkg${k} \t`);
    const text = 'RUN ' + lines.join(' \\\n') + '\n';
    const s = buildScriptSource(text, 4, text.length - 1, '\\');
    assert.equal(s.script.includes('\n'), false);
    assertExactMapping(text, s);
  });
});

describe('toDocumentEnd', () => {
  const text = 'RUN apt-get install gcc\\\n && make';
  const s = run(text);

  test('an end right before a removed continuation stays on its line', () => {
    const gccEnd = s.script.indexOf('gcc') + 3;
    assert.equal(s.toDocument(gccEnd), text.indexOf(' &&'));
    assert.equal(toDocumentEnd(s, gccEnd - 3, gccEnd), text.indexOf('\\'));
  });

  test('an end inside a piece is the plain mapping', () => {
    assert.equal(toDocumentEnd(s, 0, 7), 11);
    assert.equal(toDocumentEnd(s, s.script.indexOf('make'), s.script.length), text.length);
  });

  test('an empty range maps its offset', () => {
    assert.equal(toDocumentEnd(s, 3, 3), 7);
  });
});

describe('verbatimScriptSource and concatScriptSources', () => {
  const text = 'RUN cat <<EOF \\\n  > /x\nbody\nEOF\n';
  const headEnd = text.indexOf('\nbody');

  test('a verbatim slice maps one to one and clamps', () => {
    const v = verbatimScriptSource(text, headEnd, text.length - 1);
    assert.equal(v.script, '\nbody\nEOF');
    assert.equal(v.toDocument(1), headEnd + 1);
    assert.equal(v.toDocument(99), text.length - 1);
    assert.equal(v.toDocument(-1), headEnd);
    assertExactMapping(text, v);
  });

  test('two pieces map each part to its own place', () => {
    const c = concatScriptSources(buildScriptSource(text, 4, headEnd, '\\'), verbatimScriptSource(text, headEnd, text.length - 1));
    assert.equal(c.script, 'cat <<EOF   > /x\nbody\nEOF');
    assert.equal(c.toDocument(c.script.indexOf('body')), text.indexOf('body'));
    assertExactMapping(text, c);
  });
});
