// End-to-end harness: a real VS Code (code-server, the same workbench and extension host as
// desktop VS Code, served to a browser) driven by Debian's Chromium through playwright-core.
// Tooling is installed by scripts/e2e/install-code-server.sh into a cache outside the repo.
//
// Every session runs in its own temp dir (user data, extensions, XDG homes, config) so a run
// never touches $HOME or another run, and close() takes down every process it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { fromRoot } from '../support/paths';

// Callbacks passed to page.evaluate run in the browser. tsconfig has no DOM lib (the product
// code must not see browser globals), so the few they use are declared loosely, module-local.
declare const document: any;
declare const window: any;
declare const NodeFilter: any;
declare const MutationObserver: any;
declare const navigator: any;
type HTMLElement = any;
type Element = any;

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = process.env.DOCKERLEAN_CHROMIUM ?? '/usr/bin/chromium';
export const cacheRoot = process.env.DOCKERLEAN_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'dockerlean-e2e');
export const codeServerBin = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
export const defaultVsixPath = fromRoot('dockerlean.vsix');
// Overridable so throwaway runs (harness checks) keep their pictures out of the repository.
export const screenshotDir = process.env.DOCKERLEAN_E2E_SCREENSHOTS ?? fromRoot('test', 'e2e', 'screenshots');

