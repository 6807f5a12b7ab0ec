import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../node/shell-parser-loader';
import type { ShellParser } from '../shell/syntax';
import type { Range } from '../text/line-index';
import { DockerfileParser } from 'dockerfile-ast';
import { buildModel, MAX_ANALYSED_INSTRUCTIONS, MAX_SCRIPT_LENGTH } from './build-model';
import { formatImageRef, parseImageRef } from './image-ref';
import { commandsOf as queryCommands, inFinalImage, instructionAt, rootStage, stageLabel } from './queries';
import { substitute } from './variables';
import type { ImageModel, Instruction, ModelOptions, ShellCommand, Word } from './types';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

const model = (text: string, options?: ModelOptions): ImageModel => buildModel(text, parser, options);

/** The document text a range covers: the check that every range is exact. */
const slice = (m: ImageModel, r: Range): string => m.text.slice(m.lines.offsetAt(r.start), m.lines.offsetAt(r.end));

const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

const roles = (m: ImageModel) => m.stages.map((s) => [s.name ?? s.index, s.role, s.inFinalImage]);

const runs = (m: ImageModel): Instruction[] => m.instructions.filter((i) => i.keyword === 'RUN');

const commandsOf = (i: Instruction): readonly ShellCommand[] => i.run?.commands ?? [];

