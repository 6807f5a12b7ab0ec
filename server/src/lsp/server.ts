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
import { DocumentStore } from './document-store';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { problemToDiagnostic, SOURCE, toCodeAction, toDiagnostic } from './to-protocol';

const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** Wires the analysis core to an LSP connection. Every handler catches: the client never sees a crash. */
export function startServer(connection: Connection, shellReady: Promise<ShellParser>): void {
  const documents = new TextDocuments(TextDocument);
  let store: DocumentStore | undefined;
  let canPullConfiguration = false;
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const pending = new Map<string, number>();

  const log = (message: string) => connection.console.error(`[dockerlean] ${message}`);

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
      const shell = await shellReady;
      store ??= new DocumentStore(shell);
      const settings = await settingsFor(doc.uri);
      // A newer version arrived while we waited: its own validation will publish.
      const latest = documents.get(doc.uri);
      if (!latest || latest.version !== doc.version) return;
      if (!settings.enable) {
        await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
        return;
      }
      const analysis = store.analysisOf(doc, settings);
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

  /** Coalesces bursts of edits: only the newest version of a document is analysed. */
  const schedule = (doc: TextDocument): void => {
    pending.set(doc.uri, doc.version);
    setImmediate(() => {
      if (pending.get(doc.uri) !== doc.version) return;
      pending.delete(doc.uri);
      void validate(doc);
    });
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
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
  });

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    store?.forget(e.document.uri);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    try {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const shell = await shellReady;
      store ??= new DocumentStore(shell);
      const settings = await settingsFor(doc.uri);
      if (!settings.enable) return [];
      const analysis = store.analysisOf(doc, settings);
      const only = params.context.only;
      if (only && only.some((k) => FIX_ALL_KIND.startsWith(k) && k !== CodeActionKind.QuickFix && k.startsWith(CodeActionKind.Source))) {
        return fixAllAction(analysis.findings, doc);
      }
      const actions: CodeAction[] = [];
      for (const f of analysis.findings) {
        if (!f.fixes?.length || !intersects(f.range, params.range)) continue;
        const diagnostic = toDiagnostic(f, doc.uri);
        for (const fix of f.fixes) actions.push(toCodeAction(fix, diagnostic, doc.uri, doc.version, f.fixes.length === 1));
      }
      return actions;
    } catch (e) {
      log(`code actions failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [];
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
