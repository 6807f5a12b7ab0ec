import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type AnalysisOptions } from '../core/analyze';
import type { BuildContextView } from '../core/estimate/build-context';
import type { ImageEstimate, SizeFacts } from '../core/estimate/types';
import type { ShellParser } from '../core/shell/syntax';
import { openBuildContext } from '../node/build-context';
import type { ServerSettings } from './settings';

interface Entry {
  readonly version: number;
  readonly analysis: Analysis;
}

/** Build contexts are walked on demand and cached briefly: a hover must not re-walk node_modules. */
const CONTEXT_TTL_MS = 5_000;

/**
 * One analysis per document version. Hovers, code actions, inlay hints and diagnostics of the
 * same version share it; the size estimate is computed on first use and kept with it.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  private readonly contexts = new Map<string, { view: BuildContextView; at: number }>();

  constructor(
    private readonly shell: ShellParser,
    private readonly facts: () => SizeFacts | undefined,
  ) {}

  analysisOf(doc: TextDocument, settings: ServerSettings): Analysis {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    const analysis = analyze(doc.getText(), this.shell, { ...this.optionsFor(doc.uri, settings), previous: cached?.analysis.model });
    this.entries.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  optionsFor(uri: string, settings: ServerSettings): AnalysisOptions {
    return {
      rules: settings.rules,
      target: settings.target,
      facts: this.facts(),
      buildContext: this.contextFor(uri, settings),
      customBaseSizes: settings.baseImageSizes,
    };
  }

  estimateOf(doc: TextDocument, settings: ServerSettings): ImageEstimate | undefined {
    return this.analysisOf(doc, settings).estimate();
  }

  /** The Dockerfile's folder, or the configured context relative to it; none for unsaved files. */
  contextFor(uri: string, settings: ServerSettings): BuildContextView | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let dir: string;
    try {
      dir = path.dirname(fileURLToPath(uri));
    } catch {
      return undefined;
    }
    if (settings.buildContext) dir = path.resolve(dir, settings.buildContext);
    const now = Date.now();
    const hit = this.contexts.get(dir);
    if (hit && now - hit.at < CONTEXT_TTL_MS) return hit.view;
    const view = openBuildContext(dir);
    this.contexts.set(dir, { view, at: now });
    return view;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
    this.contexts.clear();
  }
}
