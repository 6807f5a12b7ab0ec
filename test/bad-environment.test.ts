// A hostile or broken environment: missing or corrupt size data, build contexts full of FIFOs,
// symlink loops, sockets and unreadable entries, `.dockerignore` files with odd patterns. The CLI
// and the server degrade (a message, a figure marked unknown) and never crash or hang.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBuildContext } from '../server/src/node/build-context';
import { LspTestClient } from './support/lsp-client';
import { fromRoot } from './support/paths';

const bin = fromRoot('bin/dockerlean.js');
const DOCKERFILE = 'FROM python:3.11-slim-bookworm AS build\nRUN apt-get update && apt-get install -y gcc libpq-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nFROM python:3.11-slim-bookworm\nCOPY --from=build /usr/local /usr/local\nCOPY . /app\nCMD ["python", "/app/main.py"]\n';
/** A hang is a failure: every run gets this long, far more than it needs. */
const TIMEOUT_MS = 30_000;

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `dockerlean-${prefix}-`));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Degraded, not broken: it finished on its own, with an ordinary exit code and no stack trace. */
function assertDegraded(r: ReturnType<typeof cli>, codes: number[]): void {
  assert.equal(r.signal, null, `killed (hang?): ${r.stderr}`);
  assert.ok(codes.includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at \S+ \(|TypeError|RangeError/, r.stderr);
}

function mkfifo(p: string): boolean {
  return spawnSync('mkfifo', [p]).status === 0;
}

/** Data directories broken in every way the loader can meet. */
function dataDirs(): Record<string, string> {
  const empty = tmp('data-empty');
  const garbage = tmp('data-garbage');
  fs.mkdirSync(path.join(garbage, 'debian'));
  fs.mkdirSync(path.join(garbage, 'calibration'));
  fs.writeFileSync(path.join(garbage, 'base-images.json'), '{not json');
  fs.writeFileSync(path.join(garbage, 'python-packages.json'), '[1, 2, 3]');
  fs.writeFileSync(path.join(garbage, 'alpine-packages.json'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)));
  fs.writeFileSync(path.join(garbage, 'debian', 'bookworm.idx.gz'), Buffer.from('not gzip at all'));
  fs.writeFileSync(path.join(garbage, 'calibration', 'apt-bookworm.json'), '{"release": 42}');
  const wrongShape = tmp('data-wrong-shape');
  fs.mkdirSync(path.join(wrongShape, 'base-images.json'));
  fs.writeFileSync(path.join(wrongShape, 'python-packages.json'), 'null');
  fs.mkdirSync(path.join(wrongShape, 'debian'));
  // Valid gzip, but not an index (and of the wrong release).
  fs.writeFileSync(path.join(wrongShape, 'debian', 'bookworm.idx.gz'), require('node:zlib').gzipSync(Buffer.from('release\tbullseye\n\u0000\u0001')));
  return { empty, garbage, 'wrong-shape': wrongShape, nonexistent: path.join(empty, 'does', 'not', 'exist') };
}

