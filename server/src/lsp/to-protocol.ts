import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticSeverity,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { PolicedFinding } from '../core/rules/policy';
import type { Fix, Severity } from '../core/rules/types';
import type { ModelProblem } from '../core/model/types';
import { ruleDocsUrl } from '../node/docs-location';

export const SOURCE = 'dockerlean';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: PolicedFinding, uri: string): Diagnostic {
  const href = ruleDocsUrl(f.ruleId);
  return {
    range: f.range,
    message: f.message,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: href ? { href } : undefined,
    source: SOURCE,
    relatedInformation: f.related?.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
  };
}

export function problemToDiagnostic(p: ModelProblem): Diagnostic {
  return { range: p.range, message: p.message, severity: SEVERITY[p.severity], source: SOURCE };
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic, uri: string, version: number, onlyFix: boolean): CodeAction {
  const edit: WorkspaceEdit = {
    documentChanges: [{ textDocument: { uri, version }, edits: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) }],
  };
  const action = CodeAction.create(fix.title, edit, fix.kind === 'refactor.rewrite' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  // Preferred means VS Code may apply it with one keystroke ("auto fix"): only safe, unambiguous fixes.
  action.isPreferred = fix.safety === 'safe' && onlyFix;
  return action;
}
