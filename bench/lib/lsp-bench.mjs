// Editor-side latency of the language servers: edit → diagnostics, hover, codeAction, cold
// start and memory. Both servers get the same client, the same files and the same edits.
//
// Fairness: docker-langserver validates synchronously inside its didChange handler and
// publishes without a version; dockerlean coalesces bursts (setImmediate) and publishes with
// the version. Edits are sent one at a time and each waits for its diagnostics, so neither
// debounce nor coalescing can hide work: every edit is analysed exactly once by each server.

import { readFileSync } from 'node:fs';
import { Client, uriOf } from './lsp.mjs';
import { editSite, tokenFor } from './edits.mjs';
import { summary, sleep } from './stats.mjs';

/** Hover targets both servers answer something for: the FROM image, a RUN keyword, the edited word. */
function hoverTargets(text, site) {
  const lines = text.split('\n');
  const out = [];
  const from = lines.findIndex((l) => /^FROM\s/i.test(l));
  if (from >= 0) out.push({ line: from, character: 6 });
  const mid = Math.floor(lines.length / 2);
  let run = -1;
  for (let d = 0; d < lines.length && run < 0; d++) {
    if (/^RUN\s/.test(lines[mid + d] ?? '')) run = mid + d;
    else if (/^RUN\s/.test(lines[mid - d] ?? '')) run = mid - d;
  }
  if (run >= 0) out.push({ line: run, character: 1 });
  if (site) out.push({ line: site.line, character: Math.max(0, site.character - 2) });
  return out;
}

export async function measureEditing(root, server, file, counts) {
  const text = readFileSync(file, 'utf8');
  const uri = uriOf(file);
  const client = new Client(root, server);
  try {
    await client.initialize();
    let version = 1;
    const opened = client.diagnosticsAfter(uri, version);
    const tOpen = performance.now();
    await client.open(uri, text, version);
    const first = await opened;
    const openMs = first.at - tOpen;

    const site = editSite(text) ?? { line: 0, character: 0 };
    // Every edit is a text the server has never seen: the first types two letters at the site,
    // each later one overtypes them with the next pair (aa, ab, …), so nothing keyed by text (a
    // memo of RUN scripts, a cache of versions) can stand in for the analysis.
    let edits = 0;
    const nextChange = () => {
      const range = edits === 0 ? { start: site, end: site } : { start: site, end: { line: site.line, character: site.character + 2 } };
      return { range, text: tokenFor(edits++) };
    };
    const edit = async () => {
      version++;
      const { range, text: typed } = nextChange();
      const done = client.diagnosticsAfter(uri, version);
      const t = performance.now();
      await client.change(uri, version, range, typed);
      const d = await done;
      return { ms: d.at - t, diagnostics: d.diagnostics };
    };
    // An editor asks for inlay hints after each change too; for dockerlean they need the size
    // estimate, which diagnostics alone do not. Timed apart, from the request.
    const inlays = !!client.capabilities.inlayHintProvider;
    const lineCount = text.split('\n').length;
    const inlayHints = async () => {
      const t = performance.now();
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } } });
      return performance.now() - t;
    };
    if (inlays) await inlayHints();
    // The first edits after opening run while V8 is still compiling the analysis (its optimising
    // tiers kick in after some hundred calls): timed apart as "fresh", then the server is warmed
    // up to the steady state an editing session spends most of its time in.
    const freshMs = [];
    for (let i = 0; i < counts.freshEdits; i++) {
      freshMs.push((await edit()).ms);
      if (inlays) await inlayHints();
    }
    for (let i = counts.freshEdits; i < counts.warmupEdits; i++) {
      await edit();
      if (inlays) await inlayHints();
    }
    const editMs = [];
    const inlayMs = [];
    let editCpu = 0;
    let diagnostics = first.diagnostics;
    for (let i = 0; i < counts.edits; i++) {
      const cpu0 = client.cpuMs();
      const r = await edit();
      editCpu += client.cpuMs() - cpu0;
      editMs.push(r.ms);
      diagnostics = r.diagnostics;
      if (inlays) inlayMs.push(await inlayHints());
    }

    const targets = hoverTargets(text, site);
    const hoverMs = [];
    let hoverAnswered = 0;
    for (let i = 0; i < counts.hovers; i++) {
      const t = performance.now();
      const h = await client.request('textDocument/hover', { textDocument: { uri }, position: targets[i % targets.length] });
      hoverMs.push(performance.now() - t);
      if (h) hoverAnswered++;
    }

    // Right after a keystroke, before its diagnostics: the hover has to wait for (or do) the analysis.
    const hoverAfterEditMs = [];
    for (let i = 0; i < counts.hoversAfterEdit; i++) {
      version++;
      const { range, text: typed } = nextChange();
      const done = client.diagnosticsAfter(uri, version);
      await client.change(uri, version, range, typed);
      const t = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: site.line, character: Math.max(0, site.character - 2) } });
      hoverAfterEditMs.push(performance.now() - t);
      await done;
    }

    const actionMs = [];
    let actions = 0;
    const withFixes = diagnostics.length ? diagnostics : [];
    for (let i = 0; i < counts.actions; i++) {
      const d = withFixes.length ? withFixes[i % withFixes.length] : undefined;
      const range = d ? d.range : { start: { line: site.line, character: 0 }, end: { line: site.line, character: 0 } };
      const t = performance.now();
      const res = await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: d ? [d] : [], only: undefined },
      });
      actionMs.push(performance.now() - t);
      actions += res?.length ?? 0;
    }
    return {
      openMs,
      fresh: summary(freshMs),
      edit: summary(editMs),
      editCpuMs: editCpu / counts.edits,
      inlay: inlays ? summary(inlayMs) : undefined,
      hover: summary(hoverMs),
      hoverAnswered,
      hoverAfterEdit: summary(hoverAfterEditMs),
      action: summary(actionMs),
      actions,
      diagnostics: diagnostics.length,
      memory: client.memory(),
    };
  } finally {
    await client.close();
  }
}

/**
 * Process start → initialize answered → first diagnostics of `file` (for dockerlean this
 * includes loading the size data the file needs), then resident memory once `many` files
 * are open and analysed.
 */
export async function measureColdStart(root, server, file, many = []) {
  const client = new Client(root, server);
  try {
    await client.initialize();
    const initMs = client.initializedAt - client.spawnedAt;
    const uri = uriOf(file);
    const first = client.diagnosticsAfter(uri, 1);
    await client.open(uri, readFileSync(file, 'utf8'), 1);
    const firstDiagnosticsMs = (await first).at - client.spawnedAt;
    const firstDiagnosticsCpuMs = client.cpuMs();
    const afterOne = client.memory();
    let afterMany;
    let manyMs;
    if (many.length) {
      const t = performance.now();
      const waits = many.map((p) => client.diagnosticsAfter(uriOf(p), 1, 300_000));
      for (const p of many) await client.open(uriOf(p), readFileSync(p, 'utf8'), 1);
      await Promise.all(waits);
      manyMs = performance.now() - t;
      // Let deferred frees and a GC cycle settle, as they would while the user reads.
      await sleep(300);
      afterMany = client.memory();
    }
    return { initMs, firstDiagnosticsMs, firstDiagnosticsCpuMs, afterOne, afterMany, manyMs, files: many.length };
  } finally {
    await client.close();
  }
}