describe('missing or corrupt size data', () => {
  const dirs = dataDirs();
  const context = tmp('data-context');
  const file = path.join(context, 'Dockerfile');
  fs.writeFileSync(file, DOCKERFILE);
  fs.writeFileSync(path.join(context, 'requirements.txt'), 'psycopg2\nflask\n');

  for (const [name, dir] of Object.entries(dirs)) {
    test(`${name} data directory: estimate says what is missing and still answers; check still checks`, () => {
      const estimate = cli(['estimate', file], { DOCKERLEAN_DATA_DIR: dir });
      assertDegraded(estimate, [0]);
      assert.match(estimate.stderr, /^dockerlean: size data /m);
      assert.match(estimate.stdout, /unknown|could not be loaded/);
      const check = cli(['check', file], { DOCKERLEAN_DATA_DIR: dir });
      assertDegraded(check, [0, 1]);
      assert.match(check.stderr, /^dockerlean: size data /m);
      if (name !== 'garbage') return;
      const json = cli(['estimate', '--format', 'json', file], { DOCKERLEAN_DATA_DIR: dir });
      assertDegraded(json, [0]);
      assert.doesNotThrow(() => JSON.parse(json.stdout));
      assertDegraded(cli(['fix', file], { DOCKERLEAN_DATA_DIR: dir }), [0]);
    });
  }

  describe('the language server', () => {
    let client: LspTestClient;
    const logs: string[] = [];
    before(async () => {
      const saved = process.env.DOCKERLEAN_DATA_DIR;
      process.env.DOCKERLEAN_DATA_DIR = dirs.garbage;
      client = new LspTestClient();
      if (saved === undefined) delete process.env.DOCKERLEAN_DATA_DIR;
      else process.env.DOCKERLEAN_DATA_DIR = saved;
      client.connection.onNotification('window/logMessage', (m: { message: string }) => {
        logs.push(m.message);
      });
      await client.initialize(false);
    });
    after(async () => client.close());

    test('analyses, hovers and estimates without its data, logging why, and keeps serving', async () => {
      const uri = pathToFileURL(file).href;
      await client.open(uri, DOCKERFILE, 1);
      const first = await client.diagnosticsForVersion(uri, 1, TIMEOUT_MS);
      assert.ok(Array.isArray(first.diagnostics));
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 30 } });
      assert.ok(hover === null || typeof hover === 'object');
      const report = await client.connection.sendRequest('dockerlean/estimate', { uri });
      assert.ok(report === null || typeof report === 'object');
      const hints = await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } } });
      assert.ok(hints === null || Array.isArray(hints));
      assert.ok(logs.some((l) => /size data/.test(l)), JSON.stringify(logs));
      await client.change(uri, 2, [{ text: DOCKERFILE + 'RUN pip install flask\n' }]);
      const second = await client.diagnosticsForVersion(uri, 2, TIMEOUT_MS);
      assert.equal(second.version, 2);
      assert.doesNotMatch(client.stderr, /TypeError|RangeError|Unhandled/);
    });
  });
});

