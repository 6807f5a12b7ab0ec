// Opening an untrusted repository must be safe: the CLI and the language server open no network
// connection, run no program, write no file (but the one `fix --write` replaces, atomically), and
// package.json says how the extension behaves in untrusted workspaces. Proved by running the real
// CLI and the real bundled server under a preload (test/support/sandbox-preload.ts) that records and
// refuses every network, process and file-write API of Node; a negative control shows it catches them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../server/src/cli/read-dockerfile';
import { LspTestClient } from './support/lsp-client';
import { fromRoot } from './support/paths';

const bin = fromRoot('bin/dockerlean.js');
const preload = fromRoot('out/test/support/sandbox-preload.js');
const TIMEOUT_MS = 30_000;

interface Entry {
  pid: number;
  kind: string;
  detail: string;
}

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `dockerlean-safety-${prefix}-`));
const readLog = (log: string): Entry[] =>
  fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Entry) : [];
const isNetworkOrProcess = (e: Entry) => !e.kind.startsWith('fs.');

function sandboxed(args: string[], log: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: { ...process.env, DOCKERLEAN_SANDBOX_LOG: log, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A workspace as a hostile repository could ship it: scripts, a venv-like bin/, hooks, a Dockerfile
 * that downloads, pulls from a private registry and copies everything.
 */
function hostileWorkspace(): { dir: string; file: string; text: string } {
  const dir = tmp('workspace');
  const text = [
    '# syntax=docker/dockerfile:1',
    'FROM registry.example.com/team/python:3.12 AS build',
    'RUN apt-get update && apt-get install -y gcc libpq-dev curl',
    'RUN curl -fsSL https://example.com/install.sh | sh',
    'ADD https://example.com/tool.tar.gz /opt/',
    'ADD git@github.com:example/private.git /src',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt && npm install -g left-pad',
    'FROM python:3.12',
    'COPY --from=build /usr/local /usr/local',
    'COPY . /app',
    'RUN ./setup.sh && make install',
    'CMD ["python", "/app/main.py"]',
    '',
  ].join('\n');
  const files: Record<string, string> = {
    Dockerfile: text,
    'requirements.txt': 'psycopg2\n-e git+https://example.com/x.git#egg=x\n--index-url https://pypi.example.com/simple\n',
    'setup.sh': '#!/bin/sh\ntouch /tmp/dockerlean-safety-pwned\n',
    'setup.py': 'import os\nos.system("touch /tmp/dockerlean-safety-pwned")\n',
    'package.json': '{"scripts":{"preinstall":"touch /tmp/dockerlean-safety-pwned"}}',
    'Makefile': 'install:\n\ttouch /tmp/dockerlean-safety-pwned\n',
    '.git/hooks/post-checkout': '#!/bin/sh\ntouch /tmp/dockerlean-safety-pwned\n',
    'bin/docker': '#!/bin/sh\ntouch /tmp/dockerlean-safety-pwned\n',
    'bin/ldd': '#!/bin/sh\ntouch /tmp/dockerlean-safety-pwned\n',
    '.dockerignore': '.git\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content, { mode: 0o755 });
  }
  return { dir, file: path.join(dir, 'Dockerfile'), text };
}

describe('the sandbox detector (negative control)', () => {
  test('catches a real connection, a DNS lookup, HTTP(S), TLS, fetch and every way to run a program', () => {
    const log = path.join(tmp('control'), 'log.jsonl');
    const script = path.join(path.dirname(log), 'attempt.js');
    fs.writeFileSync(
      script,
      `const tryIt = (f) => { try { const r = f(); if (r && r.catch) r.catch(() => {}); } catch {} };
       tryIt(() => require('net').connect(9, '127.0.0.1'));
       tryIt(() => new (require('net').Socket)().connect({ port: 9, host: '127.0.0.1' }));
       tryIt(() => require('dns').lookup('example.com', () => {}));
       tryIt(() => require('https').get('https://example.com/'));
       tryIt(() => require('http').request('http://example.com/'));
       tryIt(() => require('tls').connect(443, 'example.com'));
       tryIt(() => fetch('https://example.com/'));
       tryIt(() => require('child_process').spawnSync('true'));
       tryIt(() => require('child_process').exec('true'));
       tryIt(() => require('child_process').execFileSync('true'));
       tryIt(() => require('child_process').fork(__filename));
       // Pipes are not connections: a stdio pipe to this process is used without any record.
       process.stdout.write('still talking over a pipe\\n');
       setTimeout(() => process.exit(0), 50);`,
    );
    const r = spawnSync(process.execPath, ['--require', preload, script], { encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, DOCKERLEAN_SANDBOX_LOG: log } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'still talking over a pipe\n');
    const kinds = new Set(readLog(log).map((e) => e.kind));
    for (const k of ['net.connect', 'net.Socket.connect', 'dns.lookup', 'https.get', 'http.request', 'tls.connect', 'fetch', 'child_process.spawnSync', 'child_process.exec', 'child_process.execFileSync', 'child_process.fork']) {
      assert.ok(kinds.has(k), `${k} not caught: ${[...kinds].join(', ')}`);
    }
  });
});

describe('the CLI opens no connection and runs nothing', () => {
  const ws = hostileWorkspace();
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));

  test('check (text, json, sarif), fix, fix --write, estimate (text, json), rules', () => {
    const log = path.join(tmp('cli'), 'log.jsonl');
    const copy = path.join(ws.dir, 'Dockerfile.copy');
    fs.copyFileSync(ws.file, copy);
    const runs = [
      ['check', ws.file],
      ['check', '--format', 'json', ws.file],
      ['check', '--format', 'sarif', '--context', ws.dir, ws.file],
      ['fix', ws.file],
      ['fix', '--write', copy],
      ['estimate', ws.file],
      ['estimate', '--format', 'json', ws.file],
      ['rules'],
    ];
    for (const args of runs) {
      const r = sandboxed(args, log);
      assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    }
    const entries = readLog(log);
    assert.deepEqual(entries.filter(isNetworkOrProcess), []);
    // The only writes: fix --write's temp file beside its target, renamed over it.
    const writes = entries.filter((e) => e.kind.startsWith('fs.'));
    for (const w of writes) assert.ok(w.detail.startsWith(`${copy}.dockerlean-`), JSON.stringify(w));
    assert.ok(writes.some((w) => w.kind === 'fs.renameSync' && w.detail.endsWith(` -> ${copy}`)), JSON.stringify(writes));
    assert.equal(fs.existsSync('/tmp/dockerlean-safety-pwned'), false);
  });
});

