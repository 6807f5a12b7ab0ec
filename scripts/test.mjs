// `npm test`: type-check and compile the TypeScript tests, bundle the product,
// then run every *.test.js under out/ with Node's own test runner in one invocation.
// Suites that need heavy tooling (real VS Code, Docker engine) are ordinary test files
// that skip with a stated reason when their tooling is unavailable.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

rmSync(join(root, 'out'), { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
run(process.execPath, [join(root, 'scripts/build.mjs')]);

const filter = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
};
walk(join(root, 'out'));
const selected = files
  .filter((f) => filter.length === 0 || filter.some((s) => relative(root, f).includes(s)))
  .sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
run(process.execPath, ['--test', '--test-concurrency=2', ...selected]);