describe('a build context that fights back', () => {
  const dir = tmp('context');
  let server: net.Server | undefined;
  const made: string[] = [];
  before(async () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    // A FIFO would block a read forever: as .dockerignore, as requirements.txt, and reached through a symlink.
    if (mkfifo(path.join(dir, '.dockerignore'))) made.push('FIFO .dockerignore');
    if (mkfifo(path.join(dir, 'requirements.txt'))) made.push('FIFO requirements.txt');
    fs.symlinkSync('requirements.txt', path.join(dir, 'pyproject.toml'));
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    fs.symlinkSync('/nonexistent/target', path.join(dir, 'dangling'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'root'));
    let deep = path.join(dir, 'deep');
    for (let i = 0; i < 100; i++) deep = path.join(deep, 'd');
    fs.mkdirSync(deep, { recursive: true });
    // A sparse 8 GB file: sized from its metadata, never read.
    fs.closeSync(fs.openSync(path.join(dir, 'huge.bin'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.bin'), 8 * 2 ** 30);
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'secret'), 'x');
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    fs.writeFileSync(path.join(dir, 'unreadable.txt'), 'x');
    fs.chmodSync(path.join(dir, 'unreadable.txt'), 0o000);
    made.push('symlink loops', 'dangling symlink', 'directory symlinks to ancestors', '100-deep directories', 'sparse 8 GB file', 'mode-000 directory and file');
    const sock = path.join(dir, 'app.sock');
    server = net.createServer();
    await new Promise<void>((resolve) => server!.listen(sock, resolve));
    made.push('unix socket');
  });
  after(() => {
    server?.close();
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('check, fix and estimate finish with ordinary output', (t) => {
    t.diagnostic(`context holds: ${made.join(', ')}`);
    if (isRoot) t.diagnostic('running as root: mode 000 does not stop reads here, so permission errors are exercised only through lstat/readdir on other users\' machines');
    const file = path.join(dir, 'Dockerfile');
    assertDegraded(cli(['check', file]), [0, 1]);
    assertDegraded(cli(['fix', file]), [0]);
    const estimate = cli(['estimate', file]);
    assertDegraded(estimate, [0]);
    assert.match(estimate.stdout, /final image ≈/);
    assertDegraded(cli(['estimate', '--context', path.join(dir, 'sub'), file]), [0]);
  });

  test('the build context view never throws and never reads anything but regular files', () => {
    const view = openBuildContext(dir);
    assert.equal(view.hasDockerignore, false, 'a FIFO .dockerignore is not read');
    for (const p of ['requirements.txt', 'pyproject.toml', 'loop-a', 'dangling', 'sub/up', 'locked/secret/..', '../../etc/passwd', 'app.sock', 'huge.bin', 'deep']) {
      const text = view.readText(p);
      assert.ok(text === undefined || typeof text === 'string');
    }
    assert.equal(view.readText('requirements.txt'), undefined);
    assert.equal(view.readText('../../etc/passwd'), undefined, 'nothing outside the context');
    const all = view.measure(['.']);
    assert.ok(Number.isFinite(all.bytes) && all.bytes >= 8 * 2 ** 30, `${all.bytes}`);
    assert.ok(Array.isArray(all.problems));
    for (const sources of [['sub'], ['sub/up'], ['loop-a'], ['dangling'], ['*'], ['[', '**', 'sub/*/root'], ['../outside']]) {
      const m = view.measure(sources);
      assert.ok(Number.isFinite(m.bytes), JSON.stringify(sources));
    }
    if (!isRoot) {
      assert.ok(all.problems.some((p) => /locked/.test(p) && /EACCES/.test(p)), JSON.stringify(all.problems));
    }
  });

  test('an unreadable or missing context is a one-line usage error', () => {
    const file = path.join(dir, 'Dockerfile');
    for (const ctx of [path.join(dir, 'nonexistent'), path.join(dir, 'requirements.txt'), path.join(dir, 'dangling'), path.join(dir, 'loop-a')]) {
      const r = cli(['check', '--context', ctx, file]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr.split('\n')[0], /^dockerlean: --context .*: not a directory$/);
    }
  });

  test('the language server analyses a Dockerfile in that context', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize(false);
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      await client.open(uri, DOCKERFILE, 1);
      const d = await client.diagnosticsForVersion(uri, 1, TIMEOUT_MS);
      assert.ok(Array.isArray(d.diagnostics));
      const report = await client.connection.sendRequest('dockerlean/estimate', { uri });
      assert.ok(report === null || typeof report === 'object');
    } finally {
      await client.close();
    }
  });
});

describe('a .dockerignore with odd patterns', () => {
  const odd = [
    '[', ']', '[]', '[z-a]', '[!', '\\', '\\[', '**', '**/', '***', '**/**/**', '!', '!!', '!*', '/', '//', '.', '..', '../x', './', '#not a comment?',
    ' leading space', 'trailing space ', '\ttab', 'a'.repeat(100_000), `${'*/'.repeat(2_000)}x`, 'ü*', '日本/**', '\u0000', 'a\\b', '{a,b}', '?', '[[:alpha:]]', '$HOME', '${X}',
  ];
  const dir = tmp('dockerignore');
  before(() => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'flask\n');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.py'), 'print(1)\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each pattern alone, and all of them at once (10,000 lines), leave a working context', () => {
    for (const pattern of [...odd, odd.join('\n'), Array.from({ length: 10_000 }, (_, i) => odd[i % odd.length]).join('\r\n')]) {
      fs.writeFileSync(path.join(dir, '.dockerignore'), pattern);
      const view = openBuildContext(dir);
      const m = view.measure(['.']);
      assert.ok(Number.isFinite(m.bytes) && Number.isFinite(m.ignoredBytes), JSON.stringify(pattern.slice(0, 40)));
      assert.ok(view.readText('requirements.txt') === 'flask\n');
    }
  });

  test('the CLI checks and estimates with all of them in place', () => {
    fs.writeFileSync(path.join(dir, '.dockerignore'), odd.join('\n'));
    assertDegraded(cli(['check', path.join(dir, 'Dockerfile')]), [0, 1]);
    assertDegraded(cli(['estimate', path.join(dir, 'Dockerfile')]), [0]);
  });
});