/** Every word of every command of the model points at document text that spells it. */
function assertWordsPointAtTheirText(m: ImageModel): void {
  for (const i of runs(m)) {
    for (const c of commandsOf(i)) {
      for (const w of [c.name, ...c.args]) {
        const text = slice(m, w.range).replace(/["']/g, '');
        if (!w.dynamic && /^[\w./=:+-]+$/.test(w.value)) assert.equal(text, w.value, `word ${w.value} at ${JSON.stringify(w.range)}`);
      }
      assert.equal(m.text.slice(c.start, c.end), slice(m, c.range));
    }
  }
}

function packagesOf(c: ShellCommand | undefined): readonly Word[] {
  const r = c?.recognized;
  assert.ok(r && 'packages' in r, `expected a package command, got ${JSON.stringify(r)}`);
  return r.packages;
}

describe('stage graph', () => {
  const text = [
    'FROM python:3.12 AS build',
    'RUN pip install --prefix=/install x',
    'FROM build AS test',
    'RUN pytest',
    'FROM python:3.12-slim AS runtime',
    'COPY --from=build /install /usr/local',
    '',
  ].join('\n');

  test('the last stage is final; a stage only copied from is a copy source; the rest is unused', () => {
    const m = model(text);
    assert.deepEqual(roles(m), [['build', 'copy-source', false], ['test', 'unused', false], ['runtime', 'final', true]]);
    assert.equal(m.finalStage?.index, 2);
    assert.deepEqual(m.target, { name: 'runtime', source: 'last-stage' });
    assert.deepEqual(m.stages.map((s) => s.copiesFrom), [[], [], [0]]);
    assert.deepEqual(m.problems, []);
  });

  test('--target picks the final stage; its FROM <stage> chain is in the image', () => {
    const m = model(text, { target: 'test' });
    assert.deepEqual(roles(m), [['build', 'ancestor', true], ['test', 'final', true], ['runtime', 'unused', false]]);
    assert.deepEqual(m.target, { name: 'test', source: 'option' });
  });

  test('target names compare case-insensitively', () => {
    assert.equal(model(text, { target: 'BUILD' }).finalStage?.name, 'build');
  });

  test('a `# dockerlean target=` pragma is a target; the option wins over it', () => {
    const withPragma = `# dockerlean target=test\n${text}`;
    const m = model(withPragma);
    assert.equal(m.finalStage?.name, 'test');
    assert.deepEqual(m.target, { name: 'test', source: 'pragma' });
    assert.deepEqual(model(withPragma, { target: 'build' }).target, { name: 'build', source: 'option' });
  });

  test('an unknown target is a problem, and the last stage is judged', () => {
    const m = model(text, { target: 'nope' });
    assert.deepEqual(m.problems, [
      { message: 'Build target "nope" is not a stage of this Dockerfile; judging the last stage instead.', range: range(0, 0, 0, 0), severity: 'warning' },
    ]);
    assert.equal(m.finalStage?.index, 2);
    assert.deepEqual(m.target, { name: 'runtime', source: 'last-stage' });
    assert.equal(model(`# dockerlean target=gone\n${text}`).problems.length, 1);
  });

  test('ancestors through FROM <stage>, names compared case-insensitively', () => {
    const m = model('FROM alpine AS Base\nFROM base AS mid\nFROM MID\nRUN true\n');
    assert.deepEqual(m.stages.map((s) => s.base.kind === 'stage' && s.base.stageIndex), [false, 0, 1]);
    assert.deepEqual(roles(m), [['Base', 'ancestor', true], ['mid', 'ancestor', true], [2, 'final', true]]);
    assert.equal(slice(m, m.stages[2].base.range), 'MID');
  });

  test('copy sources through --from=name, --from=<index> and RUN --mount from=, transitively', () => {
    const m = model(
      [
        'FROM alpine AS fetch',
        'RUN wget https://example.com/x',
        'FROM golang:1.22 AS build',
        'COPY --from=fetch /x /x',
        'FROM build AS build-extra',
        'FROM alpine AS cache',
        'FROM alpine AS docs',
        'COPY --from=nginx:1.25 /etc/nginx /etc/nginx',
        'FROM debian:bookworm-slim AS Final',
        'COPY --from=build-extra /app /app',
        'RUN --mount=type=bind,from=CACHE,target=/c cp /c/x /x',
        'COPY --from=0 /y /y',
        '',
      ].join('\n'),
    );
    assert.deepEqual(roles(m), [
      ['fetch', 'copy-source', false],
      ['build', 'copy-source', false],
      ['build-extra', 'copy-source', false],
      ['cache', 'copy-source', false],
      ['docs', 'unused', false],
      ['Final', 'final', true],
    ]);
    assert.deepEqual(m.stages.map((s) => s.copiesFrom), [[], [0], [], [], [], [2, 3, 0]]);
    const fromImage = m.stages[4].instructions[1].copy?.fromFlag;
    assert.deepEqual(fromImage && { ...fromImage, range: slice(m, fromImage.range) }, {
      value: 'nginx:1.25',
      range: '--from=nginx:1.25',
      stageIndex: undefined,
      image: { raw: 'nginx:1.25', registry: undefined, repository: 'nginx', tag: '1.25', digest: undefined },
    });
  });

  test('a stage reached both ways stays in the image', () => {
    const m = model('FROM alpine AS base\nFROM base\nCOPY --from=base /a /b\n');
    assert.deepEqual(roles(m), [['base', 'ancestor', true], [1, 'final', true]]);
  });

  test('instructions belong to their stage, FROM first', () => {
    const m = model(text);
    assert.deepEqual(m.stages.map((s) => s.instructions.map((i) => `${i.index}:${i.keyword}`)), [['0:FROM', '1:RUN'], ['2:FROM', '3:RUN'], ['4:FROM', '5:COPY']]);
    assert.deepEqual(m.instructions.map((i) => i.stageIndex), [0, 0, 1, 1, 2, 2]);
    assert.equal(m.stages[1].from, m.instructions[2]);
    assert.equal(m.stages[0].nameRange && slice(m, m.stages[0].nameRange), 'build');
    assert.equal(slice(m, m.stages[2].range), 'FROM python:3.12-slim AS runtime');
  });
});

describe('FROM images and ARG substitution', () => {
  const baseOf = (text: string, options?: ModelOptions, stage = 0) => model(text, options).stages[stage].base;

  test('a global ARG default fills the image reference; the range is the text as written', () => {
    const m = model('ARG PY=3.9\nFROM python:${PY}-slim\n');
    assert.deepEqual(m.stages[0].base, {
      kind: 'image',
      ref: { raw: 'python:3.9-slim', registry: undefined, repository: 'python', tag: '3.9-slim', digest: undefined },
      range: range(1, 5, 1, 22),
      unresolved: [],
    });
    assert.equal(slice(m, m.stages[0].base.range), 'python:${PY}-slim');
    assert.deepEqual([...m.globalArgs], [['PY', '3.9']]);
  });

  test('${VAR:-default} for an ARG without value', () => {
    const base = baseOf('ARG TAG\nFROM python:${TAG:-3.12}\n');
    assert.equal(base.kind === 'image' && base.ref.raw, 'python:3.12');
  });

  test('${VAR:+alt} and $VAR forms', () => {
    const base = baseOf('ARG REG=ghcr.io/org\nARG SUFFIX=1\nFROM $REG/img:v${SUFFIX:+-rc}\n');
    assert.equal(base.kind === 'image' && base.ref.raw, 'ghcr.io/org/img:v-rc');
  });

  test('build args override declared defaults, and fill declared ARGs without one', () => {
    const buildArgs = new Map([['PY', '3.11'], ['TAG', '1']]);
    const base = baseOf('ARG PY=3.9\nARG TAG\nFROM python:${PY}-slim-${TAG}\n', { buildArgs });
    assert.equal(base.kind === 'image' && base.ref.raw, 'python:3.11-slim-1');
  });

  test('a build arg no ARG declares is not used', () => {
    const base = baseOf('FROM python:${PY}\n', { buildArgs: new Map([['PY', '3.11']]) });
    assert.deepEqual(base, { kind: 'unknown', text: 'python:', range: range(0, 5, 0, 17), unresolved: ['PY'] });
  });

  test('a global ARG default can use the ARGs above it', () => {
    const m = model('ARG MAJOR=3\nARG PY=${MAJOR}.12\nFROM python:${PY}\n');
    assert.deepEqual([...m.globalArgs], [['MAJOR', '3'], ['PY', '3.12']]);
    assert.equal(m.stages[0].base.kind === 'image' && m.stages[0].base.ref.tag, '3.12');
  });

  test('an unresolved variable makes the base unknown and names the variable', () => {
    assert.deepEqual(baseOf('ARG REGISTRY\nFROM ${REGISTRY}/python:3.12\n'), {
      kind: 'unknown',
      text: '/python:3.12',
      range: range(1, 5, 1, 28),
      unresolved: ['REGISTRY'],
    });
  });

  test('an ARG inside a stage is not visible to a later FROM', () => {
    const base = baseOf('FROM alpine\nARG V=1\nFROM python:${V}\n', undefined, 1);
    assert.equal(base.kind, 'unknown');
    assert.deepEqual(base.kind === 'unknown' && base.unresolved, ['V']);
  });

  test('scratch, and a stage name that a variable spells', () => {
    const m = model('ARG FROM_STAGE=builder\nFROM scratch AS builder\nFROM ${FROM_STAGE}\n');
    assert.deepEqual(m.stages[0].base, { kind: 'scratch', range: range(1, 5, 1, 12) });
    assert.deepEqual(m.stages[1].base, { kind: 'stage', stageIndex: 0, range: range(2, 5, 2, 18) });
  });

  test('--platform is read, and the image and name ranges skip the flag', () => {
    const m = model('FROM --platform=linux/amd64 python:3.12 AS b\nFROM --platform=$BUILDPLATFORM golang AS g\n');
    const [b, g] = m.stages;
    assert.equal(b.platform, 'linux/amd64');
    assert.equal(slice(m, b.base.range), 'python:3.12');
    assert.equal(b.nameRange && slice(m, b.nameRange), 'b');
    assert.deepEqual(b.from.flags.map((f) => [f.name, f.value, slice(m, f.range), f.valueRange && slice(m, f.valueRange)]), [
      ['platform', 'linux/amd64', '--platform=linux/amd64', 'linux/amd64'],
    ]);
    assert.equal(g.platform, '$BUILDPLATFORM');
    assert.equal(g.name, 'g');
  });

  const refs: Array<[string, Record<string, string | undefined>]> = [
    ['python', { repository: 'python' }],
    ['python:3.12-slim', { repository: 'python', tag: '3.12-slim' }],
    ['ghcr.io/org/img:1', { registry: 'ghcr.io', repository: 'org/img', tag: '1' }],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'x' }],
    ['localhost/x:2', { registry: 'localhost', repository: 'x', tag: '2' }],
    ['docker.io/library/python:3.12', { repository: 'python', tag: '3.12' }],
    ['index.docker.io/library/alpine', { repository: 'alpine' }],
    ['docker.io/bitnami/python', { repository: 'bitnami/python' }],
    ['library/python:3', { repository: 'python', tag: '3' }],
    ['ghcr.io/library/python', { registry: 'ghcr.io', repository: 'library/python' }],
    ['bitnami/python:3.12', { repository: 'bitnami/python', tag: '3.12' }],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', { registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '8.0' }],
    ['python@sha256:abc123', { repository: 'python', digest: 'sha256:abc123' }],
    ['python:3.12@sha256:abc123', { repository: 'python', tag: '3.12', digest: 'sha256:abc123' }],
    ['localhost:5000/x@sha256:ff', { registry: 'localhost:5000', repository: 'x', digest: 'sha256:ff' }],
  ];
  for (const [raw, parts] of refs) {
    test(`image reference ${raw}`, () => {
      const expected = { raw, registry: undefined, repository: '', tag: undefined, digest: undefined, ...parts };
      assert.deepEqual(parseImageRef(raw), expected);
      const base = baseOf(`FROM ${raw}\n`);
      assert.deepEqual(base.kind === 'image' && base.ref, expected);
    });
  }

  test('references that are not images', () => {
    assert.equal(parseImageRef(''), undefined);
    assert.equal(parseImageRef('a b'), undefined);
    assert.equal(parseImageRef('docker.io/library/'), undefined);
  });

  test('formatImageRef writes a reference back', () => {
    assert.equal(formatImageRef({ registry: 'ghcr.io', repository: 'org/img', tag: '1', digest: 'sha256:ff' }), 'ghcr.io/org/img:1@sha256:ff');
    assert.equal(formatImageRef({ repository: 'python', tag: '3.12-slim' }), 'python:3.12-slim');
  });
});

