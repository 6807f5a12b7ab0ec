import * as path from 'node:path';
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS } from '../../server/src/lsp/process-flags';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ESTIMATE_REQUEST, type EstimateReport } from './estimate-protocol';
import { ReportView } from './report-view';
import { SizeStatusBar } from './status-bar';
import { compareInExtensionHost } from './compare-real';

let client: LanguageClient | undefined;

/** Files VS Code (or another extension) calls `dockerfile`, on disk or unsaved. */
export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  { language: 'dockerignore', scheme: 'file' },
  { language: 'dockerignore', scheme: 'untitled' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('dockerlean', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: { configurationSection: 'dockerlean' },
    // Syntax belongs to the Docker extension; ours carry source "dockerlean" and rule ids.
    diagnosticCollectionName: 'dockerlean',
  };
  client = new LanguageClient('dockerlean', 'dockerlean', serverOptions, clientOptions);

  const fetchReport = async (uri: string, summary = false): Promise<EstimateReport | null> =>
    client ? client.sendRequest<EstimateReport | null>(ESTIMATE_REQUEST, { uri, summary }) : null;
  const report = new ReportView();
  const status = new SizeStatusBar((uri) => fetchReport(uri, true));
  context.subscriptions.push(report, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('dockerlean.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('dockerlean.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('dockerlean.estimateImageSize', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const doc = target ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) : undefined;
      if (!doc || doc.languageId !== 'dockerfile') {
        void vscode.window.showInformationMessage('dockerlean: open a Dockerfile to estimate its image size.');
        return;
      }
      const r = await fetchReport(doc.uri.toString());
      if (!r) {
        void vscode.window.showWarningMessage('dockerlean: no estimate for this Dockerfile (see the dockerlean output for why).');
        return;
      }
      report.show(r);
    }),
    vscode.commands.registerCommand('dockerlean.splitStages', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const doc = target ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) : undefined;
      if (!doc || doc.languageId !== 'dockerfile' || !client) {
        void vscode.window.showInformationMessage('dockerlean: open a Dockerfile to split it into build and runtime stages.');
        return;
      }
      const answer = await client.sendRequest<{ edit?: unknown; reason?: string }>('dockerlean/split', { uri: doc.uri.toString() });
      if (!answer.edit) {
        void vscode.window.showInformationMessage(`dockerlean: nothing to split — ${answer.reason ?? 'no build-only steps in the final image'}.`);
        return;
      }
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(answer.edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
      if (!edit) return;
      // The edit's change annotation needs confirmation, so VS Code opens the refactor preview.
      await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    }),
    vscode.commands.registerCommand('dockerlean.compareWithRealImage', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== 'dockerfile' || doc.uri.scheme !== 'file') {
        void vscode.window.showInformationMessage('dockerlean: open a saved Dockerfile to compare it with its real image.');
        return;
      }
      // Building runs the Dockerfile's instructions: only in a workspace the user trusts.
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('dockerlean: comparing with the real image builds the Dockerfile, which needs a trusted workspace.');
        return;
      }
      if (doc.isDirty && !(await doc.save())) return;
      const image = await vscode.window.showInputBox({ prompt: 'Image to compare with (empty: build the Dockerfile now)', placeHolder: 'e.g. myapp:latest' });
      if (image === undefined) return;
      const configured = vscode.workspace.getConfiguration('dockerlean', doc.uri).get<string>('buildContext', '');
      const context = path.resolve(path.dirname(doc.uri.fsPath), configured || '.');
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: image ? `dockerlean: reading ${image}` : 'dockerlean: building the image to compare', cancellable: false },
        () => compareInExtensionHost(doc.uri.fsPath, context, image || undefined),
      );
      if ('error' in result) {
        void vscode.window.showWarningMessage(`dockerlean: ${result.error}`);
        return;
      }
      output.info(`compared ${doc.uri.fsPath} with ${result.image}: estimate ${result.total.estimate} B, real ${result.total.real ?? '?'} B`);
      await client?.sendNotification('dockerlean/realSizes', { uri: doc.uri.toString(), layers: result.layers.map((l) => ({ line: l.line, bytes: l.real })) });
      const r = await fetchReport(doc.uri.toString());
      if (r) report.show(r, result);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => status.schedule(e, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) status.schedule(vscode.window.activeTextEditor);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dockerlean')) status.schedule(vscode.window.activeTextEditor, 0);
    }),
  );
  await client.start();
  status.schedule(vscode.window.activeTextEditor, 0);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
