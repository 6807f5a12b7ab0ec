import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../core/analyze';
import type { ShellParser } from '../core/shell/syntax';
import type { ServerSettings } from './settings';

interface Entry {
  readonly version: number;
  readonly analysis: Analysis;
}

/**
 * One analysis per document version. Hovers, code actions and diagnostics of the same version
 * share it, so typing triggers exactly one analysis per version that is still current.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly shell: ShellParser) {}

  analysisOf(doc: TextDocument, settings: ServerSettings): Analysis {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    const analysis = analyze(doc.getText(), this.shell, { rules: settings.rules, target: settings.target });
    this.entries.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  cachedFor(uri: string, version: number): Analysis | undefined {
    const e = this.entries.get(uri);
    return e && e.version === version ? e.analysis : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
