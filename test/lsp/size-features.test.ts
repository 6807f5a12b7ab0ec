import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const file = fromRoot('test/fixtures/seed-004-single-stage/Dockerfile');
const uri = pathToFileURL(file).toString();
const text = fs.readFileSync(file, 'utf8');

describe('size features over the protocol', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    const init = await client.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.inlayHintProvider);
    await client.open(uri, text);
    await client.nextDiagnostics(uri);
  });
  after(async () => client.close());

  test('hover on an apt-get install RUN shows the layer cost and its contributors', async () => {
    const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 7, character: 1 },
    });
    assert.ok(hover, 'a hover');
    const md = hover.contents.value;
    assert.match(md, /RUN layer \+\d+ MB/);
    assert.match(md, /build-essential/);
    assert.match(md, /Debian bullseye Installed-Size/);
    assert.match(md, /buster is archived/);
  });

  test('hover on FROM shows the base image with its source', async () => {
    const hover = await client.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 8 } });
    assert.match(hover.contents.value, /python:3\.9\.6-slim-buster/);
    assert.match(hover.contents.value, /Final image: \*\*\d+ MB/);
  });

  test('hover on a package name shows its own size and closure', async () => {
    const line = text.split('\n').findIndex((l) => l.includes('libpq-dev'));
    const character = text.split('\n')[line].indexOf('libpq-dev') + 2;
    const hover = await client.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    assert.match(hover.contents.value, /\*\*libpq-dev\*\*/);
    assert.match(hover.contents.value, /Installed-Size: [\d.]+ (kB|MB)/);
  });

  test('inlay hints put the cost at the end of big instructions', async () => {
    const hints = await client.connection.sendRequest<Array<{ position: { line: number }; label: string }>>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const apt = hints.find((h) => h.position.line === 10);
    assert.ok(apt, JSON.stringify(hints));
    assert.match(apt.label, /^\+\d+ MB$/);
  });

  test('the estimate request returns totals, layers and fix savings', async () => {
    const report = await client.connection.sendRequest<{ totalBytes: number; lowBytes: number; highBytes: number; layers: Array<{ line: number; bytes: number; inFinalImage: boolean }>; base: { image: string } }>(
      'dockerlean/estimate',
      { uri },
    );
    assert.ok(report.lowBytes <= report.totalBytes && report.totalBytes <= report.highBytes);
    assert.equal(report.base.image, 'python:3.9.6-slim-buster');
    // The seed article measured 347 MB for this setup; the estimate must be in that region.
    assert.ok(report.totalBytes > 250e6 && report.totalBytes < 450e6, String(report.totalBytes));
    assert.ok(report.layers.some((l) => l.line === 8 && l.bytes > 100e6));
  });

  test('a summary request (the status bar) has the totals without re-estimating fixes', async () => {
    const full = await client.connection.sendRequest<{ totalBytes: number; savings: unknown[] }>('dockerlean/estimate', { uri });
    const summary = await client.connection.sendRequest<{ totalBytes: number; savings: unknown[] }>('dockerlean/estimate', { uri, summary: true });
    assert.equal(summary.totalBytes, full.totalBytes);
    assert.ok(full.savings.length > 0);
    assert.deepEqual(summary.savings, []);
  });

  test('turning inline costs off hides the hints', async () => {
    client.configuration = { inlineCosts: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const hints = await client.connection.sendRequest<unknown[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    assert.deepEqual(hints, []);
    client.configuration = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });
});
