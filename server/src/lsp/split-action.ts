import { CodeActionKind, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions } from '../core/analyze';
import { formatRange } from '../core/estimate/range';
import type { PolicedFinding } from '../core/rules/policy';
import { splitDockerfile } from '../core/refactor/split-dockerfile';
import { SPLIT_REFACTOR_ID } from '../core/refactor/split-build-runtime';
import type { ImageModel } from '../core/model/types';
import type { ShellParser } from '../core/shell/syntax';

export const SPLIT_TITLE = 'Split into build and runtime stages';
const ANNOTATION = 'dockerlean.split';

/** Findings the split answers: the action is offered on them and on the final image's FROM lines. */
const TRIGGERS = new Set(['build-tools-in-final-image', 'final-stage-inherits-build-stage']);

export function offersSplit(model: ImageModel, findings: readonly PolicedFinding[], line: number): boolean {
  const final = model.finalStage;
  if (!final) return false;
  const onFrom = model.stages.some((s) => s.inFinalImage && s.from.range.start.line <= line && line <= s.from.range.end.line);
  const onFinding = findings.some((f) => TRIGGERS.has(f.ruleId) && f.range.start.line <= line && line <= f.range.end.line);
  return (onFrom || onFinding) && findings.some((f) => TRIGGERS.has(f.ruleId));
}

/** The unresolved action: computing the rewrite waits until the user picks it (codeAction/resolve). */
export function splitAction(doc: TextDocument): CodeAction {
  return { title: SPLIT_TITLE, kind: CodeActionKind.RefactorRewrite, data: { id: SPLIT_REFACTOR_ID, uri: doc.uri, version: doc.version } };
}

/**
 * One whole-document edit with a change annotation that needs confirmation, so VS Code shows
 * the refactor preview; the annotation's description carries the size before and after.
 */
export function resolveSplit(action: CodeAction, doc: TextDocument, shell: ShellParser, options: AnalysisOptions): CodeAction {
  const out = splitDockerfile(doc.getText(), shell, options);
  if (!out.ok) {
    return { ...action, disabled: { reason: out.reason } };
  }
  const p = out.preview!;
  const sizes = p.before && p.after ? `estimated final image ${formatRange(p.before)} → ${formatRange(p.after)}` : 'size estimate unavailable';
  const edit: WorkspaceEdit = {
    documentChanges: [
      {
        textDocument: { uri: doc.uri, version: doc.version },
        edits: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: out.result.text, annotationId: ANNOTATION }],
      },
    ],
    changeAnnotations: {
      [ANNOTATION]: { label: SPLIT_TITLE, needsConfirmation: true, description: [sizes, ...out.result.notes].join(' · ') },
    },
  };
  return { ...action, edit };
}
