// Errors users can act on, on the server side: an internal error (here a shell parser that throws
// on a marker, wired into the real server in-process) is logged to the output channel, the last good
// diagnostics stay on screen, other requests degrade to empty answers, and the next good version is
// analysed again. A rule that throws is reported by analyze without losing the other rules' findings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import * as rpc from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { analyze } from '../../server/src/core/analyze';
import { ALL_RULES } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/types';
import type { ShellParser } from '../../server/src/core/shell/syntax';
import { startServer } from '../../server/src/lsp/server';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';
import type { PublishedDiagnostics } from '../support/lsp-client';

const MARKER = 'internal-error-marker-\u{1F4A5}';
const GOOD = 'FROM python:3.8.6-buster\nRUN apt-get update && apt-get install -y gcc\nCMD ["python"]\n';
const BAD = `FROM python:3.8.6-buster\nRUN echo ${MARKER}\nCMD ["python"]\n`;

async function until<T>(what: string, f: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('internal errors in the language server', () => {
  let client: rpc.MessageConnection;
  const published: PublishedDiagnostics[] = [];
  const logs: string[] = [];
  before(async () => {
    const real = await loadShellParser();
    const faulty: ShellParser = {
      parse(script) {
        if (script.includes(MARKER)) throw new Error('simulated shell parser failure');
        return real.parse(script);
      },
    };
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(ProposedFeatures.all, new rpc.StreamMessageReader(toServer), new rpc.StreamMessageWriter(toClient)), Promise.resolve(faulty));
    client = rpc.createMessageConnection(new rpc.StreamMessageReader(toClient), new rpc.StreamMessageWriter(toServer));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      published.push(p);
    });
    client.onNotification('window/logMessage', (m: { message: string }) => {
      logs.push(m.message);
    });
    client.listen();
    // No processId: the server would otherwise poll for the client's process.
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification('initialized', {});
  });
  after(() => client.dispose());

  test('logs the error, keeps the last good diagnostics, answers other requests emptily, recovers', async () => {
    const uri = 'file:///nonexistent/internal-error/Dockerfile';
    const forVersion = (v: number) => () => published.find((p) => p.uri === uri && p.version === v);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: GOOD } });
    const good = await until('diagnostics of version 1', forVersion(1));
    assert.ok(good.diagnostics.some((d) => d.code === 'full-base-image'), JSON.stringify(good.diagnostics));

    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: BAD }] });
    const logged = await until('the internal error in the log', () => logs.find((l) => /analysis failed/.test(l)));
    assert.match(logged, /\[dockerlean\] analysis failed for file:\/\/\/nonexistent\/internal-error\/Dockerfile: .*simulated shell parser failure/s);
    const hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
    assert.equal(hover, null);
    const actions = await client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: [] } });
    assert.deepEqual(actions, []);
    assert.ok(logs.some((l) => /code actions failed/.test(l)) && logs.some((l) => /hover failed/.test(l)), logs.join('\n'));
    // Nothing was published for the broken version: the editor still shows version 1's diagnostics.
    assert.equal(published.filter((p) => p.uri === uri).at(-1)?.version, 1);

    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: GOOD.replace('gcc', 'gcc make') }] });
    const recovered = await until('diagnostics of version 3', forVersion(3));
    assert.ok(recovered.diagnostics.some((d) => d.code === 'full-base-image'));
  });
});

describe('a rule that throws', () => {
  test('is reported in internalErrors with its id, and the other rules still report', async () => {
    const shell = await loadShellParser();
    const broken: Rule = {
      meta: { id: 'always-throws', title: 't', description: 'd', defaultSeverity: 'warning', category: 'size', fixable: 'none' },
      check() {
        throw new TypeError('boom');
      },
    };
    const analysis = analyze(GOOD, shell, { ruleSet: [broken, ...ALL_RULES], today: '2025-06-01' });
    assert.deepEqual(analysis.internalErrors.map((e) => e.ruleId), ['always-throws']);
    assert.match(analysis.internalErrors[0].message, /TypeError: boom/);
    assert.ok(analysis.findings.some((f) => f.ruleId === 'full-base-image'));
  });
});