describe('RUN forms', () => {
  test('a heredoc is the script; its commands point into the body', () => {
    const m = model('FROM debian\nRUN <<EOF\napt-get update\napt-get install -y gcc\nEOF\nRUN true\n');
    const [run] = runs(m);
    assert.equal(run.run?.form, 'heredoc');
    assert.equal(run.run?.script, 'apt-get update\napt-get install -y gcc');
    assert.deepEqual(commandsOf(run).map((c) => [c.name.value, slice(m, c.range), c.range.start.line, c.ordinal]), [
      ['apt-get', 'apt-get update', 2, 0],
      ['apt-get', 'apt-get install -y gcc', 3, 1],
    ]);
    assert.deepEqual(packagesOf(commandsOf(run)[1]).map((w) => w.range), [range(3, 19, 3, 22)]);
    assert.equal(slice(m, run.range), 'RUN <<EOF\napt-get update\napt-get install -y gcc\nEOF');
    assert.equal(runs(m)[1].run?.script, 'true');
  });

  test('<<- and a quoted delimiter', () => {
    const m = model('FROM debian\nRUN <<-"EOT"\n\tpip install --no-cache-dir x\n\tEOT\n');
    const [run] = runs(m);
    assert.equal(run.run?.form, 'heredoc');
    const [pip] = commandsOf(run);
    assert.equal(pip.recognized?.tool, 'pip');
    assert.deepEqual(pip.range, range(2, 1, 2, 29));
    assert.deepEqual(packagesOf(pip).map((w) => slice(m, w.range)), ['x']);
  });

  test("a heredoc fed to a shell is that shell's script", () => {
    const m = model('FROM debian\nRUN bash <<EOF\nset -e\npip install x\nEOF\nRUN <<EOF sh -e\napk add y\nEOF\n');
    assert.deepEqual(runs(m).map((r) => [r.run?.form, commandsOf(r).map((c) => c.name.value)]), [
      ['heredoc', ['set', 'pip']],
      ['heredoc', ['apk']],
    ]);
  });

  test('a body for another interpreter is not read as commands', () => {
    const m = model('FROM python:3.12\nRUN python3 <<EOF\nimport os\nprint("it\'s")\nos.system("apt-get install x")\nEOF\n');
    const [run] = runs(m);
    assert.equal(run.run?.form, 'shell');
    assert.equal(run.run?.hasSyntaxErrors, false);
    assert.deepEqual(commandsOf(run).map((c) => [c.name.value, c.args.length, slice(m, c.range)]), [['python3', 0, 'python3']]);
  });

  test('a shebang body for another interpreter has no commands', () => {
    const [run] = runs(model('FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nimport subprocess\nEOF\n'));
    assert.deepEqual([run.run?.form, run.run?.commands.length], ['heredoc', 0]);
  });

  test('two heredocs on one line: only the command line holds commands', () => {
    const m = model('FROM debian\nRUN <<A cat > /a && <<B cat > /b\napt-get install x\nA\nyum install y\nB\nRUN cat <<A >/a && cat <<B >/b\npip install z\nA\nB\n');
    for (const run of runs(m)) {
      assert.deepEqual(commandsOf(run).map((c) => [c.name.value, c.args.length, c.recognized]), [['cat', 0, undefined], ['cat', 0, undefined]]);
      assert.equal(run.run?.hasSyntaxErrors, false);
    }
    assert.deepEqual(commandsOf(runs(m)[0]).map((c) => slice(m, c.range)), ['cat', 'cat']);
  });

  test('a command line continued after its heredoc operator', () => {
    const m = model('FROM a\nRUN cat <<EOF > /x \\\n && apt-get install -y y\napt-get install -y body\nEOF\n');
    const [run] = runs(m);
    assert.equal(run.run?.script, 'cat <<EOF > /x  && apt-get install -y y\napt-get install -y body\nEOF');
    assert.deepEqual(commandsOf(run).map((c) => slice(m, c.range)), ['cat', 'apt-get install -y y']);
    assert.deepEqual(packagesOf(commandsOf(run)[1]).map((w) => w.range), [range(2, 23, 2, 24)]);
  });

  test('COPY <<EOF: the destination is on the command line, the body is not a source', () => {
    const m = model('FROM debian\nCOPY <<EOF /etc/x\nhello\nworld\nEOF\nCOPY --chmod=755 <<A <<B /dest/\nx\nA\ny\nB\n');
    const [one, two] = m.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.copy);
    assert.deepEqual(one && { ...one, destination: one.destination?.value }, {
      fromFlag: undefined,
      sources: [],
      destination: '/etc/x',
      chown: undefined,
      chmod: undefined,
      isHeredoc: true,
      remote: false,
    });
    assert.deepEqual([two?.sources, two?.destination?.value, two?.chmod], [[], '/dest/', '755']);
  });

  test('an unterminated heredoc runs to the end of the file', () => {
    const m = model('FROM debian\nRUN <<EOF\napt-get install -y x');
    const [run] = runs(m);
    assert.equal(run.run?.form, 'heredoc');
    assert.deepEqual(packagesOf(commandsOf(run)[0]).map((w) => w.range), [range(2, 19, 2, 20)]);
  });

  test('exec form: one command of JSON strings', () => {
    const m = model('FROM python:3.12\nRUN ["python","-m","venv","/opt/venv"]\n');
    const [run] = runs(m);
    assert.equal(run.run?.form, 'exec');
    assert.equal(run.run?.script, '["python","-m","venv","/opt/venv"]');
    const [c] = commandsOf(run);
    assert.deepEqual([c.name.value, ...c.args.map((a) => a.value)], ['python', '-m', 'venv', '/opt/venv']);
    assert.deepEqual([slice(m, c.name.range), slice(m, c.range)], ['"python"', '["python","-m","venv","/opt/venv"]']);
    const r = c.recognized;
    assert.ok(r?.tool === 'venv');
    assert.deepEqual([r.path?.value, r.path && slice(m, r.path.range), r.copies, m.text.slice(0, r.insertAt)], ['/opt/venv', '"/opt/venv"', false, 'FROM python:3.12\nRUN ["python","-m","venv"']);
  });

  test('JSON without its closing bracket is shell form', () => {
    const [run] = runs(model('FROM a\nRUN ["apt-get", "install"\n'));
    assert.equal(run.run?.form, 'shell');
  });

  test('mounts are parsed; the script starts after the flags', () => {
    const m = model(
      'FROM python:3.12 AS build\nFROM python:3.12\n' +
        'RUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n' +
        'RUN --mount=type=bind,from=build,source=/src,target=/src --mount=type=secret,id=npmrc,dst=/root/.npmrc --network=none \\\n    npm ci\n',
    );
    const [cache, multi] = runs(m);
    assert.deepEqual(cache.run?.mounts, [{ type: 'cache', target: '/root/.cache/pip', from: undefined, fromStage: undefined, source: undefined, range: range(2, 4, 2, 46) }]);
    assert.deepEqual(cache.flags.map((f) => [f.name, f.value]), [['mount', 'type=cache,target=/root/.cache/pip']]);
    assert.equal(slice(m, cache.run!.scriptRange), 'pip install -r r.txt');
    assert.deepEqual(commandsOf(cache).map((c) => slice(m, c.range)), ['pip install -r r.txt']);
    assert.deepEqual(
      multi.run?.mounts.map((x) => [x.type, x.target, x.from, x.fromStage, x.source]),
      [['bind', '/src', 'build', 0, '/src'], ['secret', '/root/.npmrc', undefined, undefined, undefined]],
    );
    assert.equal(multi.run?.script, 'npm ci');
    assert.deepEqual(m.stages[1].copiesFrom, [0]);
    assert.deepEqual(roles(m), [['build', 'copy-source', false], [1, 'final', true]]);
  });
});

