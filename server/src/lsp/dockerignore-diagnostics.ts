import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDockerignore } from '../core/dockerignore/lint-dockerignore';
import { ruleDocsUrl } from '../node/docs-location';
import { SOURCE } from './to-protocol';

/**
 * Checks a .dockerignore. The Dockerfile it guards is `X` for `X.dockerignore` (BuildKit's
 * per-Dockerfile ignore files), else the Dockerfile or Containerfile beside it.
 */
export function dockerignoreDiagnostics(doc: TextDocument): Diagnostic[] {
  let dockerfile = 'Dockerfile';
  let ignoreFile = '.dockerignore';
  if (doc.uri.startsWith('file:')) {
    try {
      const file = fileURLToPath(doc.uri);
      const dir = path.dirname(file);
      const base = path.basename(file);
      ignoreFile = base;
      if (base !== '.dockerignore' && base.endsWith('.dockerignore')) dockerfile = base.slice(0, -'.dockerignore'.length);
      else if (!fs.existsSync(path.join(dir, 'Dockerfile')) && fs.existsSync(path.join(dir, 'Containerfile'))) dockerfile = 'Containerfile';
    } catch {
      // Not a local path: judge against the default names.
    }
  }
  return lintDockerignore(doc.getText(), dockerfile, { ignoreFilePath: ignoreFile }).map((f) => {
    const href = ruleDocsUrl(f.id);
    return {
      range: { start: { line: f.line, character: f.startCharacter }, end: { line: f.line, character: f.endCharacter } },
      message: f.message,
      severity: f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: f.id,
      codeDescription: href ? { href } : undefined,
      source: SOURCE,
    };
  });
}
