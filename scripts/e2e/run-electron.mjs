// Runs the e2e scenarios in a desktop VS Code (Electron) through @vscode/test-electron, using
// the VS Code API from inside the Extension Development Host (test/e2e/electron/suite/).
// Needs a VS Code already on the machine: nothing is downloaded.
//
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code node scripts/e2e/run-electron.mjs
//
// Without VSCODE_EXECUTABLE_PATH it says so and exits 0, so it can sit in CI unconditionally.
// On Linux without $DISPLAY it starts Xvfb when that is installed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const exe = process.env.VSCODE_EXECUTABLE_PATH;

if (!exe) {
  console.log('skipped: no desktop VS Code (set VSCODE_EXECUTABLE_PATH)');
  process.exit(0);
}
if (!existsSync(exe)) {
  console.error(`VSCODE_EXECUTABLE_PATH=${exe} does not exist`);
  process.exit(1);
}

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('@vscode/test-electron is not installed: add the devDependency @vscode/test-electron@^2.5.2 (3.x needs Node 22)');
  process.exit(1);
}

// The Extension Development Host loads the extension from package.json's main (dist/client.js).
if (!existsSync(join(root, 'dist', 'client.js')) || !existsSync(join(root, 'dist', 'server.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}
// Compile so the suite is never stale; other files' type errors must not block an emit.
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: root, stdio: 'inherit' });
const suite = join(root, 'out', 'test', 'e2e', 'electron', 'suite', 'index.js');
if (!existsSync(suite)) {
  console.error(`tsc (status ${tsc.status}) did not produce ${suite}`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'dockerlean-electron-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });

let xvfb;
if (process.platform === 'linux' && !process.env.DISPLAY) {
  const display = `:${90 + Math.floor(Math.random() * 9)}`;
  const which = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.error('no $DISPLAY and no Xvfb: apt-get install -y xvfb, or run under a desktop session');
    process.exit(1);
  }
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  process.env.DISPLAY = display;
  await new Promise((r) => setTimeout(r, 1000));
}

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    // runTests adds --no-sandbox, --disable-updates, --skip-welcome, --skip-release-notes and
    // --disable-workspace-trust itself.
    launchArgs: [
      workspace,
      // Only dockerlean (and built-ins such as the dockerfile grammar) in a profile of our own.
      '--disable-extensions',
      '--disable-telemetry',
      '--disable-gpu',
      `--user-data-dir=${join(tmp, 'user-data')}`,
      `--extensions-dir=${join(tmp, 'extensions')}`,
    ],
  });
} catch (e) {
  console.error(`e2e (electron) failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  xvfb?.kill();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
