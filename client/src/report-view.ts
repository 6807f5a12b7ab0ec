import * as path from 'node:path';
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { EstimateReport, RealSizes } from './estimate-protocol';
import { reportHtml } from './report-html';

/** One report panel, reused and refreshed for whichever Dockerfile asked last. */
export class ReportView {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;

  show(report: EstimateReport, real?: RealSizes): void {
    this.uri = vscode.Uri.parse(report.uri);
    const title = `Image size: ${path.basename(this.uri.fsPath || this.uri.path)}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('dockerlean.report', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: { type?: string; line?: number }) => {
        if (m?.type === 'reveal' && typeof m.line === 'number' && this.uri) void this.reveal(this.uri, m.line);
      });
    }
    this.panel.title = title;
    const nonce = crypto.randomBytes(16).toString('base64');
    this.panel.webview.html = reportHtml(report, path.basename(this.uri.fsPath || this.uri.path), nonce, this.panel.webview.cspSource, real);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private async reveal(uri: vscode.Uri, line: number): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
