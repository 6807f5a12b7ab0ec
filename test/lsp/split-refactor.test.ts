import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../../server/src/core/fix/apply-edits';
import { LspTestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const file = fromRoot('test/fixtures/seed-004-single-stage/Dockerfile');
const uri = pathToFileURL(file).toString();
const text = fs.readFileSync(file, 'utf8');

interface Action {
  title: string;
  kind: string;
  data?: unknown;
  edit?: { documentChanges: Array<{ edits: Array<{ range: never; newText: string; annotationId?: string }> }>; changeAnnotations: Record<string, { needsConfirmation: boolean; description: string }> };
}

describe('split refactor over the protocol', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize();
    await client.open(uri, text);
    await client.nextDiagnostics(uri);
  });
  after(async () => client.close());

  test('offered on the FROM line as refactor.rewrite, resolved lazily into one annotated edit', async () => {
    const actions = await client.connection.sendRequest<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const split = actions.find((a) => a.title === 'Split into build and runtime stages');
    assert.ok(split, JSON.stringify(actions));
    assert.equal(split.kind, 'refactor.rewrite');
    assert.equal(split.edit, undefined, 'the edit is computed on resolve');
    const resolved = await client.connection.sendRequest<Action>('codeAction/resolve', split);
    const annotation = Object.values(resolved.edit!.changeAnnotations)[0];
    assert.equal(annotation.needsConfirmation, true, 'VS Code shows the refactor preview');
    assert.match(annotation.description, /estimated final image \d+ MB.* → \d+ MB/);
    const out = applyEdits(text, resolved.edit!.documentChanges[0].edits).text;
    assert.match(out, /AS builder/);
    assert.match(out, /libpq5/);
  });

  test('the dockerlean/split request used by the command answers with the edit, or why not', async () => {
    const answer = await client.connection.sendRequest<Action>('dockerlean/split', { uri });
    assert.ok(answer.edit);
    const clean = 'file:///work/clean/Dockerfile';
    await client.open(clean, 'FROM python:3.12-slim\nCMD ["python"]\n');
    await client.nextDiagnostics(clean);
    const no = await client.connection.sendRequest<{ reason: string }>('dockerlean/split', { uri: clean });
    assert.match(no.reason, /nothing in the final image is build-only/);
  });
});