describe('escape directive, CRLF and BOM', () => {
  test('`# escape=`` makes the backtick the line continuation', () => {
    const m = model('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install -y `\n    gcc `\n    make\nRUN echo C:\\path\\x\n');
    assert.equal(m.escapeChar, '`');
    const [install, echo] = runs(m);
    assert.equal(install.run?.script, 'apt-get install -y     gcc     make');
    assert.deepEqual(packagesOf(commandsOf(install)[0]).map((w) => w.range), [range(3, 4, 3, 7), range(4, 4, 4, 8)]);
    assert.equal(echo.run?.script, 'echo C:\\path\\x');
  });

  test('CRLF files keep every range exact', () => {
    const text = 'FROM python:3.12 AS base\r\nRUN apt-get update \\\r\n  && apt-get install -y \\\r\n  # the compiler\r\n\r\n  gcc\\\r\n  && rm -rf /var/lib/apt/lists/*\r\nCOPY --from=base /a /b\r\n';
    const m = model(text);
    const [run] = runs(m);
    assert.equal(run.run?.script, 'apt-get update   && apt-get install -y   gcc  && rm -rf /var/lib/apt/lists/*');
    const [, install, rm] = commandsOf(run);
    assert.deepEqual(packagesOf(install).map((w) => [w.value, w.range]), [['gcc', range(5, 2, 5, 5)]]);
    assert.deepEqual(install.range, range(2, 5, 5, 5));
    assert.deepEqual(rm.range, range(6, 5, 6, 32));
    assert.equal(slice(m, run.range), text.slice(text.indexOf('RUN'), text.indexOf('\r\nCOPY')));
    assert.equal(slice(m, m.instructions[2].range), 'COPY --from=base /a /b');
    assertWordsPointAtTheirText(m);
  });

  test('a CRLF heredoc keeps its ranges exact', () => {
    const m = model('FROM debian\r\nRUN <<EOF\r\napt-get update\r\napt-get install -y gcc\r\nEOF\r\nRUN true\r\n');
    const [heredoc, after] = runs(m);
    assert.equal(heredoc.run?.script, 'apt-get update\r\napt-get install -y gcc');
    assert.deepEqual(commandsOf(heredoc).map((c) => [slice(m, c.range), c.range]), [
      ['apt-get update', range(2, 0, 2, 14)],
      ['apt-get install -y gcc', range(3, 0, 3, 22)],
    ]);
    assert.deepEqual(packagesOf(commandsOf(heredoc)[1]).map((w) => w.range), [range(3, 19, 3, 22)]);
    assert.equal(after.run?.script, 'true');
    assertWordsPointAtTheirText(m);
  });

  test('a BOM before the first instruction', () => {
    const m = model('\uFEFFFROM python:3.12\nRUN pip install x\n');
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN']);
    assert.equal(slice(m, m.stages[0].base.range), 'python:3.12');
    assert.deepEqual(m.stages[0].base.range, range(0, 6, 0, 17));
    assertWordsPointAtTheirText(m);
  });

  test('a BOM before the escape directive', () => {
    const m = model('\uFEFF# escape=`\nFROM a\nRUN a `\n  b\n');
    assert.equal(m.escapeChar, '`');
    assert.equal(runs(m)[0].run?.script, 'a   b');
  });
});

