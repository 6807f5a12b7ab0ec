import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyEdits } from '../../server/src/core/fix/apply-edits';
import { LspTestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const seed004 = fs.readFileSync(fromRoot('test/fixtures/seed-004-single-stage/Dockerfile'), 'utf8');

describe('language server over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.codeActionProvider, 'advertises code actions');
  });
  after(async () => client.close());

  test('publishes rule findings with code, source and a docs link', async () => {
    const uri = 'file:///work/seed004/Dockerfile';
    await client.open(uri, seed004);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const d = diagnostics.find((x) => x.code === 'build-tools-in-final-image');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.source, 'dockerlean');
    assert.equal(d.range.start.line, 9);
    assert.ok(d.codeDescription?.href.startsWith('file://'));
    assert.ok(fs.existsSync(fileURLToPath(d.codeDescription!.href)), 'docs page exists');
  });

  test('incremental edits re-analyse and a quick fix applied over the protocol clears its finding', async () => {
    const uri = 'file:///work/blog/Dockerfile';
    let text = 'FROM python:3.8.6-slim-buster\nCMD ["python"]\n';
    await client.open(uri, text, 1);
    assert.deepEqual((await client.diagnosticsForVersion(uri, 1)).diagnostics, []);

    // Type "-slim" away, as a user would: one incremental change.
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 17 }, end: { line: 0, character: 22 } }, text: '' }]);
    text = 'FROM python:3.8.6-buster\nCMD ["python"]\n';
    const afterEdit = await client.diagnosticsForVersion(uri, 2);
    const finding = afterEdit.diagnostics.find((x) => x.code === 'full-base-image');
    assert.ok(finding, 'full-base-image after the edit');

    const actions = await client.connection.sendRequest<Array<{ title: string; kind: string; isPreferred?: boolean; edit: { documentChanges: Array<{ textDocument: { version: number }; edits: Array<{ range: never; newText: string }> }> } }>>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } },
    );
    const fix = actions.find((a) => a.title.startsWith('Use slim runtime base'));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const change = fix.edit.documentChanges[0];
    assert.equal(change.textDocument.version, 2);
    text = applyEdits(text, change.edits).text;
    assert.equal(text, 'FROM python:3.8.6-slim-buster\nCMD ["python"]\n');
    await client.change(uri, 3, [{ text }]);
    const cleared = await client.diagnosticsForVersion(uri, 3);
    assert.deepEqual(cleared.diagnostics.filter((x) => x.code === 'full-base-image'), []);
  });

  test('settings pulled from the client turn a rule off', async () => {
    client.configuration = { rules: { 'build-tools-in-final-image': 'off', 'apt-lists-not-removed': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = 'file:///work/settings/Dockerfile';
    await client.open(uri, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n');
    const { diagnostics } = await client.nextDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['apt-lists-not-removed', 1]]);
    client.configuration = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  test('source.fixAll returns the safe fixes as one edit', async () => {
    const uri = 'file:///work/fixall/Dockerfile';
    const text = 'FROM python:3.12 AS b\nRUN python -m venv /v\nFROM debian:bookworm-slim\nCOPY --from=b /v /v\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n';
    await client.open(uri, text);
    await client.nextDiagnostics(uri);
    const actions = await client.connection.sendRequest<Array<{ kind: string; edit: { documentChanges: Array<{ edits: never[] }> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.dockerlean');
    const fixed = applyEdits(text, actions[0].edit.documentChanges[0].edits).text;
    assert.match(fixed, /venv --copies \/v/);
    assert.match(fixed, /curl && rm -rf \/var\/lib\/apt\/lists\/\*/);
  });

  test('.dockerignore files get their own checks', async () => {
    const uri = 'file:///work/ignore/.dockerignore';
    await client.open(uri, '# keep the context small\nnode_modules\n[a-z\n!README.md\n', 1, 'dockerignore');
    const { diagnostics } = await client.nextDiagnostics(uri);
    const codes = diagnostics.map((d) => [d.code, d.range.start.line]);
    assert.deepEqual(codes, [
      ['dockerignore-never-matches', 2],
      ['dockerignore-never-matches', 3],
    ]);
    assert.ok(diagnostics.every((d) => d.source === 'dockerlean'));
  });

  test('binary junk and a broken heredoc do not take the server down', async () => {
    const uri = 'file:///work/junk/Dockerfile';
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    await client.open(uri, `${junk}\nFROM debian\nRUN <<EOF\napt-get install -y gcc\n`);
    const first = await client.nextDiagnostics(uri);
    assert.ok(Array.isArray(first.diagnostics));
    // Still answering afterwards.
    const uri2 = 'file:///work/after-junk/Dockerfile';
    await client.open(uri2, seed004);
    assert.ok((await client.nextDiagnostics(uri2)).diagnostics.length > 0);
  });
});
