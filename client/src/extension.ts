import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Files VS Code (or another extension) calls `dockerfile`, on disk or unsaved. */
export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('dockerlean', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: { configurationSection: 'dockerlean' },
    // Diagnostics about syntax belong to the Docker extension; ours carry source "dockerlean" and rule ids.
    diagnosticCollectionName: 'dockerlean',
  };
  client = new LanguageClient('dockerlean', 'dockerlean', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('dockerlean.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('dockerlean.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
