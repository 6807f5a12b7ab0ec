// Loaded with `node --require out/test/support/sandbox-preload.js` (or NODE_OPTIONS) into the CLI and
// the language server by test/safety.test.ts. It records — and refuses — every way Node offers to
// reach the network or run a program, and every file write, as JSON lines appended to the file named
// by DOCKERLEAN_SANDBOX_LOG. Pipes (LSP over stdio, a child's stdio) never call connect(), so they are
// not counted; a real connection attempt is (the test proves it with a negative control).
//
// Fault injection for the write and read tests:
//   DOCKERLEAN_SANDBOX_FAIL_WRITE=<suffix>  writeFileSync to a path ending so throws ENOSPC (a full disk)
//   DOCKERLEAN_SANDBOX_EACCES=<path>        reading that path throws EACCES (root ignores file modes)
/* eslint-disable @typescript-eslint/no-require-imports */
// The module objects themselves (require), not TypeScript's import wrappers: those have getters only.
const fs = require('node:fs') as typeof import('node:fs');

const logFile = process.env.DOCKERLEAN_SANDBOX_LOG;

function record(kind: string, detail: unknown): void {
  if (!logFile) return;
  let text: string;
  try {
    text = JSON.stringify({ pid: process.pid, kind, detail: String(detail).slice(0, 300) });
  } catch {
    text = JSON.stringify({ pid: process.pid, kind, detail: '?' });
  }
  // Written through a descriptor opened before patching, with writeSync (never patched).
  if (logFd !== undefined) fs.writeSync(logFd, text + '\n');
}
const logFd = logFile ? fs.openSync(logFile, 'a') : undefined;

function refuse(kind: string, detail: unknown): never {
  record(kind, detail);
  const e = new Error(`sandbox: ${kind} refused`) as NodeJS.ErrnoException;
  e.code = 'EACCES';
  throw e;
}

function patch(mod: Record<string, unknown>, name: string, kind: string): void {
  if (typeof mod[name] !== 'function') return;
  mod[name] = (...args: unknown[]) => refuse(kind, args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : a)).join(' '));
}

// ---- network
const net = require('node:net') as Record<string, unknown> & { Socket: { prototype: Record<string, unknown> } };
net.Socket.prototype.connect = function (...args: unknown[]) {
  return refuse('net.Socket.connect', JSON.stringify(args[0]));
};
patch(net, 'connect', 'net.connect');
patch(net, 'createConnection', 'net.createConnection');
const dns = require('node:dns') as Record<string, unknown> & { promises: Record<string, unknown> };
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv', 'reverse']) {
  patch(dns, name, `dns.${name}`);
  patch(dns.promises, name, `dns.promises.${name}`);
}
for (const m of ['node:http', 'node:https', 'node:http2']) {
  const mod = require(m) as Record<string, unknown>;
  for (const name of ['request', 'get', 'connect']) patch(mod, name, `${m.slice(5)}.${name}`);
}
patch(require('node:tls') as Record<string, unknown>, 'connect', 'tls.connect');
patch(require('node:dgram') as Record<string, unknown>, 'createSocket', 'dgram.createSocket');
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = ((...args: unknown[]) => {
    record('fetch', args[0]);
    return Promise.reject(new Error('sandbox: fetch refused'));
  }) as typeof fetch;
}
const ws = (globalThis as { WebSocket?: unknown }).WebSocket;
if (typeof ws === 'function') (globalThis as { WebSocket?: unknown }).WebSocket = function () {
  refuse('WebSocket', '');
};

// ---- running programs
const cp = require('node:child_process') as Record<string, unknown>;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) patch(cp, name, `child_process.${name}`);
const wt = require('node:worker_threads') as Record<string, unknown>;
if (typeof wt.Worker === 'function') wt.Worker = function () {
  refuse('worker_threads.Worker', '');
};
const proc = process as unknown as Record<string, unknown>;
patch(proc, 'dlopen', 'process.dlopen');

// ---- file writes (recorded, not refused: `fix --write` must write its one file)
const failSuffix = process.env.DOCKERLEAN_SANDBOX_FAIL_WRITE;
const fsm = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const name of ['writeFileSync', 'writeFile', 'appendFileSync', 'appendFile', 'renameSync', 'rename', 'copyFileSync', 'unlinkSync', 'rmSync', 'mkdirSync', 'openSync', 'truncateSync', 'symlinkSync', 'chmodSync']) {
  const original = fsm[name];
  if (typeof original !== 'function') continue;
  fsm[name] = function (this: unknown, ...args: unknown[]) {
    const target = String(args[0]);
    if (name === 'openSync' && !/[wa+]/.test(String(args[1] ?? 'r'))) return original.apply(this, args);
    record(`fs.${name}`, target + (name.startsWith('rename') || name.startsWith('copy') || name.startsWith('symlink') ? ` -> ${String(args[1])}` : ''));
    if (failSuffix && name === 'writeFileSync' && target.endsWith(failSuffix)) {
      // Half the text lands, then the disk is full: exactly what must never reach the real file.
      original.call(this, target, String(args[1]).slice(0, 10));
      const e = new Error(`ENOSPC: no space left on device, write '${target}'`) as NodeJS.ErrnoException;
      e.code = 'ENOSPC';
      throw e;
    }
    return original.apply(this, args);
  };
}
const fsp = fs.promises as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const name of ['writeFile', 'appendFile', 'rename', 'rm', 'unlink', 'mkdir', 'copyFile']) {
  const original = fsp[name];
  if (typeof original !== 'function') continue;
  fsp[name] = function (this: unknown, ...args: unknown[]) {
    record(`fs.promises.${name}`, args[0]);
    return original.apply(this, args);
  };
}

// ---- reads refused with EACCES (root reads mode-000 files, so the test says which one is "unreadable")
const eacces = process.env.DOCKERLEAN_SANDBOX_EACCES;
if (eacces) {
  for (const name of ['readFileSync', 'openSync', 'statSync']) {
    const original = fsm[name];
    fsm[name] = function (this: unknown, ...args: unknown[]) {
      if (String(args[0]) === eacces && !(name === 'statSync')) {
        const e = new Error(`EACCES: permission denied, open '${eacces}'`) as NodeJS.ErrnoException;
        e.code = 'EACCES';
        throw e;
      }
      return original.apply(this, args);
    };
  }
}