describe('the language server opens no connection, runs nothing, writes nothing and applies no edit itself', () => {
  const ws = hostileWorkspace();
  const log = path.join(tmp('server'), 'log.jsonl');
  let client: LspTestClient;
  const applyEditRequests: unknown[] = [];
  before(async () => {
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, DOCKERLEAN_SANDBOX_LOG: process.env.DOCKERLEAN_SANDBOX_LOG };
    process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
    process.env.DOCKERLEAN_SANDBOX_LOG = log;
    try {
      client = new LspTestClient();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    client.connection.onRequest('workspace/applyEdit', (p: unknown) => {
      applyEditRequests.push(p);
      return { applied: false };
    });
    await client.initialize(true);
  });
  after(async () => {
    await client.close();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  });

  test('initialize, didOpen, hover, codeAction, fixAll, inlay hints, estimate, didChange, settings, didClose', async () => {
    const uri = pathToFileURL(ws.file).href;
    await client.open(uri, ws.text, 1);
    const first = await client.diagnosticsForVersion(uri, 1, TIMEOUT_MS);
    assert.ok(first.diagnostics.length > 0, 'the server works under the sandbox (stdio pipes are not connections)');
    const lines = ws.text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: Math.min(6, lines[line].length) } });
    }
    const whole = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } };
    const actions = await client.connection.sendRequest<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: first.diagnostics } });
    assert.ok(actions.length > 0, 'code actions are offered as edits for the user to apply');
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } });
    await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
    await client.connection.sendRequest('dockerlean/estimate', { uri });
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'RUN wget https://example.com/x && pip download torch\n' }]);
    await client.diagnosticsForVersion(uri, 2, TIMEOUT_MS);
    client.configuration = { buildContext: '..', baseImageSizes: { 'registry.example.com/team/python:3.12': '250MB' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsForVersion(uri, 2, TIMEOUT_MS);
    await client.connection.sendRequest('dockerlean/estimate', { uri });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.nextDiagnostics(uri, TIMEOUT_MS);

    const entries = readLog(log);
    assert.ok(!entries.some((e) => e.pid === process.pid));
    assert.deepEqual(entries, [], 'no network, no process, no file write');
    assert.deepEqual(applyEditRequests, [], 'edits only reach the document through code actions the user applies');
    assert.equal(fs.existsSync('/tmp/dockerlean-safety-pwned'), false);
  });
});

describe('package.json declares the extension\'s behaviour in untrusted workspaces', () => {
  test('capabilities.untrustedWorkspaces is declared and explained', () => {
    const pkg = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown } } };
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces');
    assert.ok(u.supported === true || u.supported === 'limited', `supported: ${String(u.supported)}`);
    assert.equal(typeof u.description, 'string');
    assert.match(String(u.description), /never runs|does not run|reads/i);
  });
});

