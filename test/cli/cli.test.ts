import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { fromRoot } from '../support/paths';

const bin = fromRoot('bin/dockerlean.js');
const seed004 = fromRoot('test/fixtures/seed-004-single-stage/Dockerfile');
const venvFixture = fromRoot('test/fixtures/venv-copied-between-stages/Dockerfile');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: fromRoot() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpCopy(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-cli-'));
  const dst = path.join(dir, 'Dockerfile');
  fs.copyFileSync(src, dst);
  return dst;
}

describe('dockerlean check', () => {
  test('reports build tools in a single-stage Dockerfile and exits 1', () => {
    const r = cli('check', seed004);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /:10:48: warning \[build-tools-in-final-image\]/);
  });

  test('json output follows the contract', () => {
    const r = cli('check', '--format', 'json', seed004, venvFixture);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as Array<{ file: string; findings: Array<Record<string, unknown>> }>;
    assert.equal(out.length, 2);
    const f = out[0].findings.find((x) => x.rule === 'build-tools-in-final-image')!;
    assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'fixes', 'line', 'message', 'rule', 'severity'].sort());
    assert.equal(f.line, 10);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(out[1].findings.map((x) => [x.rule, x.fixes]), [['venv-without-copies', ['Add --copies to the venv']]]);
  });

  test('sarif output validates against the SARIF 2.1.0 schema', () => {
    const r = cli('check', '--format', 'sarif', seed004, venvFixture);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(fromRoot('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The OASIS schema is draft-04; ajv 6 ships that meta-schema but does not load it by default.
    const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
    ajv.addMetaSchema(JSON.parse(fs.readFileSync(fromRoot('node_modules/ajv/lib/refs/json-schema-draft-04.json'), 'utf8')));
    const valid = ajv.validate(schema, log);
    assert.equal(valid, true, JSON.stringify(ajv.errors, null, 2));
    const json = JSON.parse(cli('check', '--format', 'json', seed004, venvFixture).stdout) as Array<{ findings: unknown[] }>;
    assert.equal(log.runs[0].results.length, json.reduce((n, f) => n + f.findings.length, 0), 'one result per finding');
    assert.ok(log.runs[0].tool.driver.rules.every((x: { helpUri?: string }) => x.helpUri?.startsWith('file://')));
    // A schema check that cannot fail proves nothing: a broken log must be rejected.
    assert.equal(ajv.validate(schema, { ...log, version: '9.9' }), false);
  });

  test('a clean file exits 0', () => {
    const file = tmpCopy(seed004);
    fs.writeFileSync(file, 'FROM python:3.12-slim\nCMD ["python"]\n');
    const r = cli('check', file);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No findings/);
  });

  test('usage and I/O errors exit 2 with one line', () => {
    assert.equal(cli().code, 2);
    const missing = cli('check', '/nonexistent/Dockerfile');
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'dockerlean: /nonexistent/Dockerfile: no such file');
    assert.equal(cli('check', '--format', 'xml', seed004).code, 2);
    assert.equal(cli('check', '--bogus', seed004).code, 2);
    assert.equal(cli('check', '--context', '/nonexistent', seed004).code, 2);
    assert.equal(cli('fix', '--rule', 'no-such-rule', seed004).code, 2);
    assert.equal(cli('check', fromRoot('test')).code, 2);
  });
});

describe('dockerlean fix', () => {
  test('--rule venv-without-copies adds --copies and prints the result', () => {
    const r = cli('fix', '--rule', 'venv-without-copies', venvFixture);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^RUN python -m venv --copies \/srv\/\.venv$/m);
    assert.match(r.stderr, /Add --copies to the venv \[venv-without-copies\]/);
  });

  test('--write rewrites the file in place, keeping its mode, and a second run has nothing to do', () => {
    const file = tmpCopy(venvFixture);
    fs.chmodSync(file, 0o640);
    const r = cli('fix', '--write', file);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(fs.readFileSync(file, 'utf8'), /venv --copies/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['Dockerfile'], 'no temp file left behind');
    const again = cli('fix', '--write', file);
    assert.match(again.stderr, /nothing to fix/);
  });

  test('without --rule only safe fixes are applied', () => {
    const file = tmpCopy(venvFixture);
    fs.writeFileSync(file, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n');
    const r = cli('fix', file);
    assert.equal(r.stdout, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n');
  });
});

describe('dockerlean estimate', () => {
  test('json output follows the contract', () => {
    const r = cli('estimate', '--format', 'json', seed004);
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    for (const k of ['file', 'finalStage', 'totalBytes', 'lowBytes', 'highBytes', 'base', 'layers']) assert.ok(k in e, k);
    assert.deepEqual(Object.keys(e.base).slice(0, 3), ['image', 'bytes', 'source']);
    assert.ok(e.lowBytes <= e.totalBytes && e.totalBytes <= e.highBytes);
    const layer = e.layers.find((l: { line: number }) => l.line === 8);
    for (const k of ['line', 'instruction', 'stage', 'inFinalImage', 'bytes', 'lowBytes', 'highBytes', 'items']) assert.ok(k in layer, k);
    assert.equal(layer.instruction, 'RUN');
    assert.ok(layer.items.every((i: Record<string, unknown>) => typeof i.name === 'string' && typeof i.bytes === 'number'));
  });

  test('text output names the big layers', () => {
    const r = cli('estimate', seed004);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /final image ≈ \d+ MB/);
    assert.match(r.stdout, /build-essential/);
  });
});

describe('dockerlean fix --rule split-build-runtime', () => {
  test('prints the split Dockerfile and the size before and after', () => {
    const r = cli('fix', '--rule', 'split-build-runtime', seed004);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /FROM python:3\.9\.6-slim-buster AS builder/);
    assert.match(r.stderr, /estimated \d+ MB .*→ \d+ MB/);
  });
});