describe('build state per instruction', () => {
  const stateOf = (i: Instruction) => ({ env: Object.fromEntries(i.state.env), args: Object.fromEntries(i.state.args), workdir: i.state.workdir, user: i.state.user });

  test('each instruction sees the state before it runs', () => {
    const m = model(
      [
        'FROM python:3.12',
        'ENV VIRTUAL_ENV=/opt/venv',
        'ENV PATH="$VIRTUAL_ENV/bin:$PATH" HOME_DIR=/srv',
        'WORKDIR /app',
        'WORKDIR src',
        'WORKDIR ../lib/./x/..',
        'WORKDIR $HOME_DIR/data',
        'USER ${APP_USER:-app}:app',
        'RUN true',
        '',
      ].join('\n'),
    );
    assert.deepEqual(m.instructions.map(stateOf), [
      { env: {}, args: {}, workdir: '/', user: 'root' },
      { env: {}, args: {}, workdir: '/', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv' }, args: {}, workdir: '/', user: 'root' },
      // $PATH comes from the base image, which is not known: it expands to nothing.
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/app', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/app/src', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/app/lib', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/srv/data', user: 'root' },
      { env: { VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:', HOME_DIR: '/srv' }, args: {}, workdir: '/srv/data', user: 'app:app' },
    ]);
  });

  test('ENV assignments on one line see the values from before the line', () => {
    const m = model('FROM a\nENV A=1 B=${A}2\nENV A=3 C=$A\nENV D 4 5\nRUN true\n');
    assert.deepEqual(Object.fromEntries(runs(m)[0].state.env), { A: '3', B: '2', C: '1', D: '4 5' });
  });

  test('a stage ARG re-declaring a global ARG gets its default; build args override; ENV shadows ARG', () => {
    const text = 'ARG PY=3.9\nARG ONLY_GLOBAL=g\nFROM python:${PY}\nARG PY\nARG EXTRA=x\nARG NONE\nENV EXTRA=from-env\nRUN echo $PY $EXTRA $ONLY_GLOBAL ${NONE:-n}\n';
    const m = model(text);
    const [run] = runs(m);
    assert.deepEqual(Object.fromEntries(run.state.args), { PY: '3.9', EXTRA: 'x', NONE: undefined });
    assert.deepEqual(commandsOf(run)[0].args.map((a) => [a.value, a.dynamic]), [['3.9', false], ['from-env', false], ['$ONLY_GLOBAL', true], ['n', false]]);
    const overridden = runs(model(text, { buildArgs: new Map([['PY', '3.12'], ['EXTRA', 'y']]) }))[0];
    assert.deepEqual(Object.fromEntries(overridden.state.args), { PY: '3.12', EXTRA: 'y', NONE: undefined });
  });

  test('FROM <stage> inherits ENV, WORKDIR and USER but not ARGs', () => {
    const m = model('ARG V=1\nFROM alpine AS base\nARG V\nENV E=x\nWORKDIR /w\nUSER app\nFROM base\nRUN echo $V $E\nFROM alpine\nRUN true\n');
    const [inherited, fresh] = runs(m);
    assert.deepEqual(stateOf(inherited), { env: { E: 'x' }, args: {}, workdir: '/w', user: 'app' });
    assert.deepEqual(commandsOf(inherited)[0].args.map((a) => a.value), ['$V', 'x']);
    assert.deepEqual(stateOf(fresh), { env: {}, args: {}, workdir: '/', user: 'root' });
  });

  test('SHELL sets the shell from its JSON array', () => {
    const m = model('FROM a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN true\n');
    assert.deepEqual(runs(m)[0].state.shell, ['/bin/bash', '-o', 'pipefail', '-c']);
    assert.deepEqual(m.instructions[0].state.shell, ['/bin/sh', '-c']);
  });

  test('ENV, ARG and LABEL properties', () => {
    const m = model('FROM a\nARG A=1\nENV B=$A C\nLABEL org.opencontainers.image.title="x $A"\n');
    assert.deepEqual(m.instructions.slice(1).map((i) => i.properties?.map((p) => [p.name, p.value, slice(m, p.range)])), [
      [['A', '1', 'A=1']],
      [['B', '1', 'B=$A'], ['C', undefined, 'C']],
      [['org.opencontainers.image.title', 'x $A', 'org.opencontainers.image.title="x $A"']],
    ]);
  });

  test('COPY sources and destination are expanded', () => {
    const m = model('FROM a\nARG SRC=app\nENV DEST=/srv\nCOPY --chown=app:app ${SRC}/ requirements.txt $DEST/\nADD https://example.com/x.tgz /tmp/\n');
    const [copy, add] = m.instructions.filter((i) => i.copy).map((i) => i.copy!);
    assert.deepEqual([copy.sources.map((s) => s.value), copy.destination?.value, copy.chown, copy.remote], [['app/', 'requirements.txt'], '/srv/', 'app:app', false]);
    assert.deepEqual(copy.sources.map((s) => slice(m, s.range)), ['${SRC}/', 'requirements.txt']);
    assert.equal(add.remote, true);
  });
});

describe('RUN commands', () => {
  test('variables from ENV expand in command words', () => {
    const m = model('FROM python:3.12 AS build\nENV VIRTUAL_ENV=/opt/venv\nRUN python -m venv $VIRTUAL_ENV\n');
    const [c] = commandsOf(runs(m)[0]);
    const r = c.recognized;
    assert.ok(r?.tool === 'venv');
    assert.deepEqual([r.path?.value, r.path?.dynamic, r.path && slice(m, r.path.range)], ['/opt/venv', false, '$VIRTUAL_ENV']);
    assert.equal(m.text.slice(r.insertAt, r.insertAt + 13), ' $VIRTUAL_ENV');
  });

  test('an ENV list of packages expands into one word per package', () => {
    const m = model('FROM debian\nENV BUILD_DEPS="gcc libpq-dev"\nRUN apt-get install -y $BUILD_DEPS\n');
    assert.deepEqual(packagesOf(commandsOf(runs(m)[0])[0]).map((w) => [w.value, slice(m, w.range)]), [['gcc', '$BUILD_DEPS'], ['libpq-dev', '$BUILD_DEPS']]);
  });

  test('package words across continuation lines have exact ranges', () => {
    const text = [
      'FROM debian:bookworm',
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends \\',
      '        # build tools',
      '        gcc \\',
      '',
      '        "libpq-dev"\\',
      '        python3=3.11.2-1+b1\\',
      '    && rm -rf /var/lib/apt/lists/*',
      '',
    ].join('\n');
    const m = model(text);
    const [run] = runs(m);
    const [update, install, rm] = commandsOf(run);
    assert.deepEqual(update.range, range(1, 4, 1, 18));
    assert.deepEqual(packagesOf(install).map((w) => [w.value, w.range]), [
      ['gcc', range(4, 8, 4, 11)],
      ['libpq-dev', range(6, 8, 6, 19)],
      ['python3=3.11.2-1+b1', range(7, 8, 7, 27)],
    ]);
    assert.deepEqual(install.range, range(2, 7, 7, 27));
    assert.deepEqual(slice(m, rm.range), 'rm -rf /var/lib/apt/lists/*');
    assert.deepEqual(install.assignments, new Map());
    assertWordsPointAtTheirText(m);
  });

  test('a word just before a continuation ends on its own line', () => {
    const m = model('FROM python:3.12\nRUN apt-get update\\\n && python -m venv\\\n   /opt/venv\n');
    const [update, venv] = commandsOf(runs(m)[0]);
    assert.deepEqual(update.range, range(1, 4, 1, 18));
    assert.deepEqual(update.args[0].range, range(1, 12, 1, 18));
    assert.deepEqual(venv.args[1].range, range(2, 14, 2, 18));
    const r = venv.recognized;
    assert.ok(r?.tool === 'venv');
    assert.deepEqual(m.lines.positionAt(r.insertAt), { line: 2, character: 18 });
    assertWordsPointAtTheirText(m);
  });

  test('commands are numbered within their RUN and keep inline assignments', () => {
    const m = model('FROM a\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y x; PIP_NO_CACHE_DIR=1 pip install y\n');
    assert.deepEqual(commandsOf(runs(m)[0]).map((c) => [c.ordinal, c.name.value, Object.fromEntries(c.assignments)]), [
      [0, 'apt-get', { DEBIAN_FRONTEND: 'noninteractive' }],
      [1, 'pip', { PIP_NO_CACHE_DIR: '1' }],
    ]);
  });

  test('a script over the limit is not analysed, and says so', () => {
    const chunk = 'apt-get install -y x && ';
    const text = `FROM a\nRUN ${chunk.repeat(Math.ceil(MAX_SCRIPT_LENGTH / chunk.length))}true\n`;
    const m = model(text);
    const [run] = runs(m);
    assert.deepEqual([run.run?.commands, run.run?.script, run.run?.form], [[], '', 'shell']);
    assert.equal(m.problems.length, 1);
    assert.equal(m.problems[0].severity, 'information');
    assert.deepEqual(m.problems[0].range, range(1, 0, 1, 3));
  });
});

describe('malformed input never throws', () => {
  test('an empty file', () => {
    const m = model('');
    assert.deepEqual([m.stages, m.instructions, m.problems, m.finalStage, m.target], [[], [], [], undefined, { name: undefined, source: 'last-stage' }]);
  });

  test('only comments', () => {
    const m = model('# one\n  # two\n');
    assert.deepEqual(m.stages, []);
    assert.deepEqual(m.comments.map((c) => [c.text, slice(m, c.range)]), [['one', '# one'], ['two', '# two']]);
  });

  test('instructions before the first FROM', () => {
    const m = model('RUN apt-get install -y x\nENV A=1\nFROM alpine\nRUN echo $A\n');
    assert.deepEqual(m.instructions.map((i) => [i.keyword, i.stageIndex]), [['RUN', -1], ['ENV', -1], ['FROM', 0], ['RUN', 0]]);
    assert.equal(commandsOf(m.instructions[0])[0].recognized?.tool, 'apt');
    assert.deepEqual(commandsOf(m.instructions[3])[0].args.map((a) => [a.value, a.dynamic]), [['$A', true]]);
    assert.deepEqual(roles(m), [[0, 'final', true]]);
  });

  test('FROM without an image', () => {
    const m = model('FROM\nRUN pip install x\nFROM --platform=linux/amd64\n');
    assert.deepEqual(m.stages.map((s) => s.base.kind), ['unknown', 'unknown']);
    assert.deepEqual(m.problems.map((p) => [p.message, p.severity, p.range]), [
      ['FROM needs an image or a stage name.', 'error', range(0, 0, 0, 4)],
      ['FROM needs an image or a stage name.', 'error', range(2, 0, 2, 27)],
    ]);
    assert.equal(commandsOf(m.instructions[1])[0].recognized?.tool, 'pip');
  });

  test('binary junk', () => {
    const junk = '\u0000\u0001\uffff\ud800RUN \u0000 FROM\n\u0007FROM \u0000\nRUN \ud800 apt-get \u0000\n';
    const m = model(junk);
    assert.deepEqual(m.instructions.map((i) => [i.keyword, i.stageIndex]), [['\u0000\u0001\uffff\ud800RUN', -1], ['\u0007FROM', -1], ['RUN', -1]]);
    assert.deepEqual([m.stages, m.problems, m.finalStage], [[], [], undefined]);
    // Seeded noise with many line breaks and backslashes: only that nothing throws is asserted.
    for (let seed = 1; seed <= 20; seed++) {
      let x = seed;
      let s = '';
      for (let k = 0; k < 300; k++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        s += String.fromCharCode(x % 5 === 0 ? 10 : x % 7 === 0 ? 92 : x % 128);
      }
      model(`FROM a\nRUN ${s}`);
      model(s);
    }
  });

  test('unbalanced quotes in RUN', () => {
    const m = model('FROM a\nRUN echo "abc && apt-get install x\nRUN echo \'x && pip install y\n');
    const [dq, sq] = runs(m);
    assert.equal(dq.run?.hasSyntaxErrors, true);
    assert.equal(sq.run?.hasSyntaxErrors, true);
    assert.deepEqual([...commandsOf(dq), ...commandsOf(sq)].map((c) => c.name.value), ['echo', 'echo']);
  });

  test('an empty RUN, a RUN of only flags, an empty JSON RUN', () => {
    const m = model('FROM a\nRUN\nRUN --mount=type=cache,target=/x\nRUN []\n');
    assert.deepEqual(runs(m).map((r) => [r.run?.form, r.run?.commands.length, r.run?.mounts.length]), [['shell', 0, 0], ['shell', 0, 1], ['shell', 0, 0]]);
  });

  test('COPY with nothing to copy and --from nobody defines', () => {
    const m = model('FROM a\nCOPY\nCOPY --from= /x /y\nCOPY --from=nope /a /b\nCOPY --from=5 /a /b\n');
    assert.deepEqual(m.instructions.slice(1).map((i) => [i.copy?.sources.length, i.copy?.fromFlag?.stageIndex]), [[0, undefined], [1, undefined], [1, undefined], [1, undefined]]);
    assert.deepEqual(m.stages[0].copiesFrom, []);
  });

  test('a 1 MB RUN line', () => {
    const text = `FROM a\nRUN echo ${'x'.repeat(1_000_000)} \\\n && apt-get install y\nRUN pip install z\n`;
    const m = model(text);
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'RUN']);
    const [long, short] = runs(m);
    assert.deepEqual(long.run?.commands, []);
    assert.deepEqual(m.lines.offsetAt(long.range.end), text.indexOf('\nRUN pip'));
    assert.equal(m.problems.length, 1);
    const scriptLength = 'echo '.length + 1_000_000 + ' '.length + ' && apt-get install y'.length;
    assert.equal(m.problems[0].message, `This RUN script is ${scriptLength} characters long; dockerlean skips shell analysis above ${MAX_SCRIPT_LENGTH}.`);
    assert.deepEqual(commandsOf(short).map((c) => slice(m, c.range)), ['pip install z']);
  });
});