const debug = !!process.env.DOCKERLEAN_E2E_DEBUG;
const t0 = Date.now();
const log = (...a: unknown[]): void => {
  if (debug) console.error(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
};

/** True when CI has installed the tooling and a missing piece must fail instead of skip. */
export const e2eRequired = (): boolean => process.env.DOCKERLEAN_E2E === 'require';

/**
 * Why the VS Code e2e tests cannot run here, or undefined when they can. Under
 * DOCKERLEAN_E2E=require a missing piece throws instead, so CI cannot pass by skipping.
 */
export function e2eAvailable(opts: { vsixPath?: string | null } = {}): string | undefined {
  const missing: string[] = [];
  if (!fs.existsSync(codeServerBin)) {
    missing.push(`code-server ${CODE_SERVER_VERSION} is not installed at ${codeServerBin} (run scripts/e2e/install-code-server.sh)`);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) missing.push(`chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  const vsix = opts.vsixPath === undefined ? defaultVsixPath : opts.vsixPath;
  if (vsix !== null && !fs.existsSync(vsix)) missing.push(`${vsix} is missing (run npm run package)`);
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  if (e2eRequired()) throw new Error(`DOCKERLEAN_E2E=require but: ${reason}`);
  return reason;
}

export interface StartOptions {
  /** Folder opened in the workbench. The harness never writes into it except via the editor. */
  workspaceDir: string;
  /** Installed with --install-extension before the server starts. */
  vsixPath?: string;
  /** More .vsix files to install the same way (e.g. a coexisting extension). */
  extraVsixPaths?: string[];
  /** Load an unpackaged extension folder as in an Extension Development Host. */
  devExtensionPath?: string;
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Bound for server start + workbench load (ms). */
  startTimeoutMs?: number;
}

export interface ProblemRow {
  /** Absolute path of the file the marker belongs to. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint' | '';
  message: string;
  /** Diagnostic source, e.g. "dockerlean". */
  source: string;
  /** Diagnostic code, e.g. a rule id. */
  code: string;
  line: number;
  column: number;
  /** "message source(code) [Ln l, Col c]", as the panel shows it. */
  text: string;
}

interface RowInfo {
  name: string;
  desc: string;
  text: string;
  focused: boolean;
}

export interface SeenNotification {
  severity: 'error' | 'warning' | 'info';
  text: string;
}

const HARNESS_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  // Deterministic editor behaviour for typed text.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.hover.delay': 150,
  'files.autoSave': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Runs code-server as the leader of its own process group and kills that whole group when its
// stdin closes. The test process holds the other end of stdin, so even if it is SIGKILLed (a
// runner timeout) nothing survives: the extension host and language servers die with the group.
const WATCHDOG = `
const { spawn } = require('child_process');
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const killGroup = (sig) => { try { process.kill(-process.pid, sig); } catch {} };
const stop = () => {
  if (stopping) return;
  stopping = true;
  try { child.kill('SIGTERM'); } catch {}
  setTimeout(() => killGroup('SIGKILL'), 5000).unref();
};
child.on('exit', (code, sig) => {
  console.log('[watchdog] code-server exited code=' + code + ' signal=' + sig);
  stopping = true;
  killGroup('SIGKILL');
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws `message` (plus the last value) on timeout. */
export async function waitUntil<T>(
  fn: () => Promise<T> | T,
  opts: { timeoutMs: number; message: string; intervalMs?: number },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      const detail = lastErr ? ` (last error: ${(lastErr as Error).message})` : last !== undefined ? ` (last value: ${JSON.stringify(last)})` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms: ${opts.message}${detail}`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

/** Runs a Playwright wait, replacing its generic timeout error with what we were waiting for. */
async function bounded<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}

const norm = (s: string): string => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

// Sessions still alive, killed synchronously if the test process exits without close().
const live = new Set<VSCodeSession>();
let exitHooksInstalled = false;
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const s of live) s.killNow();
  });
  // Without a handler a signal ends Node before 'exit' handlers run.
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(sig, () => {
      for (const s of live) s.killNow();
      process.exit(code);
    });
  }
}

function codeServerEnv(runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Inside a VS Code terminal these would make code-server hand the folder to that instance.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  // code-server writes logs/heartbeat and Chromium its crash dir under the XDG homes.
  env.XDG_CONFIG_HOME = path.join(runDir, 'xdg', 'config');
  env.XDG_DATA_HOME = path.join(runDir, 'xdg', 'data');
  env.XDG_CACHE_HOME = path.join(runDir, 'xdg', 'cache');
  return env;
}

/** A running code-server + browser page with the workspace open. */
export class VSCodeSession {
  readonly timings: Record<string, number> = {};
  browser?: Browser;
  page!: Page;
  port = 0;
  private watchdog?: ChildProcess;
  private closed = false;
  private lastOpened?: string;
  private readonly pageErrors: string[] = [];

  constructor(
    readonly runDir: string,
    readonly workspaceDir: string,
    readonly opts: StartOptions,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get userDataDir(): string {
    return path.join(this.runDir, 'user-data');
  }
  get extensionsDir(): string {
    return path.join(this.runDir, 'extensions');
  }
  get settingsPath(): string {
    return path.join(this.userDataDir, 'User', 'settings.json');
  }
  get serverLogPath(): string {
    return path.join(this.runDir, 'code-server.log');
  }

  /** Last lines of code-server's output (includes extension host crashes). */
  serverLogTail(lines = 40): string {
    try {
      return fs.readFileSync(this.serverLogPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no code-server log)';
    }
  }

  /**
   * Extension host processes that ended abnormally, from code-server's log. A reload ends the
   * old host with code 0; a crash or an OOM kill shows a non-zero code or a signal.
   */
  extensionHostCrashes(): string[] {
    let text = '';
    try {
      text = fs.readFileSync(this.serverLogPath, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => /Extension Host Process exited with code/.test(l))
      .filter((l) => !/exited with code: 0, signal: null/.test(l));
  }

  /** Uncaught errors in the workbench page since start. */
  get errors(): readonly string[] {
    return this.pageErrors;
  }

  private codeServerArgs(): string[] {
    return [
      '--config', path.join(this.runDir, 'config.yaml'),
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
    ];
  }

  /** Installs a .vsix into this session's extensions dir; call reloadWindow() to activate it. */
  installExtension(vsixPath: string): void {
    const started = Date.now();
    const r = spawnSync(codeServerBin, [...this.codeServerArgs(), '--install-extension', vsixPath, '--force'], {
      env: codeServerEnv(this.runDir),
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) {
      throw new Error(`code-server --install-extension ${vsixPath} failed (status ${r.status}, ${r.error?.message ?? ''}):\n${r.stdout}\n${r.stderr}`);
    }
    this.timings[`install ${path.basename(vsixPath)}`] = Date.now() - started;
    log('installed', vsixPath);
  }

  /** User settings as saved on disk. */
  userSettings(): Record<string, unknown> {
    try {
      return JSON.parse(fs.readFileSync(this.settingsPath, 'utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  // Only read at startup: VS Code web does not notice later writes to this file behind its
  // back, so live changes go through the settings editor (setSettings).
  private writeUserSettings(settings: Record<string, unknown>): void {
    fs.mkdirSync(path.dirname(this.settingsPath), { recursive: true });
    fs.writeFileSync(this.settingsPath, JSON.stringify({ ...this.userSettings(), ...settings }, null, 2));
  }

  /** @internal */
  async start(): Promise<void> {
    const started = Date.now();
    for (const d of [this.userDataDir, this.extensionsDir, path.join(this.runDir, 'xdg', 'config'), path.join(this.runDir, 'xdg', 'data'), path.join(this.runDir, 'xdg', 'cache')]) {
      fs.mkdirSync(d, { recursive: true });
    }
    fs.writeFileSync(path.join(this.runDir, 'config.yaml'), 'auth: none\ncert: false\n');
    this.writeUserSettings({ ...HARNESS_SETTINGS, ...(this.opts.settings ?? {}) });

    for (const vsix of [this.opts.vsixPath, ...(this.opts.extraVsixPaths ?? [])]) {
      if (vsix) this.installExtension(vsix);
    }
    this.timings.installExtensions = Date.now() - started;

    const timeout = this.opts.startTimeoutMs ?? 90_000;
    const deadline = Date.now() + timeout;
    // The free port can be taken between probing and binding; retry with a new one.
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      const ok = await this.spawnServer(Math.min(30_000, deadline - Date.now()));
      if (ok) break;
      if (attempt >= 3 || !/EADDRINUSE/.test(this.serverLogTail())) {
        throw new Error(`code-server did not answer /healthz on port ${this.port}:\n${this.serverLogTail()}`);
      }
    }
    this.timings.serverReady = Date.now() - started;
    log('code-server ready on', this.port);

    const browserStart = Date.now();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      env: codeServerEnv(this.runDir),
      timeout: 30_000,
    });
    // Clipboard access lets setSettings/pasteText insert text without keystroke-level editor behaviour.
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await context.addInitScript(recordNotificationsScript);
    this.page = await context.newPage();
    this.page.setDefaultTimeout(15_000);
    this.page.on('pageerror', (e) => {
      this.pageErrors.push(e.message);
      log('pageerror', e.message);
    });
    this.timings.browserLaunch = Date.now() - browserStart;

    await this.page.goto(this.workbenchUrl(), { timeout: 30_000 });
    await this.waitForWorkbench(Math.max(10_000, deadline - Date.now()));
    this.timings.workbenchReady = Date.now() - started;
    log('workbench ready', this.timings);
  }

  private workbenchUrl(): string {
    let url = `${this.url}/?folder=${encodeURIComponent(this.workspaceDir)}`;
    if (this.opts.devExtensionPath) {
      // code-server has no --extensionDevelopmentPath flag; VS Code web takes it from the
      // `payload` query parameter as a URI on the page's own remote authority.
      const authority = `127.0.0.1:${this.port}`;
      const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(this.opts.devExtensionPath)}`]];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    return url;
  }

  private async spawnServer(timeoutMs: number): Promise<boolean> {
    const logFd = fs.openSync(this.serverLogPath, 'a');
    const args = [
      ...this.codeServerArgs(),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      this.workspaceDir,
    ];
    const child = spawn(process.execPath, ['-e', WATCHDOG, codeServerBin, ...args], {
      detached: true,
      stdio: ['pipe', logFd, logFd],
      env: codeServerEnv(this.runDir),
    });
    fs.closeSync(logFd);
    // Neither the child nor its stdin pipe may keep the test process alive; the exit hook kills it.
    child.unref();
    (child.stdin as unknown as net.Socket | null)?.unref();
    child.stdin?.on('error', () => undefined);
    this.watchdog = child;
    live.add(this);
    installExitHooks();
    let exited = false;
    child.once('exit', () => (exited = true));

    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !exited) {
      if (await healthz(this.port)) return true;
      await sleep(100);
    }
    await this.stopServer();
    return false;
  }

  private async waitForWorkbench(timeoutMs: number): Promise<void> {
    await bounded('workbench did not load', this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs }));
    // The explorer lists the folder only once the remote extension host connection is up.
    await bounded(
      'explorer did not show the workspace (remote connection not up?)',
      this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs }),
    );
  }

  /** Reloads the workbench (new extension host, re-scanned extensions). */
  async reloadWindow(timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    await this.page.reload({ timeout: 30_000 });
    await this.waitForWorkbench(timeoutMs);
    this.lastOpened = undefined;
    this.timings.lastReload = Date.now() - started;
  }

  private async stopServer(): Promise<void> {
    const child = this.watchdog;
    if (!child?.pid) return;
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([gone, sleep(10_000)]);
    }
    // Stragglers (an extension host whose parent died first) are still in the group.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // group empty
    }
    this.watchdog = undefined;
  }

  /** Synchronous last-resort kill used from process exit hooks. */
  killNow(): void {
    const pid = this.watchdog?.pid;
    if (pid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      fs.rmSync(this.runDir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }

  /** Stops the browser, code-server and all their children, and removes the run dir. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const started = Date.now();
    if (this.browser) {
      // Playwright kills Chromium's process group if a graceful close does not finish.
      await Promise.race([this.browser.close().catch(() => undefined), sleep(10_000)]);
    }
    await this.stopServer();
    live.delete(this);
    fs.rmSync(this.runDir, { recursive: true, force: true, maxRetries: 3 });
    this.timings.close = Date.now() - started;
  }

  // ---------------------------------------------------------------- workbench helpers

  /** The Monaco editor of the active editor group. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Focuses the active editor without moving its cursor (clicking the text would). */
  async focusEditor(): Promise<void> {
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active');
    if (await tab.count()) {
      await tab.click();
      // A pointer resting on the tab opens its path tooltip over the editor in screenshots.
      await this.page.mouse.move(2, 2);
    } else await this.editor().click();
    await bounded('editor did not take focus', this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 5_000 }));
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Closes menus and all editors, discarding unsaved edits, so the next step starts from a
   * clean UI whatever the previous one left behind.
   */
  async resetUI(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.page.mouse.move(2, 2);
    if ((await this.page.locator('.editor-group-container .tabs-container .tab').count()) === 0) {
      this.lastOpened = undefined;
      return;
    }
    await this.runCommand('View: Close All Editors', { exact: true });
    const tabsGone = this.page.locator('.editor-group-container .tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
    // Dirty editors make VS Code ask whether to save; discard, the copies are throwaway.
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ });
    for (let i = 0; i < 10 && (await dontSave.count().catch(() => 0)) === 0; i++) {
      if ((await this.page.locator('.editor-group-container .tabs-container .tab').count()) === 0) break;
      await sleep(200);
    }
    while (await dontSave.count()) {
      await dontSave.first().click();
      await sleep(200);
    }
    await bounded('editors did not close', tabsGone);
    this.lastOpened = undefined;
  }

  /** Discards unsaved changes of the active editor. */
  async revertFile(): Promise<void> {
    await this.runCommand('File: Revert File', { exact: true });
    await bounded('editor stayed dirty after revert', this.page.locator('.editor-group-container.active .tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 }));
  }

  /**
   * Opens a workspace file by path relative to the workspace folder: a top-level file by
   * clicking its explorer row, anything else (or a row not rendered) via Quick Open.
   */
  async openFile(relPath: string, opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeout = opts.timeoutMs ?? 30_000;
    const rel = relPath.split(path.sep).join('/');
    const base = path.posix.basename(rel);
    const dir = path.posix.dirname(rel);
    const started = Date.now();
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${cssString(base)}"]`);
    if (dir === '.' && (await row.count()) === 1) {
      await row.click();
    } else {
      await this.quickOpen(rel, base, dir, timeout);
    }
    await bounded(
      `editor tab for ${rel} did not become active`,
      this.page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${cssString(base)}"]`).waitFor({ timeout }),
    );
    await bounded(`editor for ${rel} did not render`, this.editor().locator('.view-lines .view-line').first().waitFor({ timeout }));
    this.lastOpened = path.join(this.workspaceDir, ...rel.split('/'));
    this.timings[`open ${rel}`] = Date.now() - started;
  }

  private async quickOpen(rel: string, base: string, dir: string, timeout: number): Promise<void> {
    // Keybindings need focus inside the workbench; the title bar's command center would open
    // its own quick input, so focus an editor or the empty editor area instead.
    await this.page.keyboard.press('Escape');
    if (await this.page.locator('.editor-group-container.active .tabs-container .tab.active').count()) await this.focusEditor();
    else await this.page.locator('.part.editor').click({ position: { x: 300, y: 300 } }).catch(() => undefined);
    await this.page.keyboard.press('Control+P');
    const widget = this.page.locator('.quick-input-widget');
    await bounded('Quick Open did not appear', widget.waitFor({ state: 'visible', timeout: 10_000 }));
    log('quick open visible');
    await this.page.keyboard.type(rel);
    // Quick Open rows: label = file name, description = folder relative to the workspace.
    const matches = (r: RowInfo): boolean =>
      r.name === base && (dir === '.' ? !r.desc.includes('/') : r.desc === dir || r.desc.endsWith('/' + dir));
    await this.selectRow('.quick-input-list .monaco-list-row', matches, `Quick Open entry for ${rel}`, timeout);
  }

  /**
   * One snapshot of a list's rendered rows. Read in a single evaluate because VS Code re-renders
   * lists while results stream in, and a per-row locator would wait on a vanished row.
   */
  private rowInfos(rowSel: string): Promise<RowInfo[]> {
    return this.page.locator(rowSel).evaluateAll((els: Element[]) => {
      const clean = (t: string | null | undefined): string => (t ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
      return els.map((e) => ({
        name: clean((e.querySelector('.label-name') ?? e.querySelector('.monaco-highlighted-label'))?.textContent),
        desc: clean(e.querySelector('.label-description')?.textContent),
        text: clean(e.innerText),
        focused: e.classList.contains('focused'),
      }));
    });
  }

  private async rowTexts(rowSel: string): Promise<string[]> {
    return (await this.rowInfos(rowSel)).map((r) => r.text);
  }

  /**
   * Waits for a row satisfying `matches`, moves the keyboard focus down to it and presses Enter
   * (or only focuses it). Keyboard only: VS Code overlays block pointer clicks on its menus.
   */
  private async selectRow(rowSel: string, matches: (row: RowInfo) => boolean, what: string, timeout: number, opts: { enter?: boolean } = {}): Promise<void> {
    let rows: RowInfo[] = [];
    await waitUntil(
      async () => {
        rows = await this.rowInfos(rowSel);
        return rows.some(matches);
      },
      { timeoutMs: timeout, message: what },
    ).catch(() => {
      throw new Error(`timed out after ${timeout} ms: ${what} did not appear; rows: ${JSON.stringify(rows.map((r) => r.text))}`);
    });
    log(`${what}: row present`);
    const seen: string[] = [];
    for (let step = 0; step < 60; step++) {
      const focused = (await this.rowInfos(rowSel)).find((r) => r.focused);
      if (focused && matches(focused)) {
        if (opts.enter !== false) await this.page.keyboard.press('Enter');
        return;
      }
      seen.push(focused?.text ?? '(none)');
      await this.page.keyboard.press('ArrowDown');
      await sleep(30);
    }
    throw new Error(`could not move the focus to ${what}; focused rows seen: ${JSON.stringify([...new Set(seen)])}`);
  }

  /** Runs a command from the F1 palette by its title ("Category: Title"). */
  /**
   * Runs a command from the palette. A command that asks for input at once (`opensInput`: text
   * of its prompt) reuses the palette's widget, which then never hides: wait for its prompt.
   */
  async runCommand(title: string, opts: { exact?: boolean; timeoutMs?: number; opensInput?: string } = {}): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const widget = this.page.locator('.quick-input-widget');
    await bounded('command palette did not appear', widget.waitFor({ state: 'visible', timeout: 10_000 }));
    await this.page.keyboard.type(title);
    const want = norm(title).toLowerCase();
    await this.selectRow(
      '.quick-input-list .monaco-list-row',
      (r) => (opts.exact ? r.name.toLowerCase() === want : r.name.toLowerCase().includes(want)),
      `command "${title}"`,
      opts.timeoutMs ?? 15_000,
    );
    if (opts.opensInput) {
      await bounded(`"${title}" did not ask for input`, widget.getByText(opts.opensInput).first().waitFor({ state: 'visible', timeout: 15_000 }));
      return;
    }
    await bounded(`command palette did not close after "${title}"`, widget.waitFor({ state: 'hidden', timeout: 10_000 }));
  }

  /** Moves the cursor to line (and column), 1-based, with Go to Line (Ctrl+G). */
  async gotoLine(line: number, column?: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const widget = this.page.locator('.quick-input-widget');
    await bounded('Go to Line did not appear', widget.waitFor({ state: 'visible', timeout: 10_000 }));
    await this.page.keyboard.type(column ? `${line}:${column}` : `${line}`);
    await this.page.keyboard.press('Enter');
    await bounded('Go to Line did not close', widget.waitFor({ state: 'hidden', timeout: 10_000 }));
    const status = this.page.locator('#status\\.editor\\.selection');
    await waitUntil(async () => new RegExp(`Ln ${line}, Col ${column ?? 1}\\b`).test(await status.innerText()), {
      timeoutMs: 5_000,
      message: `cursor did not move to ${line}:${column ?? 1}`,
    });
  }

  /** Types into the focused editor (keyboard events, as a person would). */
  async typeText(text: string, opts: { delayMs?: number } = {}): Promise<void> {
    await this.page.keyboard.type(text, { delay: opts.delayMs ?? 0 });
  }

  /** Inserts text at the cursor through the clipboard (no auto-indent, no auto-closing). */
  async pasteText(text: string): Promise<void> {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press('Control+V');
  }

  /**
   * Changes user settings while VS Code runs, the way a person would: edits settings.json in
   * the settings editor and saves it, so configuration listeners fire immediately.
   */
  async setSettings(settings: Record<string, unknown>, opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeout = opts.timeoutMs ?? 15_000;
    const merged = { ...this.userSettings(), ...settings };
    for (const [k, v] of Object.entries(settings)) if (v === undefined) delete merged[k];
    const previous = this.lastOpened;
    await this.runCommand('Preferences: Open User Settings (JSON)', { exact: true });
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active[data-resource-name="settings.json"]');
    await bounded('settings.json editor did not open', tab.waitFor({ timeout }));
    await this.focusEditor();
    await this.page.keyboard.press('Control+A');
    await this.pasteText(JSON.stringify(merged, null, 2));
    await this.page.keyboard.press('Control+S');
    await bounded('settings.json stayed dirty after saving', this.page.locator('.editor-group-container.active .tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout }));
    await waitUntil(() => JSON.stringify(this.userSettings()) === JSON.stringify(merged), { timeoutMs: timeout, message: 'settings.json on disk did not change' });
    await this.runCommand('View: Close Editor', { exact: true });
    this.lastOpened = previous;
  }

  /** Lines currently rendered by the editor, in screen order (not the whole document). */
  async visibleLines(): Promise<string[]> {
    return this.editor()
      .locator('.view-lines .view-line')
      .evaluateAll((els) =>
        els
          .map((e) => ({ top: parseFloat((e as HTMLElement).style.top || '0'), text: (e.textContent ?? '').replace(/\u00a0/g, ' ') }))
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text),
      );
  }

  /** Waits until a rendered editor line contains `text`. */
  async waitForLine(text: string, timeoutMs = 15_000): Promise<void> {
    await waitUntil(async () => (await this.visibleLines()).some((l) => l.includes(text)), {
      timeoutMs,
      message: `no editor line shows "${text}"`,
    });
  }

  /**
   * The whole document text of the active editor. Monaco renders only visible lines and the
   * workbench exposes no model to the page, so this saves (Ctrl+S) and reads the file from disk.
   */
  async editorText(opts: { timeoutMs?: number } = {}): Promise<string> {
    const file = await this.activeFilePath();
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await bounded(
      'the editor stayed dirty after Ctrl+S',
      this.page.locator('.editor-group-container.active .tabs-container .tab.active:not(.dirty)').waitFor({ timeout: opts.timeoutMs ?? 15_000 }),
    );
    return fs.readFileSync(file, 'utf8');
  }

  /** Absolute path of the file in the active editor. */
  async activeFilePath(): Promise<string> {
    const name = await this.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('data-resource-name');
    if (!name) throw new Error('no active editor');
    if (this.lastOpened && path.basename(this.lastOpened) === name) return this.lastOpened;
    const found = findFiles(this.workspaceDir, name);
    if (found.length !== 1) throw new Error(`cannot tell which "${name}" is active (${found.length} candidates); open it with openFile()`);
    return found[0];
  }

  private squiggleSelector(kind?: 'error' | 'warning' | 'info' | 'hint'): string {
    return kind ? `.squiggly-${kind}` : '.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint';
  }

  /** Waits for a diagnostic squiggle in the active editor. */
  async waitForSquiggle(kind?: 'error' | 'warning' | 'info' | 'hint', timeoutMs = 30_000): Promise<void> {
    await bounded(`no ${kind ?? 'diagnostic'} squiggle appeared in the active editor`, this.editor().locator(this.squiggleSelector(kind)).first().waitFor({ timeout: timeoutMs }));
  }

  /** Waits until the active editor shows no squiggle of that kind (any kind by default). */
  async waitForNoSquiggle(kind?: 'error' | 'warning' | 'info' | 'hint', timeoutMs = 15_000): Promise<void> {
    await bounded(`${kind ?? 'diagnostic'} squiggles did not go away`, this.editor().locator(this.squiggleSelector(kind)).first().waitFor({ state: 'detached', timeout: timeoutMs }));
  }

  /** Error and warning counts from the status bar. */
  async problemCounts(): Promise<{ errors: number; warnings: number; infos: number }> {
    const label = (await this.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    const n = (re: RegExp): number => Number(re.exec(label)?.[1] ?? 0);
    return { errors: n(/Errors?: (\d+)/), warnings: n(/Warnings?: (\d+)/), infos: n(/Infos?: (\d+)/) };
  }

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and returns its marker rows. `filter` is typed in
   * the panel's filter box (VS Code matches message, source, code and file), which also keeps
   * the virtualised list short enough for every match to be rendered.
   */
  async problems(opts: { filter?: string; settleMs?: number } = {}): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.page.keyboard.press('Control+Shift+M');
      await bounded('Problems panel did not open', panel.waitFor({ state: 'visible', timeout: 10_000 }));
    }
    const filterBox = this.page.locator('.panel .viewpane-filter input, .markers-panel-action-filter input').first();
    if (await filterBox.count()) {
      const want = opts.filter ?? '';
      if ((await filterBox.inputValue()) !== want) {
        await filterBox.fill(want);
        await sleep(opts.settleMs ?? 400); // the filter applies after a debounce
      }
    } else if (opts.filter) {
      throw new Error('Problems filter box not found');
    }
    await sleep(opts.settleMs ?? 200);
    // Rows come in screen order only after sorting by offset; a file row precedes its markers.
    return panel.locator('.monaco-list-row').evaluateAll((els: Element[]) => {
      const clean = (t: string | null | undefined): string => (t ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
      const rows = els.map((el) => ({ top: parseFloat(el.style.top || '0'), el })).sort((x, y) => x.top - y.top);
      const out: ProblemRow[] = [];
      let file = '';
      for (const { el } of rows) {
        const resource = el.querySelector('.resource-label-container .monaco-icon-label');
        if (resource) {
          // The icon label's aria-label is the file's full path.
          file = resource.getAttribute('aria-label') ?? clean(resource.textContent);
          continue;
        }
        if (!el.querySelector('.marker-message')) continue;
        const message = Array.from(el.querySelectorAll('.marker-message > .monaco-highlighted-label'))
          .map((m: Element) => clean(m.textContent))
          .join(' ');
        const source = clean(el.querySelector('.marker-source > .monaco-highlighted-label')?.textContent);
        const code = clean(el.querySelector('.marker-code')?.textContent);
        const pos = clean(el.querySelector('.marker-line')?.textContent);
        const m = /Ln (\d+), Col (\d+)/.exec(pos);
        const icon = el.querySelector('.marker-icon')?.className ?? '';
        const severity = (/\b(error|warning|info|hint)\b/.exec(icon)?.[1] ?? '') as ProblemRow['severity'];
        out.push({
          file,
          severity,
          message,
          source,
          code,
          line: m ? Number(m[1]) : 0,
          column: m ? Number(m[2]) : 0,
          text: clean(`${message} ${source}${code ? `(${code})` : ''} ${pos}`),
        });
      }
      return out;
    });
  }

  /** Waits for Problems rows matching `filter` to satisfy `pred` (e.g. to appear or vanish). */
  async waitForProblems(filter: string, pred: (rows: ProblemRow[]) => boolean, what: string, timeoutMs = 30_000): Promise<ProblemRow[]> {
    let last: ProblemRow[] = [];
    await waitUntil(
      async () => {
        last = await this.problems({ filter });
        return pred(last);
      },
      { timeoutMs, message: `${what}; Problems rows for "${filter}": ${JSON.stringify(last)}`, intervalMs: 500 },
    ).catch(() => {
      throw new Error(`timed out after ${timeoutMs} ms: ${what}; Problems rows for "${filter}": ${JSON.stringify(last)}`);
    });
    return last;
  }

  /**
   * Hovers the mouse over the first rendered occurrence of `text` in the active editor and
   * returns the hover widget's text (diagnostics and hover providers).
   */
  async hoverOnText(text: string, opts: { timeoutMs?: number; contains?: string } = {}): Promise<string> {
    const timeout = opts.timeoutMs ?? 15_000;
    await this.page.mouse.move(2, 2);
    const point = await waitUntil(
      () =>
        this.editor()
          .locator('.view-lines')
          .evaluate((root, needle) => {
            // Find the exact character range, so the pointer sits on the word, not the token's middle.
            const lines: Element[] = Array.from(root.querySelectorAll('.view-line'));
            for (const line of lines) {
              const full = (line.textContent ?? '').replace(/\u00a0/g, ' ');
              const at = full.indexOf(needle);
              if (at < 0) continue;
              const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
              let offset = 0;
              const range = document.createRange();
              let started = false;
              const mid = at + Math.floor(needle.length / 2);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const len = n.textContent?.length ?? 0;
                if (!started && mid < offset + len) {
                  range.setStart(n, mid - offset);
                  range.setEnd(n, mid - offset + 1);
                  started = true;
                  break;
                }
                offset += len;
              }
              if (!started) continue;
              const r = range.getBoundingClientRect();
              return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }
            return null;
          }, text),
      { timeoutMs: timeout, message: `text "${text}" is not rendered in the active editor` },
    );
    await this.page.mouse.move(point.x, point.y, { steps: 3 });
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter(opts.contains ? { hasText: opts.contains } : {});
    await bounded(`no hover appeared over "${text}"`, hover.first().waitFor({ state: 'visible', timeout }));
    // Providers answer at different times; wait until the text stops changing and VS Code's own
    // placeholders ("Loading...", "Checking for quick fixes...") are gone.
    const pending = (t: string): boolean => /Loading\.\.\.|Checking for quick fixes/.test(t);
    let prev = '';
    let cur = norm(await hover.first().innerText());
    for (let i = 0; i < 25 && (cur !== prev || pending(cur)); i++) {
      await sleep(200);
      prev = cur;
      cur = norm(await hover.first().innerText().catch(() => prev));
    }
    return cur;
  }

  async dismissHover(): Promise<void> {
    await this.page.mouse.move(2, 2);
    await this.page.keyboard.press('Escape');
  }

  /**
   * Opens the Quick Fix menu (Ctrl+.) at the cursor and applies the action whose title contains
   * `titleSubstring`, selecting it by keyboard. Returns all action titles that were offered.
   */
  async quickFix(titleSubstring: string, opts: { screenshot?: string; timeoutMs?: number } = {}): Promise<string[]> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+.');
    const widget = this.page.locator('.action-widget');
    await bounded('Quick Fix menu did not open', widget.waitFor({ state: 'visible', timeout: opts.timeoutMs ?? 15_000 }));
    const rowSel = '.action-widget .monaco-list-row.action';
    const wanted = (r: RowInfo): boolean => r.text.includes(titleSubstring);
    const offered = await waitUntil(
      async () => {
        const titles = await this.rowTexts(rowSel);
        return titles.some((t) => t.includes(titleSubstring)) ? titles : null;
      },
      { timeoutMs: opts.timeoutMs ?? 15_000, message: `Quick Fix "${titleSubstring}" not offered` },
    ).catch(async () => {
      const titles = await this.rowTexts('.action-widget .monaco-list-row');
      await this.page.keyboard.press('Escape');
      throw new Error(`Quick Fix "${titleSubstring}" not offered; menu: ${JSON.stringify(titles)}`);
    });
    if (opts.screenshot) {
      // Put the wanted action under focus first so the screenshot shows what will be applied.
      await this.selectRow(rowSel, wanted, `Quick Fix "${titleSubstring}"`, 5_000, { enter: false });
      await this.screenshot(opts.screenshot);
    }
    await this.selectRow(rowSel, wanted, `Quick Fix "${titleSubstring}"`, 5_000);
    await bounded('Quick Fix menu did not close', widget.waitFor({ state: 'hidden', timeout: 10_000 }));
    return offered;
  }

  /** Code action titles offered at the cursor, without applying any. */
  async quickFixTitles(timeoutMs = 15_000): Promise<string[]> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+.');
    const widget = this.page.locator('.action-widget');
    await bounded('Quick Fix menu did not open', widget.waitFor({ state: 'visible', timeout: timeoutMs }));
    await sleep(300);
    const titles = await this.rowTexts('.action-widget .monaco-list-row.action');
    await this.page.keyboard.press('Escape');
    return titles;
  }

  /** Texts of notification toasts now on screen. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map(norm);
  }

  /**
   * Every notification shown since the page loaded, including toasts that have since hidden
   * themselves (recorded in the page by a MutationObserver).
   */
  async notificationsSeen(): Promise<SeenNotification[]> {
    return this.page.evaluate(() => ((window as unknown as { __e2eNotifications?: SeenNotification[] }).__e2eNotifications ?? []).slice());
  }

  /** Text of a status bar item, by its entry id (e.g. "status.problems") or by a text substring. */
  async statusBarText(idOrText: string): Promise<string | undefined> {
    // Extension items get the DOM id "<publisher>.<extension>.<item id>".
    const byId = this.page.locator(`.statusbar-item[id="${cssString(idOrText)}"], .statusbar-item[id$=".${cssString(idOrText)}"]`);
    if (await byId.count()) return norm(await byId.first().innerText());
    const items = await this.page.locator('.statusbar-item').allInnerTexts();
    const hit = items.map(norm).find((t) => t.includes(idOrText));
    return hit;
  }

  async waitForStatusBar(idOrText: string, timeoutMs = 15_000): Promise<string> {
    return waitUntil(() => this.statusBarText(idOrText), { timeoutMs, message: `status bar item "${idOrText}" did not appear` });
  }

  /** The language mode shown in the status bar for the active editor ("Dockerfile", …). */
  async languageMode(): Promise<string> {
    return norm(await this.page.locator('#status\\.editor\\.mode').innerText());
  }

  /**
   * The content frame of a webview panel. In VS Code web a webview is an `iframe.webview`
   * whose document hosts the extension's HTML in a nested `iframe#active-frame`.
   */
  webview(index = 0): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
  }

  /** Body text of a webview panel, once it has rendered some. */
  async webviewText(opts: { index?: number; contains?: string; timeoutMs?: number } = {}): Promise<string> {
    const body = this.webview(opts.index ?? 0).locator('body');
    const timeout = opts.timeoutMs ?? 20_000;
    await bounded('no webview rendered', body.waitFor({ state: 'attached', timeout }));
    return waitUntil(
      async () => {
        const t = norm(await body.innerText());
        return t && (!opts.contains || t.includes(opts.contains)) ? t : '';
      },
      { timeoutMs: timeout, message: opts.contains ? `webview text never contained "${opts.contains}"` : 'webview stayed empty' },
    );
  }
}

