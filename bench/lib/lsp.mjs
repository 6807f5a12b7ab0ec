// A minimal LSP client for timing real language-server processes over stdio, as an editor
// drives them: incremental didChange, publishDiagnostics, hover, codeAction.

import { execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sleep } from './stats.mjs';

export function servers(root) {
  const require = createRequire(join(root, 'package.json'));
  return {
    // Started as the VS Code client starts it, with the same V8 flags.
    dockerlean: { label: 'dockerlean', nodeArgs: require(join(root, 'out/server/src/lsp/process-flags.js')).SERVER_NODE_FLAGS, command: [join(root, 'dist/server.js'), '--stdio'] },
    'docker-langserver': {
      label: 'docker-langserver',
      command: [require.resolve('dockerfile-language-server-nodejs/lib/server.js'), '--stdio'],
    },
  };
}

export class Client {
  /** `spawnedAt` is taken just before the process is created: cold start is measured from it. */
  constructor(root, server) {
    const require = createRequire(join(root, 'package.json'));
    const rpc = require('vscode-jsonrpc/node');
    this.name = server.label;
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...(server.nodeArgs ?? []), ...server.command], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => {
      // Keep only the tail: a chatty server must not grow the benchmark's own memory.
      this.stderr = (this.stderr + d.toString()).slice(-8000);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.waiters = new Map();
    this.latest = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      this.latest.set(p.uri, { ...p, at });
      const list = this.waiters.get(p.uri) ?? [];
      const keep = [];
      for (const w of list) if (!w.accept(p, at)) keep.push(w);
      this.waiters.set(p.uri, keep);
    });
    // Both servers ask for their settings per document; the defaults (null) are what a fresh editor sends.
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.listen();
  }

  get pid() {
    return this.child.pid;
  }

  async initialize() {
    const res = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        // docker-langserver offers code actions only to clients that can apply edits.
        workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          synchronization: { didSave: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
      },
    });
    this.initializedAt = performance.now();
    this.capabilities = res.capabilities ?? {};
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  /**
   * Resolves with the time of the first diagnostics for `uri` that answer `version` (servers
   * that do not echo versions: the first batch published after this call).
   */
  diagnosticsAfter(uri, version, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no diagnostics for ${uri} v${version} within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      const w = {
        accept: (p, at) => {
          if (p.version !== undefined && p.version !== null && p.version < version) return false;
          clearTimeout(timer);
          resolve({ at, diagnostics: p.diagnostics });
          return true;
        },
      };
      this.waiters.set(uri, [...(this.waiters.get(uri) ?? []), w]);
    });
  }

  open(uri, text, version = 1) {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  change(uri, version, range, text) {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** CPU time (user + system, all threads) the server process has used so far, in ms; 10 ms resolution. */
  cpuMs() {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }

  /** VmRSS and VmHWM (peak) of the server process, in bytes. */
  memory() {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  async close() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), sleep(2000)]);
      await this.conn.sendNotification('exit');
    } catch {
      // Already gone: the kill below is what matters.
    }
    await Promise.race([this.exited, sleep(1000)]);
    this.conn.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

export const uriOf = (path) => pathToFileURL(path).href;

const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
