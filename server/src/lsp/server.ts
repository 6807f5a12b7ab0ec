import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShellParser } from '../core/shell/syntax';
import type { PolicedFinding } from '../core/rules/policy';
import { buildModel } from '../core/model/build-model';
import { estimateImage } from '../core/estimate/estimate-image';
import { sizeServices } from '../node/size-services';
import { DocumentStore } from './document-store';
import { buildReport, ESTIMATE_REQUEST, type EstimateReport } from './estimate-report';
import { hoverAt } from './hover';
import { dockerignoreDiagnostics } from './dockerignore-diagnostics';
import { inlayHints } from './inlay-hints';
import { offersSplit, resolveSplit, splitAction, SPLIT_TITLE } from './split-action';
import { splitDockerfile } from '../core/refactor/split-dockerfile';
import { SPLIT_REFACTOR_ID } from '../core/refactor/split-build-runtime';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { problemToDiagnostic, SOURCE, toCodeAction, toDiagnostic } from './to-protocol';

const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;
/** Documents above this many characters are analysed after a short pause instead of at once. */
const LARGE_DOCUMENT = 256 * 1024;

/** Wires the analysis core to an LSP connection. Every handler catches: the client never sees a crash. */
export function startServer(connection: Connection, shellReady: Promise<ShellParser>): void {
  const documents = new TextDocuments(TextDocument);
  let store: DocumentStore | undefined;
  let canPullConfiguration = false;
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const pending = new Map<string, number>();
  /** Real layer sizes the client measured with "Compare with the real image", by document and line. */
  const realSizes = new Map<string, Map<number, number>>();

  const log = (message: string) => connection.console.error(`[dockerlean] ${message}`);
  const facts = () => sizeServices(log)?.facts;
  const storeFor = async (): Promise<DocumentStore> => {
    const shell = await shellReady;
    store ??= new DocumentStore(shell, facts);
    return store;
  };

  const settingsFor = (uri: string): Promise<ServerSettings> => {
    if (!canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dockerlean' })
        .then(normalizeSettings, (e: unknown) => {
          log(`could not read settings: ${String(e)}`);
          return DEFAULT_SETTINGS;
        });
      settingsCache.set(uri, s);
    }
    return s;
  };

  const validate = async (doc: TextDocument): Promise<void> => {
    try {
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      // A newer version arrived while we waited: its own validation will publish.
      const latest = documents.get(doc.uri);
      if (!latest || latest.version !== doc.version) return;
      if (!settings.enable) {
        await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
        return;
      }
      if (doc.languageId === 'dockerignore') {
        await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: dockerignoreDiagnostics(doc) });
        return;
      }
      const analysis = docs.analysisOf(doc, settings);
      for (const e of analysis.internalErrors) log(`rule ${e.ruleId} failed: ${e.message}`);
      const diagnostics: Diagnostic[] = [
        ...analysis.model.problems.map(problemToDiagnostic),
        ...analysis.findings.map((f) => toDiagnostic(f, doc.uri)),
      ];
      if (documents.get(doc.uri)?.version !== doc.version) return;
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    } catch (e) {
      // Keep the last good diagnostics on screen rather than clearing them on an internal error.
      log(`analysis failed for ${doc.uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  };

  /**
   * Coalesces bursts of edits: only the newest version of a document is analysed. Ordinary files
   * are analysed on the next turn of the event loop; very large ones wait a little longer, so a
   * burst of typing in them costs one analysis and other documents get their turn in between.
   */
  const schedule = (doc: TextDocument): void => {
    pending.set(doc.uri, doc.version);
    const size = doc.getText().length;
    const run = () => {
      if (pending.get(doc.uri) !== doc.version) return;
      pending.delete(doc.uri);
      void validate(doc);
    };
    if (size < LARGE_DOCUMENT) setImmediate(run);
    else setTimeout(run, Math.min(1_500, Math.round((size / LARGE_DOCUMENT) * 150)));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        inlayHintProvider: true,
      },
      serverInfo: { name: 'dockerlean' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockerlean' }).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    store?.clear();
    for (const doc of documents.all()) schedule(doc);
    // Inline costs depend on settings too (turned off, other target).
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    realSizes.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    store?.forget(e.document.uri);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    try {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      if (!settings.enable) return [];
      const analysis = docs.analysisOf(doc, settings);
      const only = params.context.only;
      if (only && only.some((k) => FIX_ALL_KIND.startsWith(k) && k !== CodeActionKind.QuickFix && k.startsWith(CodeActionKind.Source))) {
        return fixAllAction(analysis.findings, doc);
      }
      const actions: CodeAction[] = [];
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      if (wants(CodeActionKind.QuickFix)) {
        for (const f of analysis.findings) {
          if (!f.fixes?.length || !intersects(f.range, params.range)) continue;
          const diagnostic = toDiagnostic(f, doc.uri);
          for (const fix of f.fixes) actions.push(toCodeAction(fix, diagnostic, doc.uri, doc.version, f.fixes.length === 1));
        }
      }
      if (wants(CodeActionKind.RefactorRewrite) && offersSplit(analysis.model, analysis.findings, params.range.start.line)) actions.push(splitAction(doc));
      return actions;
    } catch (e) {
      log(`code actions failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [];
    }
  });

  connection.onCodeActionResolve(async (action) => {
    try {
      const data = action.data as { uri?: string; version?: number } | undefined;
      const doc = data?.uri ? documents.get(data.uri) : undefined;
      if (!doc) return action;
      if (doc.version !== data?.version) return { ...action, disabled: { reason: 'the document changed; ask again' } };
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      return resolveSplit(action, doc, await shellReady, docs.optionsFor(doc.uri, settings));
    } catch (e) {
      log(`split failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return action;
    }
  });

  connection.onRequest('dockerlean/split', async (params: { uri: string }): Promise<CodeAction | { reason: string }> => {
    try {
      const doc = documents.get(params.uri);
      if (!doc) return { reason: 'the document is not open' };
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      const action = resolveSplit(splitAction(doc), doc, await shellReady, docs.optionsFor(doc.uri, settings));
      return action.disabled ? { reason: action.disabled.reason } : action;
    } catch (e) {
      log(`split failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return { reason: 'internal error (see the dockerlean output)' };
    }
  });

  connection.onNotification('dockerlean/realSizes', (params: { uri: string; layers: Array<{ line: number; bytes: number }> }) => {
    realSizes.set(params.uri, new Map(params.layers.map((l) => [l.line, l.bytes])));
  });

  connection.onHover(async (params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      if (!settings.enable) return null;
      const analysis = docs.analysisOf(doc, settings);
      return hoverAt(analysis, docs.estimateOf(doc, settings), facts(), params.position, realSizes.get(doc.uri)) ?? null;
    } catch (e) {
      log(`hover failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return null;
    }
  });

  connection.languages.inlayHint.on(async (params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      if (!settings.enable || !settings.inlineCosts) return [];
      const estimate = docs.estimateOf(doc, settings);
      return estimate ? inlayHints(docs.analysisOf(doc, settings), estimate, params.range) : [];
    } catch (e) {
      log(`inlay hints failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [];
    }
  });

  // `summary` (the status bar, after every edit) skips what only the report shows: re-estimating
  // each fix and the split, which cost several analyses each.
  connection.onRequest(ESTIMATE_REQUEST, async (params: { uri: string; summary?: boolean }): Promise<EstimateReport | null> => {
    try {
      const doc = documents.get(params.uri);
      if (!doc) return null;
      const docs = await storeFor();
      const settings = await settingsFor(doc.uri);
      const analysis = docs.analysisOf(doc, settings);
      const estimate = docs.estimateOf(doc, settings);
      const f = facts();
      if (!estimate || !f) return null;
      const shell = await shellReady;
      const options = docs.optionsFor(doc.uri, settings);
      const reestimate = (text: string) => estimateImage(buildModel(text, shell, options), f, options.buildContext, options);
      if (params.summary) return buildReport(doc.uri, doc.version, analysis, estimate, () => undefined, undefined, false);
      const split = splitDockerfile(doc.getText(), shell, options);
      const p = split.ok ? split.preview : undefined;
      const splitSaving =
        p?.before && p.after && p.before.bytes - p.after.bytes > 1e5
          ? { ruleId: SPLIT_REFACTOR_ID, title: SPLIT_TITLE, line: (analysis.model.finalStage?.from.range.start.line ?? 0) + 1, bytes: p.before.bytes - p.after.bytes, low: p.before.low - p.after.low, high: p.before.high - p.after.high }
          : undefined;
      return buildReport(doc.uri, doc.version, analysis, estimate, reestimate, splitSaving);
    } catch (e) {
      log(`estimate failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return null;
    }
  });

  documents.listen(connection);
  connection.listen();
}

/** "Fix all dockerlean problems": safe fixes only, non-overlapping, as one edit. */
function fixAllAction(findings: readonly PolicedFinding[], doc: TextDocument): CodeAction[] {
  const edits: Array<{ range: PolicedFinding['range']; newText: string }> = [];
  let lastEnd = -1;
  const spans = findings
    .flatMap((f) => (f.fixes ?? []).filter((x) => x.safety === 'safe').slice(0, 1).flatMap((x) => x.edits))
    .map((e) => ({ e, start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end) }))
    .sort((a, b) => a.start - b.start);
  for (const s of spans) {
    if (s.start < lastEnd) continue;
    edits.push(s.e);
    lastEnd = Math.max(s.end, s.start + 1);
  }
  if (!edits.length) return [];
  return [
    {
      title: 'Fix all safe dockerlean problems',
      kind: FIX_ALL_KIND,
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] },
    },
  ];
}

function intersects(a: PolicedFinding['range'], b: PolicedFinding['range']): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