function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function findFiles(dir: string, name: string, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') findFiles(p, name, out, depth + 1);
    } else if (e.name === name) out.push(p);
  }
  return out;
}

// Runs in the page before the workbench: records every notification as it is added, since
// toasts hide themselves after a few seconds and a test may look only at the end.
const recordNotificationsScript = (): void => {
  const w = window as unknown as { __e2eNotifications: { severity: string; text: string }[] };
  w.__e2eNotifications = [];
  const seen = new WeakSet<Element>();
  const scan = (): void => {
    document.querySelectorAll('.notification-list-item').forEach((item: Element) => {
      const msg = item.querySelector('.notification-list-item-message');
      const text = (msg?.textContent ?? '').trim();
      if (!text || seen.has(item)) return;
      seen.add(item);
      const icon = item.querySelector('.notification-list-item-icon');
      const cls = icon?.className ?? '';
      const severity = /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : 'info';
      w.__e2eNotifications.push({ severity, text });
    });
  };
  const start = (): void => {
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
    scan();
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
};

/**
 * Removes run dirs left by test processes that were killed outright (SIGKILL skips every exit
 * hook; the watchdog still takes the processes down, but nobody deletes the files).
 */
function removeAbandonedRunDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith('dockerlean-e2e-run-')) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      const pid = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
      if (!pid) continue;
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Starts an isolated code-server + Chromium with `workspaceDir` open. */
export async function startVSCode(opts: StartOptions): Promise<VSCodeSession> {
  const reason = e2eAvailable({ vsixPath: opts.vsixPath ?? null });
  if (reason) throw new Error(`cannot start VS Code: ${reason}`);
  removeAbandonedRunDirs();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-e2e-run-'));
  fs.writeFileSync(path.join(runDir, 'owner.pid'), String(process.pid));
  const session = new VSCodeSession(runDir, path.resolve(opts.workspaceDir), opts);
  try {
    await session.start();
  } catch (e) {
    const msg = (e as Error).message;
    if (session.page) await session.screenshot('start-failure.tmp').catch(() => undefined);
    const logTail = session.serverLogTail();
    await session.close();
    throw new Error(`${msg}\n--- code-server log (tail) ---\n${logTail}`);
  }
  return session;
}

/**
 * Packages an extension folder with the repository's vsce (offline, ~2 s). The folder needs a
 * package.json with publisher, engines.vscode <= 1.100, a README.md and a LICENSE.
 */
export function packageExtension(extDir: string, outVsix: string): string {
  const vsce = fromRoot('node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', outVsix], {
    cwd: extDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0 || !fs.existsSync(outVsix)) {
    throw new Error(`vsce package failed in ${extDir} (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return outVsix;
}

/** Copies a fixture folder into a fresh temp dir, so tests never modify the repo's fixtures. */
export function copyWorkspace(src: string, prefix = 'dockerlean-e2e-ws-'): string {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}
