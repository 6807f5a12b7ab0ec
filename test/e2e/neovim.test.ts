// dockerlean's language server driven by Neovim's built-in LSP client: evidence that the
// server speaks plain LSP over stdio and needs nothing from VS Code. Skips (with the reason)
// without nvim (scripts/e2e/install-neovim.sh) or dist/server.js (npm run build); under
// DOCKERLEAN_E2E=require a missing piece fails instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

const serverJs = fromRoot('dist', 'server.js');
const luaScript = fromRoot('test', 'e2e', 'neovim', 'collect-diagnostics.lua');

function unavailable(): string | undefined {
  const missing: string[] = [];
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (nvim.error || nvim.status !== 0) missing.push('nvim is not installed (bash scripts/e2e/install-neovim.sh)');
  if (!fs.existsSync(serverJs)) missing.push(`${serverJs} is missing (npm run build)`);
  if (missing.length === 0) return undefined;
  if (process.env.DOCKERLEAN_E2E === 'require') throw new Error(`DOCKERLEAN_E2E=require but: ${missing.join('; ')}`);
  return missing.join('; ');
}

interface NvimDiagnostic {
  line: number;
  column: number;
  severity: number;
  message: string;
  source: string | null;
  code: string | number | null;
}
interface NvimResult {
  ok: boolean;
  elapsed_ms?: number;
  error?: string;
  exited?: { code: number; signal: number } | null;
  diagnostics: NvimDiagnostic[];
}

/** Runs the Lua collector in a headless Neovim with its own XDG homes (lsp.log, shada). */
function collectWithNeovim(file: string, wantCode: string, timeoutMs: number): Promise<{ result: NvimResult; stderr: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-nvim-'));
  const out = path.join(tmp, 'diagnostics.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DL_SERVER: serverJs,
    DL_FILE: file,
    DL_OUT: out,
    DL_WANT_CODE: wantCode,
    DL_TIMEOUT_MS: String(timeoutMs),
    DL_NODE: process.execPath,
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_STATE_HOME: path.join(tmp, 'state'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
  };
  return new Promise((resolve, reject) => {
    // detached: a timeout kill takes the language server child down with nvim.
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${luaScript}`], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs + 15_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      try {
        process.kill(-child.pid!, 'SIGKILL'); // stragglers in nvim's group
      } catch {
        // group empty
      }
      try {
        if (!fs.existsSync(out)) {
          reject(new Error(`nvim exited (code ${code}, signal ${signal}) without writing ${out}; stderr: ${stderr}`));
          return;
        }
        resolve({ result: JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult, stderr });
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

const skip = unavailable();

test('the language server publishes dockerlean findings to Neovim', { skip, timeout: 120_000 }, async (t) => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-nvim-ws-'));
  try {
    fs.cpSync(fromRoot('test', 'e2e', 'workspace'), ws, { recursive: true });
    const { result, stderr } = await collectWithNeovim(path.join(ws, 'Dockerfile'), 'build-tools-in-final-image', 45_000);
    t.diagnostic(`diagnostics after ${result.elapsed_ms} ms: ${result.diagnostics.map((d) => `${d.code}@${d.line}`).join(', ')}`);
    assert.equal(result.error, undefined, `Lua collector failed: ${result.error}; stderr: ${stderr}`);
    assert.ok(result.ok, `no build-tools-in-final-image diagnostic within the timeout: ${JSON.stringify(result)}`);
    const finding = result.diagnostics.find((d) => d.code === 'build-tools-in-final-image');
    assert.ok(finding, JSON.stringify(result.diagnostics));
    assert.equal(finding.source, 'dockerlean');
    assert.match(finding.message, /build-essential/);
    assert.equal(finding.line, 8, 'reported on the apt-get install line');
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
});
