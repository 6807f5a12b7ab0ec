import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadShellParser } from '../../node/shell-parser-loader';
import type { ShellParser } from '../shell/syntax';
import { canonicalModel, firstDifference } from '../../../../test/support/model-canonical';
import { buildModel } from './build-model';
import type { ImageModel } from './types';

let shell: ShellParser;
before(async () => {
  shell = await loadShellParser();
});

/** Equal canonical forms, or a failure that shows where they first differ (models are long). */
function assertSameModel(actual: ImageModel, expected: ImageModel, message: string): void {
  const diff = firstDifference(canonicalModel(actual), canonicalModel(expected));
  if (diff) assert.fail(`${message}\n${diff}`);
}

/** The previous model was reused: a kept instruction shares its parts with it. */
const reusedFrom = (prev: ImageModel, next: ImageModel) => next.instructions.length > 0 && prev.instructions.length > 0 && next.instructions[0].args === prev.instructions[0].args;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INSERTS = ['x', ' ', '\n', '\\\n', ' \\\n  ', '#', 'RUN echo hi\n', 'ENV A=1\n', '<<EOF\n', 'EOF\n', '$A', '"', 'FROM x\n', '\r\n', '--mount=type=cache,target=/root/.cache ', ' && apt-get install -y gcc'];

function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  if (rnd() < 0.35 && text.length) {
    const len = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 2 : 40));
    return text.slice(0, at) + text.slice(Math.min(text.length, at + len));
  }
  return text.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + text.slice(at);
}

function fixtureTexts(): Array<{ name: string; text: string }> {
  const root = path.resolve(__dirname, '../../../../..');
  const out: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name === 'Dockerfile' || name.endsWith('.Dockerfile')) out.push({ name: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'test/fixtures'));
  walk(path.join(root, 'server/src/core/rules'));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

describe('building from the previous version of the text', () => {
  test('any chain of edits gives the model a whole build gives, and most keystrokes reuse the previous one', () => {
    const files = fixtureTexts();
    assert.ok(files.length > 50, `fixtures found: ${files.length}`);
    let reused = 0;
    let edits = 0;
    files.forEach(({ name, text }, k) => {
      const rnd = random(Number(process.env.DOCKERLEAN_REUSE_SEED ?? 1000) + k);
      let prev = buildModel(text, shell);
      let current = text;
      for (let step = 0; step < Number(process.env.DOCKERLEAN_REUSE_STEPS ?? 25); step++) {
        current = edit(current, rnd);
        const incremental = buildModel(current, shell, {}, prev);
        const whole = buildModel(current, shell);
        assertSameModel(incremental, whole, `${name}, edit ${step}: ${JSON.stringify(current)}`);
        if (reusedFrom(prev, incremental)) reused++;
        edits++;
        prev = incremental;
      }
    });
    // Random edits hit FROM/ENV/ARG lines and file headers too, which rebuild whole.
    assert.ok(reused / edits > 0.4, `reused ${reused} of ${edits}`);
    if (process.env.DOCKERLEAN_REUSE_STATS) console.log(`reused ${reused} of ${edits}`);
  });

  const cases: Array<[string, string, string]> = [
    ['typing in a RUN', 'FROM debian:12\nRUN apt-get install -y gcc\nCOPY . /app\n', 'FROM debian:12\nRUN apt-get install -y gccx\nCOPY . /app\n'],
    ['a new line above later instructions', 'FROM debian:12\nRUN a\nRUN b\nCOPY . /app\n', 'FROM debian:12\nRUN a\n\nRUN b\nCOPY . /app\n'],
    ['a continuation joining the next instruction', 'FROM debian:12\nRUN a\nRUN b\nCOPY . /app\n', 'FROM debian:12\nRUN a \\\nRUN b\nCOPY . /app\n'],
    ['a heredoc opened in a RUN', 'FROM debian:12\nRUN cat\nRUN b\nEOF\nCOPY . /app\n', 'FROM debian:12\nRUN cat <<EOF\nRUN b\nEOF\nCOPY . /app\n'],
    ['a heredoc closed', 'FROM debian:12\nRUN cat <<EOF\nRUN b\nEOX\nCOPY . /app\n', 'FROM debian:12\nRUN cat <<EOF\nRUN b\nEOF\nCOPY . /app\n'],
    ['the escape directive', '# escape=`\nFROM debian:12\nRUN a `\n  b\nRUN c\n', '# escape=`\nFROM debian:12\nRUN ax `\n  b\nRUN c\n'],
    ['an ENV that later instructions read', 'FROM debian:12\nENV P=gcc\nRUN apt-get install -y $P\n', 'FROM debian:12\nENV P=g++\nRUN apt-get install -y $P\n'],
    ['a later stage copying from an earlier one', 'FROM debian:12 AS b\nRUN make\nFROM debian:12-slim\nCOPY --from=b /out /out\n', 'FROM debian:12 AS b\nRUN make all\nFROM debian:12-slim\nCOPY --from=b /out /out\n'],
    ['a comment between instructions', 'FROM debian:12\nRUN a\n# note\nRUN b\n', 'FROM debian:12\nRUN a\n# note!\nRUN b\n'],
    ['CRLF line breaks', 'FROM debian:12\r\nRUN a \\\r\n  b\r\nRUN c\r\n', 'FROM debian:12\r\nRUN ax \\\r\n  b\r\nRUN c\r\n'],
  ];
  for (const [name, before, after] of cases) {
    test(`${name}: same model as a whole build`, () => {
      const prev = buildModel(before, shell);
      assertSameModel(buildModel(after, shell, {}, prev), buildModel(after, shell), name);
    });
  }

  test('a RUN keystroke re-parses only that instruction: the rest is kept', () => {
    const before = 'FROM debian:12\nRUN apt-get install -y gcc\nRUN pip install flask\nCOPY . /app\n';
    const prev = buildModel(before, shell);
    const next = buildModel(before.replace('gcc', 'gccx'), shell, {}, prev);
    assert.ok(reusedFrom(prev, next));
    // Moved one character along, not parsed again: what holds no position is the very same object.
    assert.equal(next.instructions[2].run?.commands[0].assignments, prev.instructions[2].run?.commands[0].assignments);
    assert.equal(next.instructions[2].run?.commands[0].start, prev.instructions[2].run!.commands[0].start + 1);
    assert.notEqual(next.instructions[1].run?.commands[0].assignments, prev.instructions[1].run?.commands[0].assignments);
  });

  test('other build options never reuse', () => {
    const text = 'FROM debian:12 AS a\nRUN x\nFROM debian:12 AS b\nRUN y\n';
    const prev = buildModel(text, shell, { target: 'a' });
    const next = buildModel(text.replace('RUN y', 'RUN yz'), shell, { target: 'b' }, prev);
    assert.ok(!reusedFrom(prev, next));
    assert.equal(next.finalStage?.name, 'b');
  });
});
