// The code-server scenarios of test/e2e/vscode.e2e.test.ts, driven through the VS Code API
// in a desktop VS Code. Runs inside the extension host, so it can see what the extension
// published (diagnostics, code actions) directly instead of reading the rendered UI.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeBigDockerfile } from '../../big-dockerfile';

export interface Scenario {
  name: string;
  run(): Promise<void>;
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder: run-electron.mjs opens a copy of test/e2e/workspace');
  return folder.uri.fsPath;
}

const uriOf = (rel: string): vscode.Uri => vscode.Uri.file(path.join(workspaceRoot(), rel));

const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');

function findings(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dockerlean' && (!rule || codeOf(d) === rule));
}

async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  return vscode.window.showTextDocument(doc);
}

async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export const scenarios: Scenario[] = [
  {
    name: '1 dockerlean publishes its findings for an open Dockerfile',
    async run() {
      const editor = await open('Dockerfile');
      assert.equal(editor.document.languageId, 'dockerfile');
      const found = await waitFor(
        () => findings(editor.document.uri, 'build-tools-in-final-image')[0],
        60_000,
        'build-tools-in-final-image diagnostic from dockerlean',
      );
      assert.match(found.message, /build-essential/);
    },
  },
  {
    name: '2 the slim-base quick fix rewrites the final FROM and clears the finding',
    async run() {
      const editor = await open('Dockerfile.full');
      const uri = editor.document.uri;
      const diag = await waitFor(() => findings(uri, 'full-base-image')[0], 30_000, 'full-base-image diagnostic');
      const line = diag.range.start.line;
      assert.equal(editor.document.lineAt(line).text, 'FROM python:3.8.6-buster');

      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // The provider command returns CodeActions and plain Commands; a Command's `command` is a string.
      const fix = actions.find(
        (a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string' && a.title.startsWith('Use slim runtime base'),
      );
      assert.ok(fix, `quick fix offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(fix.title, 'Use slim runtime base: python:3.8.6-slim-buster');
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

      assert.equal(editor.document.lineAt(line).text, 'FROM python:3.8.6-slim-buster');
      await waitFor(() => findings(uri, 'full-base-image').length === 0, 30_000, 'full-base-image gone after the fix');
      await revert(editor);
    },
  },
  {
    name: '7 damaged and 5 MB Dockerfiles leave the server answering',
    async run() {
      const broken = await open('broken.Dockerfile');
      assert.equal(broken.document.languageId, 'dockerfile');
      await waitFor(() => findings(broken.document.uri).length > 0, 30_000, 'findings for broken.Dockerfile');

      const bigPath = path.join(workspaceRoot(), 'generated-5mb.Dockerfile');
      writeBigDockerfile(bigPath, 5 * 1024 * 1024);
      const big = await open('generated-5mb.Dockerfile');
      const end = big.document.lineAt(big.document.lineCount - 1).range.end;
      const editStarted = Date.now();
      assert.ok(await big.edit((b) => b.insert(end, '\n# typed-while-huge')), 'edit in the big file applied');
      assert.ok(Date.now() - editStarted < 5_000, `editing the 5 MB file took ${Date.now() - editStarted} ms`);
      await revert(big);

      const small = await open('Dockerfile');
      const smallEnd = small.document.lineAt(small.document.lineCount - 1).range.end;
      await small.edit((b) => b.insert(smallEnd, '\nRUN apt-get update && apt-get install -y curl\n'));
      await waitFor(
        () => findings(small.document.uri, 'apt-no-install-recommends').length > 0,
        60_000,
        'a new finding in a small Dockerfile after opening the 5 MB one (is the server still busy with it?)',
      );
      await revert(small);
    },
  },
  // Scenario 8 (a second extension contributing `dockerfile`) needs another installed
  // extension; the code-server suite covers it.
];