describe('fix --write replaces the file atomically and never truncates it', () => {
  // apt-lists-not-removed has a safe fix here, so plain `fix` changes the file.
  const original = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD ["curl"]\n';
  const fixture = path.join(tmp('fixture'), 'Dockerfile');
  fs.writeFileSync(fixture, original);

  test('a successful write: the fixed text, the file mode kept, no temp file left', () => {
    const dir = tmp('write-ok');
    const file = path.join(dir, 'Dockerfile');
    fs.copyFileSync(fixture, file);
    fs.chmodSync(file, 0o640);
    const expected = spawnSync(process.execPath, [bin, 'fix', file], { encoding: 'utf8' }).stdout;
    const r = spawnSync(process.execPath, [bin, 'fix', '--write', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(fs.readFileSync(file, 'utf8'), fs.readFileSync(fixture, 'utf8'));
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
  });

  test('a disk full during the write: exit 2, one line, the original intact, no temp file left', () => {
    const dir = tmp('write-full');
    const file = path.join(dir, 'Dockerfile');
    fs.copyFileSync(fixture, file);
    const before = fs.readFileSync(file);
    const r = sandboxed(['fix', '--write', file], path.join(dir, '..', `${path.basename(dir)}.log`), { DOCKERLEAN_SANDBOX_FAIL_WRITE: '.tmp' });
    assert.equal(r.code, 2, r.stderr);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('dockerlean:'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], new RegExp(`^dockerlean: could not write ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOSPC`));
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
  });

  test('a directory where the temp file goes: the write fails with its own error, the original intact', () => {
    const dir = tmp('write-blocked');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, 'FROM debian\n');
    fs.mkdirSync(`${file}.dockerlean-${process.pid}.tmp`);
    assert.throws(() => writeFileAtomic(file, 'FROM debian:bookworm-slim\n'), /EISDIR|illegal operation on a directory/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM debian\n');
  });
});

describe('CLI errors a user can act on: one line, exit 2', () => {
  const dir = tmp('errors');
  const good = path.join(dir, 'Dockerfile');
  fs.writeFileSync(good, 'FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n');
  const cli = (args: string[], env: Record<string, string> = {}) => sandboxed(args, path.join(dir, 'log.jsonl'), env);

  test('usage errors: the first line says what is wrong, then the usage; no stack trace', () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^dockerlean: unknown command "frobnicate"$/],
      [['check'], /^dockerlean: check needs at least one FILE$/],
      [['check', '--format', 'xml', good], /^dockerlean: unknown format "xml"$/],
      [['check', '--bogus', good], /^dockerlean: unknown option --bogus$/],
      [['check', '-x', good], /^dockerlean: unknown option -x$/],
      [['fix', good, good], /^dockerlean: fix needs exactly one FILE$/],
      [['fix', '--rule', 'no-such-rule', good], /^dockerlean: unknown rule "no-such-rule"/],
      [['estimate', good, '--context'], /^dockerlean: --context needs a value$/],
      [['estimate', '--context', path.join(dir, 'nope'), good], /^dockerlean: --context .*: not a directory$/],
    ];
    for (const [args, first] of cases) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.split('\n');
      assert.match(lines[0], first, args.join(' '));
      assert.equal(lines.filter((l) => l.startsWith('dockerlean:')).length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at \S/, 'no stack trace');
    }
    assert.equal(cli([]).code, 2);
  });

  test('unreadable files: missing, a directory, a FIFO, too large, permission denied', () => {
    const fifo = path.join(dir, 'fifo');
    const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;
    const large = path.join(dir, 'large');
    fs.closeSync(fs.openSync(large, 'w'));
    fs.truncateSync(large, 17 * 2 ** 20);
    const denied = path.join(dir, 'denied');
    fs.writeFileSync(denied, 'FROM debian\n');
    const cases: Array<[string, RegExp, Record<string, string>]> = [
      [path.join(dir, 'missing'), /: no such file$/, {}],
      [dir, /: is a directory$/, {}],
      [large, /: 17825792 bytes is larger than the \d+-byte limit$/, {}],
      // Root reads mode-000 files, so the preload refuses this one read with EACCES.
      [denied, /: permission denied$/, { DOCKERLEAN_SANDBOX_EACCES: denied }],
      ...(haveFifo ? [[fifo, /: not a regular file$/, {}] as [string, RegExp, Record<string, string>]] : []),
    ];
    for (const [file, message, env] of cases) {
      for (const command of ['check', 'fix', 'estimate']) {
        const r = cli([command, file], env);
        assert.equal(r.code, 2, `${command} ${file}: ${r.stderr}`);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
        assert.match(r.stderr.trimEnd(), new RegExp(`^dockerlean: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${message.source.slice(0)}`));
      }
    }
    // One bad file among good ones: the good are still checked, the exit code says something failed.
    const mixed = cli(['check', good, path.join(dir, 'missing')]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stdout, /apt/);
  });
});
