// The shipped artefacts: .vsix size, and — since extension activation cannot be timed
// without VS Code — the client bundle's require time in a fresh Node process (with a stub
// for the `vscode` module that VS Code would provide).

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.mjs';

export function vsixInfo(root) {
  const p = join(root, 'dockerlean.vsix');
  if (!existsSync(p)) return { built: false };
  const st = statSync(p);
  return { built: true, bytes: st.size, mtime: st.mtime.toISOString() };
}

const PROBE = `
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
const stub = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub), apply: () => stub, construct: () => stub });
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const t = performance.now();
const ext = require(process.argv[1]);
const ms = performance.now() - t;
if (typeof ext.activate !== 'function') throw new Error('no activate() exported');
process.stdout.write(JSON.stringify({ ms }));
`;

export function clientRequireTime(root, runs) {
  const bundle = join(root, 'dist/client.js');
  if (!existsSync(bundle)) return { built: false };
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', PROBE, bundle], { encoding: 'utf8' });
    if (r.status !== 0) return { built: true, error: r.stderr.split('\n').slice(0, 3).join(' ') };
    xs.push(JSON.parse(r.stdout).ms);
  }
  return { built: true, bytes: statSync(bundle).size, ms: median(xs), samples: xs.length };
}
