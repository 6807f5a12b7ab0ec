// 10,000 random incremental edits through the real protocol (the bundled server over stdio), sent
// in bursts as an editor does while someone types fast. Afterwards the diagnostics must be those
// of a fresh open of the same text, the server's memory must not have grown without bound, and no
// publishDiagnostics may ever carry an older version than one published before it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LspTestClient, type PublishedDiagnostics } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const EDITS = 10_000;
const CHANGES_PER_NOTIFICATION = 25;
const NOTIFICATIONS_PER_BURST = 50;
/** Texts longer than this get deletions only, so the document stays the size of a real Dockerfile. */
const MAX_LENGTH = 6_000;

/** mulberry32: a tiny seeded PRNG, so the edit sequence is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'a', 'e', ' ', '\n', '\r\n', '\t', '\\\n', '&& ', ' && ', '-y ', '--no-install-recommends ', '"', "'", '$', '${A}', '<<EOF\n', '\nEOF\n', '#', '# escape=`\n',
  'RUN apt-get update && apt-get install -y gcc libpq-dev\n', 'RUN pip install psycopg2 flask\n', 'FROM python:3.12 AS build\n', 'FROM python:3.12-slim\n',
  'COPY --from=build /opt/venv /opt/venv\n', 'RUN python -m venv /opt/venv\n', 'RUN npm ci\n', 'ENV PATH=/opt/venv/bin:$PATH\n', 'rm -rf /var/lib/apt/lists/*', 'é', '🐳',
];

function randomEdit(doc: TextDocument, rnd: () => number): TextDocumentContentChangeEvent {
  const text = doc.getText();
  const start = Math.floor(rnd() * (text.length + 1));
  const deleting = text.length > MAX_LENGTH || rnd() < 0.4;
  const end = deleting ? Math.min(text.length, start + 1 + Math.floor(rnd() * 12)) : start;
  // Positions are sent as an editor sends them; an offset inside a CRLF or a surrogate pair is fine to send, the server clamps.
  const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
  const insert = deleting && rnd() < 0.7 ? '' : SNIPPETS[Math.floor(rnd() * SNIPPETS.length)];
  return { range, text: insert };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Diagnostics of two documents compared without their URIs (related locations name the document). */
function comparable(d: PublishedDiagnostics): unknown {
  return JSON.parse(JSON.stringify(d.diagnostics).split(JSON.stringify(d.uri).slice(1, -1)).join('<uri>'));
}

describe('language server under 10,000 incremental edits', { timeout: 120_000 }, () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize(false);
  });
  after(async () => client.close());

  test('ends with the diagnostics of a fresh open, in bounded memory, never publishing a stale version', async (t) => {
    const canReadRss = client.pid !== undefined && fs.existsSync(`/proc/${client.pid}/status`);
    const uri = 'file:///nonexistent/stress/Dockerfile';
    const initial = fs.readFileSync(fromRoot('server/src/core/rules/missing-runtime-library/fixtures/bad-venv-without-libpq5.Dockerfile'), 'utf8');
    let doc = TextDocument.create(uri, 'dockerfile', 1, initial);
    await client.open(uri, initial, 1);
    await client.diagnosticsForVersion(uri, 1);

    const rnd = prng(8);
    let version = 1;
    let sent = 0;
    let warmRss = 0;
    const started = Date.now();
    while (sent < EDITS) {
      // A burst is written without waiting in between, so the server reads many versions at once and coalesces them.
      const writes: Array<Promise<void>> = [];
      for (let n = 0; n < NOTIFICATIONS_PER_BURST && sent < EDITS; n++) {
        const changes: TextDocumentContentChangeEvent[] = [];
        for (let k = 0; k < CHANGES_PER_NOTIFICATION && sent < EDITS; k++, sent++) {
          const change = randomEdit(doc, rnd);
          changes.push(change);
          // Applied one at a time, as the server applies a notification's changes in order.
          doc = TextDocument.update(doc, [change], doc.version);
        }
        version++;
        doc = TextDocument.create(uri, 'dockerfile', version, doc.getText());
        writes.push(client.change(uri, version, changes));
      }
      await Promise.all(writes);
      // Let the server catch up between bursts: it analyses only the newest version it has.
      await client.diagnosticsForVersion(uri, version, 30_000);
      if (!warmRss && sent >= EDITS / 10 && canReadRss) warmRss = rssKb(client.pid!);
    }
    const final = await (async () => {
      const mine = client.published.filter((p) => p.uri === uri);
      const last = mine[mine.length - 1];
      return last.version === version ? last : client.diagnosticsForVersion(uri, version, 30_000);
    })();
    const seconds = (Date.now() - started) / 1000;
    assert.equal(final.version, version);

    // Stale results are never published after newer ones.
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);

    // The same text opened fresh gives the same diagnostics: no state leaks from the edit history.
    const freshUri = 'file:///nonexistent/stress/Dockerfile.fresh';
    await client.open(freshUri, doc.getText(), 1);
    const fresh = await client.diagnosticsForVersion(freshUri, 1, 30_000);
    assert.deepEqual(comparable(final), comparable(fresh));

    const endRss = canReadRss ? rssKb(client.pid!) : 0;
    t.diagnostic(`${EDITS} edits in ${version - 1} didChange notifications, ${versions.length} publishes, ${seconds.toFixed(1)} s; final text ${doc.getText().length} chars, ${final.diagnostics.length} diagnostics`);
    if (canReadRss) {
      t.diagnostic(`server RSS after warm-up ${(warmRss / 1024).toFixed(0)} MB, at the end ${(endRss / 1024).toFixed(0)} MB`);
      // Generous: caches (the script memo, the size data) may fill, but not grow with the edit count.
      assert.ok(endRss < warmRss * 2 + 150 * 1024, `RSS grew from ${warmRss} kB to ${endRss} kB`);
    } else t.diagnostic('no /proc/<pid>/status here: memory not measured');
  });
});
