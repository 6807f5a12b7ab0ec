import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { buildModel } from '../../server/src/core/model/build-model';
import type { ImageModel } from '../../server/src/core/model/types';
import { splitDockerfile } from '../../server/src/core/refactor/split-dockerfile';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';
import { openBuildContext } from '../../server/src/node/build-context';
import { fromRoot } from '../support/paths';
import { testFacts } from '../support/size-facts';

const facts = testFacts();
const FIXTURES = ['refactor/pip', 'refactor/poetry', 'refactor/pipenv', 'refactor/uv', 'refactor/node', 'refactor/go', 'refactor/rust', 'seed-004-single-stage', 'final-from-dev-stage', 'full-buster-poetry'];

/** What a container of the final image does: command, user, directory, environment, ports. */
function behaviour(model: ImageModel) {
  const final = model.finalStage!;
  const chain: number[] = [];
  for (let s: number | undefined = final.index; s !== undefined; ) {
    chain.unshift(s);
    const b: ImageModel["stages"][number]["base"] = model.stages[s].base;
    s = b.kind === 'stage' ? b.stageIndex : undefined;
  }
  const instrs = chain.flatMap((i) => model.stages[i].instructions);
  const last = instrs[instrs.length - 1];
  const lastOf = (k: string) => [...instrs].reverse().find((i) => i.keyword === k);
  const after = (k: string) => {
    const i = lastOf(k);
    return i ? i.args.map((a) => a.value).join(' ') : undefined;
  };
  let workdir = last.state.workdir;
  if (last.keyword === 'WORKDIR') workdir = after('WORKDIR')!;
  let user = last.state.user;
  if (last.keyword === 'USER') user = after('USER')!;
  const env = new Map(last.state.env);
  for (const p of last.keyword === 'ENV' ? last.properties ?? [] : []) env.set(p.name, p.value ?? '');
  return {
    cmd: after('CMD'),
    entrypoint: after('ENTRYPOINT'),
    user,
    workdir,
    env,
    expose: instrs.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.map((a) => a.value)).sort(),
    healthcheck: after('HEALTHCHECK'),
  };
}

describe('split into build and runtime stages', async () => {
  const shell = await loadShellParser();
  for (const name of FIXTURES) {
    const file = fromRoot('test/fixtures', name, 'Dockerfile');
    const text = fs.readFileSync(file, 'utf8');
    const options = { facts, buildContext: openBuildContext(path.dirname(file)) };
    test(`${name}: parses, passes the size rules, is smaller and behaves the same`, () => {
      const out = splitDockerfile(text, shell, options);
      assert.ok(out.ok, out.ok ? '' : out.reason);
      const after = buildModel(out.result.text, shell);
      assert.deepEqual(after.problems.filter((p) => p.severity === 'error'), []);
      assert.ok(after.stages.length >= 2, 'at least a builder and a runtime stage');
      const findings = analyze(out.result.text, shell, options).findings.map((f) => f.ruleId);
      for (const id of ['build-tools-in-final-image', 'missing-runtime-library', 'final-stage-inherits-build-stage', 'venv-without-copies']) {
        assert.ok(!findings.includes(id), `${id} still reported:\n${out.result.text}`);
      }
      // Only comparable when the original base is known to the size data (rust images are not).
      if (out.preview!.before!.bytes > 0) assert.ok(out.preview!.after!.bytes < out.preview!.before!.bytes, 'estimate is lower');

      const b = behaviour(buildModel(text, shell));
      const a = behaviour(after);
      assert.equal(a.cmd, b.cmd, 'CMD');
      assert.equal(a.entrypoint, b.entrypoint, 'ENTRYPOINT');
      assert.equal(a.user, b.user, 'USER');
      assert.equal(a.workdir, b.workdir, 'WORKDIR');
      assert.deepEqual(a.expose, b.expose, 'EXPOSE');
      assert.equal(a.healthcheck, b.healthcheck, 'HEALTHCHECK');
      for (const [k, v] of b.env) {
        // Build-only package-manager settings may stay in the builder; PATH may gain the venv.
        if (/^(POETRY_|PIP_|PIPENV_|UV_|DEBIAN_FRONTEND$)/.test(k)) continue;
        if (k === 'PATH') assert.ok(a.env.get('PATH')?.includes(v.replace(/:\$PATH$/, '')), `PATH keeps ${v}`);
        else assert.equal(a.env.get(k), v, `ENV ${k}`);
      }
    });

    test(`${name}: idempotent — its own output offers no further split`, () => {
      const out = splitDockerfile(text, shell, options);
      assert.ok(out.ok);
      const again = splitDockerfile(out.result.text, shell, options);
      assert.equal(again.ok, false);
    });
  }

  test('seed 004 situation: runtime installs libpq5, not libpq-dev, not build-essential', () => {
    const file = fromRoot('test/fixtures/seed-004-single-stage/Dockerfile');
    const out = splitDockerfile(fs.readFileSync(file, 'utf8'), shell, { facts });
    assert.ok(out.ok);
    const runtime = out.result.text.slice(out.result.text.lastIndexOf('\nFROM '));
    assert.match(runtime, /FROM python:3\.9\.6-slim-buster\n/);
    assert.match(runtime, /install -y --no-install-recommends libpq5/);
    assert.doesNotMatch(runtime, /libpq-dev|build-essential/);
    assert.match(runtime, /COPY --from=builder \/opt\/venv \/opt\/venv/);
    assert.match(out.result.text, /venv --copies \/opt\/venv/);
  });

  test('seed 001 situation: no compilers or node_modules at run time, a separate asset stage', () => {
    const file = fromRoot('test/fixtures/final-from-dev-stage/Dockerfile');
    const out = splitDockerfile(fs.readFileSync(file, 'utf8'), shell, { facts });
    assert.ok(out.ok);
    const model = buildModel(out.result.text, shell);
    const final = model.finalStage!;
    assert.equal(final.name, 'final', 'the final stage keeps its name for --target');
    const assets = model.stages.find((s) => s.base.kind === 'image' && s.base.ref.repository === 'node');
    assert.ok(assets && assets.role === 'copy-source', 'asset stage built on a node image');
    const runtimeText = final.instructions.map((i) => out.result.text.slice(model.lines.offsetAt(i.range.start), model.lines.offsetAt(i.range.end))).join('\n');
    assert.doesNotMatch(runtimeText, /build-essential|-dev\b|npm ci|nodejs/);
    assert.match(runtimeText, /COPY --from=assets \/app\/static\/css\/site\.css/);
  });

  test('not applicable: already split', () => {
    const out = splitDockerfile(fs.readFileSync(fromRoot('server/src/core/rules/build-tools-in-final-image/fixtures/good-builder-and-runtime.Dockerfile'), 'utf8'), shell, { facts });
    assert.equal(out.ok, false);
  });
});
