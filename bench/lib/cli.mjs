// Command-line linters over one folder of Dockerfiles, timed from spawn to exit like
// hyperfine would (one warm-up run, then repeated runs, tools interleaved).
//
// dockerlean and dockerfilelint take every file in one process. dockerfile-utils' `lint`
// takes a single file, so it is run once per file, one after another: that is what a user
// (or a CI step) would have to do with it, process start-up included.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { summary } from './stats.mjs';

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = 0;
    let err = '';
    child.stdout.on('data', (d) => (out += d.length));
    child.stderr.on('data', (d) => (err = (err + d.toString()).slice(-4000)));
    child.on('close', (code) => resolve({ ms: performance.now() - t, code, outBytes: out, err }));
  });
}

export function cliTools(root) {
  const require = createRequire(join(root, 'package.json'));
  const node = process.execPath;
  const dockerfilelint = require.resolve('dockerfilelint/bin/dockerfilelint');
  const utilsBin = join(require.resolve('dockerfile-utils/package.json'), '..', 'bin', 'dockerfile-utils');
  return {
    'dockerlean check': async (files) => run(node, [join(root, 'bin/dockerlean.js'), 'check', ...files], root),
    dockerfilelint: async (files) => run(node, [dockerfilelint, ...files], root),
    'dockerfile-utils lint (one process per file)': async (files) => {
      const t = performance.now();
      let last;
      for (const f of files) last = await run(node, [utilsBin, 'lint', f], root);
      return { ms: performance.now() - t, code: last?.code, outBytes: 0, err: last?.err ?? '' };
    },
  };
}

export async function measureCli(root, files, runs, { warmup = true } = {}) {
  const tools = cliTools(root);
  const names = Object.keys(tools);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const checks = {};
  const check = (n, r) => (checks[n] ??= { code: r.code, outBytes: r.outBytes, err: r.err.split('\n').filter(Boolean).slice(-2).join(' / ') });
  // Warm-up: file cache, and a first look at each tool's exit code and output for sanity.
  if (warmup) for (const n of names) check(n, await tools[n](files));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(r + k) % names.length];
      const res = await tools[n](files);
      check(n, res);
      samples[n].push(res.ms);
    }
  }
  return { files: files.length, tools: Object.fromEntries(names.map((n) => [n, { ...summary(samples[n]), ...checks[n] }])) };
}
