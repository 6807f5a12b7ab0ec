import * as vscode from 'vscode';
import { formatBytes, type EstimateReport } from './estimate-protocol';

/** The final image estimate for the active Dockerfile, refreshed after edits settle. */
export class SizeStatusBar {
  private readonly item = vscode.window.createStatusBarItem('dockerlean.size', vscode.StatusBarAlignment.Left, 50);
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly fetch: (uri: string) => Promise<EstimateReport | null | undefined>) {
    this.item.name = 'dockerlean: image size';
    this.item.command = 'dockerlean.estimateImageSize';
  }

  schedule(editor: vscode.TextEditor | undefined, delayMs = 400): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(editor), delayMs);
  }

  async refresh(editor: vscode.TextEditor | undefined): Promise<void> {
    const generation = ++this.generation;
    const enabled = vscode.workspace.getConfiguration('dockerlean').get<boolean>('statusBar', true);
    if (!editor || editor.document.languageId !== 'dockerfile' || !enabled) {
      this.item.hide();
      return;
    }
    let report: EstimateReport | null | undefined;
    try {
      report = await this.fetch(editor.document.uri.toString());
    } catch {
      report = undefined;
    }
    // A newer refresh started while this one waited: let it decide.
    if (generation !== this.generation) return;
    if (!report) {
      this.item.hide();
      return;
    }
    this.item.text = `$(package) ${formatBytes(report.totalBytes)}`;
    this.item.tooltip = `dockerlean: estimated final image ${formatBytes(report.totalBytes)} (${formatBytes(report.lowBytes)}–${formatBytes(report.highBytes)}). Click for the report.`;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
  }
}
