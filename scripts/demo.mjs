// `npm run demo`: dockerlean on a single-stage Python service that ships its compilers
// (test/fixtures/seed-004-single-stage): findings, the size estimate, and the split refactor.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = 'test/fixtures/seed-004-single-stage/Dockerfile';
const steps = [
  ['Findings', ['check', file]],
  ['Estimated image size', ['estimate', file]],
  ['Split into build and runtime stages (printed, the file is not changed)', ['fix', '--rule', 'split-build-runtime', file]],
];
for (const [title, args] of steps) {
  console.log(`\n=== ${title}: dockerlean ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin/dockerlean.js'), ...args], { cwd: root, stdio: 'inherit' });
  console.log(`(exit code ${r.status})`);
}
