// The language server builds each version's model from the previous one (only the edited
// instructions are parsed again). Through the real protocol, one edit at a time: after every edit
// the diagnostics must be those of the same text opened fresh in another document, which the
// server analyses from nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LspTestClient, type PublishedDiagnostics } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const EDITS = 60;

/**
 * Keystrokes and pastes an editing session is made of, stateful instructions included. (Heredoc
 * openers and comment signs are left to the model's own property test: here one unclosed `<<EOF`
 * would swallow the rest of the file, and the session with it.)
 */
const TYPED = ['x', ' ', '\n', '\\\n  ', 'gcc ', 'RUN apt-get install -y libpq-dev\n', 'ENV A=1\n', 'ARG V=3\n', '-slim', 'FROM python:3.12 AS b\n', '&& rm -rf /var/lib/apt/lists/*'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type RangedChange = Extract<TextDocumentContentChangeEvent, { range: unknown }>;

function randomEdit(doc: TextDocument, rnd: () => number): RangedChange {
  const text = doc.getText();
  const at = Math.floor(rnd() * (text.length + 1));
  const deleting = rnd() < 0.3;
  const end = deleting ? Math.min(text.length, at + 1 + Math.floor(rnd() * 3)) : at;
  return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: deleting ? '' : TYPED[Math.floor(rnd() * TYPED.length)] };
}

/** Diagnostics without the document's URI (related locations name it). */
function comparable(d: PublishedDiagnostics): unknown {
  return JSON.parse(JSON.stringify(d.diagnostics).split(JSON.stringify(d.uri).slice(1, -1)).join('<uri>'));
}

describe('language server: diagnostics after each edit', { timeout: 120_000 }, () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize(false);
  });
  after(async () => client.close());

  test(`${EDITS} edits, each giving the diagnostics of a fresh open of the same text`, async (t) => {
    const uri = 'file:///nonexistent/incremental/Dockerfile';
    const initial = fs.readFileSync(fromRoot('test/fixtures/seed-004-single-stage/Dockerfile'), 'utf8');
    let doc = TextDocument.create(uri, 'dockerfile', 1, initial);
    await client.open(uri, initial, 1);
    await client.diagnosticsForVersion(uri, 1);
    const rnd = prng(20261122);
    let withFindings = 0;
    for (let version = 2; version < EDITS + 2; version++) {
      const change = randomEdit(doc, rnd);
      doc = TextDocument.update(doc, [change], version);
      await client.change(uri, version, [change]);
      const edited = await client.diagnosticsForVersion(uri, version);
      const twin = `file:///nonexistent/incremental/fresh-${version}/Dockerfile`;
      await client.open(twin, doc.getText(), 1);
      const fresh = await client.diagnosticsForVersion(twin, 1);
      assert.deepEqual(comparable(edited), comparable(fresh), `after edit ${version - 1} (${JSON.stringify(change.text)} at ${change.range.start.line}:${change.range.start.character}), text:\n${doc.getText()}`);
      if (edited.diagnostics.length) withFindings++;
    }
    // The comparison is only worth something if there was something to compare.
    assert.ok(withFindings > EDITS / 2, `only ${withFindings} versions had diagnostics`);
    t.diagnostic(`${EDITS} edits; ${withFindings} versions with diagnostics; final text ${doc.getText().length} characters`);
  });
});