describe('variable substitution', () => {
  const vars: Record<string, string> = { A: 'v', EMPTY: '', B: 'x' };
  const sub = (text: string, escapeChar?: string) => substitute(text, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined), escapeChar);

  const cases: Array<[string, string, string[]]> = [
    ['a$B-c', 'ax-c', []],
    ['${A}${B}', 'vx', []],
    ['${A:-d} ${EMPTY:-d} ${NONE:-d}', 'v d d', []],
    ['${A:+set} ${EMPTY:+set} ${NONE:+set}', 'set  ', []],
    ['/opt/$NONE/bin', '/opt//bin', ['NONE']],
    ['${NONE}', '', ['NONE']],
    ['${A/x/y}', '${A/x/y}', ['A/x/y']],
    ['\\$A', '$A', []],
    ['$ and $1 and ${', '$ and $1 and ${', []],
  ];
  for (const [text, value, unresolved] of cases) {
    test(text, () => assert.deepEqual(sub(text), { value, unresolved }));
  }

  test('the escape directive escapes $ too', () => {
    assert.deepEqual(sub('`$A \\$A', '`'), { value: '$A \\v', unresolved: [] });
  });
});

describe('queries', () => {
  let m: ImageModel;
  before(() => {
    m = model('FROM python:3.12 AS Build\nRUN apt-get install -y gcc\nFROM build AS test\nRUN apt-get install -y make\nFROM alpine\nRUN apk add curl\n');
  });

  test('commandsOf finds one tool, optionally only in stages of the image', () => {
    assert.deepEqual(queryCommands(m, 'apt').map((s) => [s.stage.index, s.instruction.index, s.command.name.value]), [[0, 1, 'apt-get'], [1, 3, 'apt-get']]);
    assert.deepEqual(queryCommands(m, 'apt', inFinalImage), []);
    assert.deepEqual(queryCommands(m, 'apk', inFinalImage).map((s) => s.recognized.packages.map((w) => w.value)), [['curl']]);
  });

  test('instructionAt, stageLabel and rootStage', () => {
    assert.equal(instructionAt(m, { line: 3, character: 10 })?.index, 3);
    assert.equal(instructionAt(m, { line: 9, character: 0 }), undefined);
    assert.deepEqual(m.stages.map(stageLabel), ['stage "Build"', 'stage "test"', 'stage 2']);
    assert.equal(rootStage(m, m.stages[1]).index, 0);
    assert.equal(rootStage(m, m.stages[2]).index, 2);
  });
});

describe('files with more instructions than are analysed', () => {
  /** What dockerfile-ast makes of the whole text: the analysed instructions must be exactly its first ones. */
  const assertSameAsWholeParse = (text: string) => {
    const m = model(text);
    const nodes = DockerfileParser.parse(text).getInstructions();
    assert.equal(m.instructions.length, MAX_ANALYSED_INSTRUCTIONS);
    m.instructions.forEach((i, k) => assert.deepEqual(i.range, nodes[k].getRange(), `instruction ${k}`));
    assert.match(m.problems[0].message, new RegExp(`up to line ${nodes[MAX_ANALYSED_INSTRUCTIONS].getRange().start.line} and ignores the rest`));
  };

  test('are parsed only up to a little past the last analysed instruction, with the same result', () => {
    assertSameAsWholeParse('FROM debian:12\n' + 'RUN apt-get install -y \\\n    gcc\n'.repeat(1500));
  });

  test('lines that only look like instructions (heredoc bodies, unindented continuations) do not cut too early', () => {
    const chunk = 'RUN <<EOF\nRUN echo in a body\nCOPY x y\nEOF\nRUN a \\\nRUN b\n';
    assertSameAsWholeParse('FROM debian:12\n' + chunk.repeat(700));
  });
});
