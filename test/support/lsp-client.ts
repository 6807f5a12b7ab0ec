import { spawn, type ChildProcess } from 'node:child_process';
import * as rpc from 'vscode-jsonrpc/node';
import { fromRoot } from './paths';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    message: string;
    severity?: number;
    code?: string | number;
    source?: string;
    codeDescription?: { href: string };
    relatedInformation?: unknown[];
  }>;
}

/**
 * A minimal LSP client over a real child process: the bundled server, spoken to in JSON-RPC
 * exactly as an editor would. Diagnostics are queued per URI so tests can await the next batch.
 */
export class LspTestClient {
  readonly connection: rpc.MessageConnection;
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, Array<(d: PublishedDiagnostics) => void>>();
  private readonly queued = new Map<string, PublishedDiagnostics[]>();
  configuration: unknown = {};
  stderr = '';
  /** Every publishDiagnostics received, in arrival order (the queues above are consumed by the waits). */
  readonly published: PublishedDiagnostics[] = [];

  constructor(serverPath = fromRoot('dist/server.js')) {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout!), new rpc.StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      const w = this.waiting.get(p.uri);
      if (w?.length) w.shift()!(p);
      else this.queued.set(p.uri, [...(this.queued.get(p.uri) ?? []), p]);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  /** The server's process id (for /proc/<pid>/status). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async initialize(withConfiguration = true): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: withConfiguration }, textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  nextDiagnostics(uri: string, timeoutMs = 30_000): Promise<PublishedDiagnostics> {
    const q = this.queued.get(uri);
    if (q?.length) return Promise.resolve(q.shift()!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.waiting.set(uri, [
        ...(this.waiting.get(uri) ?? []),
        (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      ]);
    });
  }

  /** Waits for the diagnostics of a given document version (older batches are skipped). */
  async diagnosticsForVersion(uri: string, version: number, timeoutMs = 30_000): Promise<PublishedDiagnostics> {
    for (;;) {
      const d = await this.nextDiagnostics(uri, timeoutMs);
      if (d.version === undefined || d.version >= version) return d;
    }
  }

  open(uri: string, text: string, version = 1, languageId = 'dockerfile'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may already be gone; killing it below is what matters.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
