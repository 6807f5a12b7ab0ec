// "dockerlean: Compare with the real image" inside a real VS Code, against a real Docker engine:
// the command builds the workspace's Dockerfile, reads `docker history` and the report view shows
// the real sizes next to the estimates. Needs both the code-server tooling and a Docker engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerCli, dockerSkipReason, ensureBaseImages, startEngine, type Engine } from '../docker/engine';
import { defaultVsixPath, e2eAvailable, startVSCode, type VSCodeSession } from './harness';

const vsixPath = process.env.DOCKERLEAN_VSIX ?? defaultVsixPath;
const skip = e2eAvailable({ vsixPath }) ?? dockerSkipReason(['debian:bookworm-slim']);

test('Compare with the real image: real layer sizes in the report view', { skip, timeout: 15 * 60_000 }, async (t) => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-e2e-compare-')));
  fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY payload.bin /srv/payload.bin\nCMD ["ls", "-l", "/srv"]\n');
  // Random bytes, so neither side can be flattered by compression.
  fs.writeFileSync(path.join(ws, 'payload.bin'), crypto.randomBytes(6_000_000));
  const saved = { host: process.env.DOCKER_HOST, buildkit: process.env.DOCKER_BUILDKIT, cli: process.env.DOCKERLEAN_DOCKER_CLI };
  let engine: Engine | undefined;
  let vs: VSCodeSession | undefined;
  try {
    engine = await startEngine();
    await ensureBaseImages(engine, ['debian:bookworm-slim']);
    // code-server (and so the extension host) inherits these: the command finds the private engine.
    process.env.DOCKER_HOST = engine.host;
    process.env.DOCKER_BUILDKIT = '0';
    process.env.DOCKERLEAN_DOCKER_CLI = dockerCli() ?? 'docker';
    vs = await startVSCode({ workspaceDir: ws, vsixPath });
    await vs.openFile('Dockerfile');
    await vs.waitForLine('COPY payload.bin /srv/payload.bin');
    await vs.waitForStatusBar('dockerlean.size', 60_000);
    // The input box asks for an existing image; empty means "build it now".
    await vs.runCommand('dockerlean: Compare with the real image', { opensInput: 'Image to compare with' });
    await vs.page.keyboard.press('Enter');
    const text = await vs.webviewText({ contains: 'real image', timeoutMs: 10 * 60_000 });
    assert.match(text, /real image dockerlean-verify:[0-9a-f]+: \d+(\.\d)? MB/, text);
    const realCells = await vs.webview().locator('td.real').allInnerTexts();
    assert.ok(realCells.some((c) => /^6\.0 MB$/.test(c.trim())), `the COPY layer's real size is shown: ${JSON.stringify(realCells)}`);
    await vs.screenshot('10-compare-with-real-image');
    t.diagnostic(`report: ${text.slice(0, 300)}`);
  } finally {
    await vs?.close();
    restore('DOCKER_HOST', saved.host);
    restore('DOCKER_BUILDKIT', saved.buildkit);
    restore('DOCKERLEAN_DOCKER_CLI', saved.cli);
    if (engine) {
      const images = await engine.docker(['images', '--format', '{{.Repository}}:{{.Tag}}']);
      await engine.removeImages(images.stdout.split('\n').filter((l) => l.startsWith('dockerlean-verify:')));
      await engine.stop();
    }
    fs.rmSync(ws, { recursive: true, force: true });
  }
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
