// Real-Docker test harness: a private Docker engine plus locally made Debian base images.
//
// There is no registry on CI or the developers' machines, so nothing can be pulled: the engine is
// Debian's docker.io run on a private socket (vfs storage, no bridge/iptables), and debian:<release>
// and debian:<release>-slim are imported from a debootstrap'd root filesystem that is cached as a
// tarball between runs. Builds use the classic builder (DOCKER_BUILDKIT=0) because that is what this
// engine has; it creates one history entry per Dockerfile instruction, which is what lets us compare
// dockerlean's per-instruction estimates with real layer sizes.
//
// Typical use from a node:test file:
//   const reason = dockerSkipReason(['debian:bookworm-slim']);
//   test('...', { skip: reason }, async () => {
//     const engine = await startEngine();
//     try { await ensureBaseImages(engine, ['debian:bookworm-slim']); ... } finally { await engine.stop(); }
//   });
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 when the process was killed (timeout or signal). */
  code: number;
  timedOut: boolean;
}

export interface DockerOptions {
  /** Data for the CLI's standard input. */
  input?: string | Buffer;
  /** A file streamed to the CLI's standard input (e.g. a tarball for `docker import -`). */
  inputFile?: string;
  /** Default 10 minutes: long enough for apt-heavy builds on vfs, short enough to fail a hung CI. */
  timeoutMs?: number;
  cwd?: string;
  /** Throw (with the output's tail) instead of returning a non-zero result. */
  check?: boolean;
}

export interface BuildOptions {
  /** Dockerfile path, absolute or relative to the context directory. */
  dockerfile?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  timeoutMs?: number;
  /** Return a failed build's result instead of throwing. */
  allowFailure?: boolean;
}

/** One `Step N/M : ...` of the classic builder's output. */
export interface BuildStep {
  /** 1-based, as printed. */
  index: number;
  total: number;
  /** The instruction as the builder echoed it (continuation lines joined). */
  text: string;
  /** Short image ID after the step; absent for ARGs before the first FROM, which make no image. */
  imageId?: string;
  cached: boolean;
}

export interface BuildResult extends ExecResult {
  steps: BuildStep[];
  /** Full image ID (sha256:...) when the build succeeded. */
  imageId?: string;
  ms: number;
}

export interface HistoryEntry {
  id: string;
  createdBy: string;
  sizeBytes: number;
  comment: string;
}

export interface RunOptions {
  /** Extra `docker run` flags placed before the image (e.g. ['-e', 'X=1']). */
  args?: string[];
  input?: string;
  timeoutMs?: number;
}

export interface Engine {
  /** The DOCKER_HOST value the CLI is pointed at. */
  readonly host: string;
  /** True when this harness started the dockerd (and so stop() shuts it down). */
  readonly owned: boolean;
  readonly startMs: number;
  readonly serverVersion: string;
  docker(args: string[], opts?: DockerOptions): Promise<ExecResult>;
  build(contextDir: string, tag: string, opts?: BuildOptions): Promise<BuildResult>;
  /** Oldest entry first, i.e. base image entries then one per instruction in Dockerfile order. */
  history(ref: string): Promise<HistoryEntry[]>;
  imageSize(ref: string): Promise<number>;
  imageExists(ref: string): Promise<boolean>;
  run(ref: string, cmd?: string[], opts?: RunOptions): Promise<ExecResult>;
  removeImages(refs: string[]): Promise<void>;
  stop(): Promise<void>;
}

type Log = (msg: string) => void;
const defaultLog: Log = (msg) => process.stderr.write(`[docker-harness] ${msg}\n`);

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const ENGINE_DIR_PREFIX = 'dockerlean-engine-';
// Short on purpose: unix socket paths (ours and containerd's under the exec root) must stay under
// 108 bytes, which a long TMPDIR would break.
const engineParentDir = (): string => (os.tmpdir().length > 40 ? '/tmp' : os.tmpdir());

// ---------------------------------------------------------------------------------------------
// Finding the tools and deciding whether to skip

function which(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

// Non-login root shells may lack the sbin directories in PATH.
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

const dockerdPath = (): string | undefined => which('dockerd', SBIN);
const debootstrapPath = (): string | undefined => which('debootstrap', SBIN);

/**
 * The docker CLI to use. The one packaged with the engine matches its API exactly; a newer client
 * elsewhere on PATH also works but warns that the classic builder is deprecated on every build.
 */
export function dockerCli(): string | undefined {
  if (process.env.DOCKERLEAN_DOCKER_CLI) return process.env.DOCKERLEAN_DOCKER_CLI;
  const dockerd = dockerdPath();
  if (dockerd) {
    const sibling = path.join(path.dirname(path.dirname(fs.realpathSync(dockerd))), 'bin', 'docker');
    if (fs.existsSync(sibling)) return sibling;
  }
  return which('docker');
}

function cliEnv(host: string, configDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' };
  // A context would override DOCKER_HOST; a user's CLI config could alias `build` to buildx.
  delete env.DOCKER_CONTEXT;
  if (configDir) env.DOCKER_CONFIG = configDir;
  return env;
}

let externalProbe: { host: string; ok: boolean } | undefined;
function externalEngineAnswers(): boolean {
  const host = process.env.DOCKER_HOST;
  const cli = dockerCli();
  if (!host || !cli) return false;
  if (externalProbe?.host !== host) {
    const r = spawnSync(cli, ['info', '--format', '{{.ServerVersion}}'], {
      env: cliEnv(host),
      encoding: 'utf8',
      timeout: 15_000,
    });
    externalProbe = { host, ok: r.status === 0 };
  }
  return externalProbe.ok;
}

/** Why no engine can be had here, or undefined when startEngine() should work. */
export function engineSkipReason(): string | undefined {
  if (process.env.DOCKERLEAN_SKIP_DOCKER === '1') return 'DOCKERLEAN_SKIP_DOCKER=1 is set';
  if (!dockerCli()) return 'no docker CLI found (run scripts/ci/install-docker.sh as root)';
  if (externalEngineAnswers()) return undefined;
  if (process.platform !== 'linux') return `a private dockerd needs Linux, this is ${process.platform}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'a private dockerd needs root (or set DOCKER_HOST to a running engine)';
  }
  if (!dockerdPath()) return 'no dockerd binary found (run scripts/ci/install-docker.sh as root)';
  return undefined;
}

export function engineAvailable(): boolean {
  return engineSkipReason() === undefined;
}

/**
 * Why the given base images cannot be provided, or undefined. Only checks what can be known without
 * an engine: a cached tarball, or the means to make one (root + debootstrap).
 */
export function baseImagesSkipReason(tags: string[]): string | undefined {
  for (const tag of tags) {
    let spec: BaseSpec;
    try {
      spec = parseBaseTag(tag);
    } catch (e) {
      return (e as Error).message;
    }
    if (fs.existsSync(cachePath(spec))) continue;
    if (externalEngineAnswers()) continue; // the engine may already have it; ensureBaseImages will tell
    if (!debootstrapPath()) return `no cached ${tag} and no debootstrap to make one (run scripts/ci/install-docker.sh)`;
  }
  return undefined;
}

/** One reason for node:test's `skip` option covering the engine and the listed base images. */
export function dockerSkipReason(baseTags: string[] = []): string | undefined {
  return engineSkipReason() ?? baseImagesSkipReason(baseTags);
}

// ---------------------------------------------------------------------------------------------
// Running processes

function exec(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: DockerOptions = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // The CLI may exit before reading all input (e.g. on an early error); that is reported by its code.
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result: ExecResult = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
        timedOut,
      };
      if (opts.check && result.code !== 0) {
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${describe(result)}):\n${tail(result)}`));
      } else resolve(result);
    });
    if (opts.inputFile) {
      const stream = fs.createReadStream(opts.inputFile);
      stream.on('error', (e) => {
        child.kill('SIGKILL');
        reject(e);
      });
      stream.pipe(child.stdin);
    } else child.stdin.end(opts.input ?? '');
  });
}

const describe = (r: ExecResult): string => (r.timedOut ? 'timed out' : `exit ${r.code}`);

function tail(r: { stdout: string; stderr: string }, lines = 40): string {
  const all = `${r.stdout}\n${r.stderr}`.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Blocking sleep for exit handlers, where no event loop turn is left. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Alive and not a zombie: a dockerd that exited but was not yet reaped still answers kill(0). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** PIDs whose command line mentions dir: dockerd's own containerd and shims live under our exec root. */
function pidsMentioning(dir: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(dir)) pids.push(Number(e));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  try {
    return fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
      .filter((m): m is string => !!m && (m === dir || m.startsWith(dir + '/')))
      .sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

/**
 * Synchronous teardown of a private engine directory: stop its dockerd, anything else started under
 * it, its mounts (dockerd leaves the network namespace mounted even after a clean shutdown), then
 * the directory. Safe to call from an exit handler and more than once.
 */
function teardownSync(dir: string, dockerdPid: number | undefined, log: Log): void {
  const pids = [...new Set([...(dockerdPid ? [dockerdPid] : []), ...pidsMentioning(dir)])];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + 15_000;
  while (pids.some(alive) && Date.now() < deadline) sleepSync(100);
  for (const pid of [...pids, ...pidsMentioning(dir)].filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const m of mountsUnder(dir)) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    log(`could not remove ${dir}: ${(e as Error).message}`);
  }
}

// Engines started by this process, torn down at exit even when a test forgot or crashed.
const liveEngines = new Map<string, { pid: number | undefined; log: Log }>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const stopAll = (): void => {
    for (const [dir, e] of liveEngines) {
      teardownSync(dir, e.pid, e.log);
      liveEngines.delete(dir);
    }
  };
  process.on('exit', stopAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      stopAll();
      // Re-raise so the exit status still says which signal ended us.
      process.kill(process.pid, sig);
    });
  }
}

/**
 * Engine directories whose owning process died without cleaning up (SIGKILL, a crashed runner):
 * their dockerd would otherwise keep running and their vfs layers keep filling the disk.
 */
function reapStaleEngines(log: Log): void {
  const tmp = engineParentDir();
  let names: string[] = [];
  try {
    names = fs.readdirSync(tmp).filter((n) => n.startsWith(ENGINE_DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // Without an owner file it is either mid-creation or not ours; leave it.
      continue;
    }
    if (Number.isInteger(owner) && alive(owner)) continue;
    let pid: number | undefined;
    try {
      pid = Number(fs.readFileSync(path.join(dir, 'dockerd.pid'), 'utf8'));
    } catch {
      pid = undefined;
    }
    // Only a pid whose command line names this directory is that dead run's dockerd.
    if (pid !== undefined && !pidsMentioning(dir).includes(pid)) pid = undefined;
    log(`removing stale engine ${dir} left by process ${owner}`);
    teardownSync(dir, pid, log);
  }
}

// ---------------------------------------------------------------------------------------------
// The engine

export interface StartOptions {
  /** Bounded wait for `docker info` to answer; default 60 s (a cold start takes about 1 s). */
  startTimeoutMs?: number;
  /**
   * Default vfs. overlay2 also runs on these machines but counts layer sizes differently (directory
   * entries too: bookworm-slim +0.01 MB, the libpq image +0.8 MB), so it is not used for measuring;
   * vfs's counts match the published sizes.
   */
  storageDriver?: string;
  log?: Log;
}

export async function startEngine(opts: StartOptions = {}): Promise<Engine> {
  const log = opts.log ?? defaultLog;
  const t0 = Date.now();
  const cli = dockerCli();
  if (!cli) throw new Error('no docker CLI found (run scripts/ci/install-docker.sh as root)');

  if (process.env.DOCKER_HOST && externalEngineAnswers()) {
    const host = process.env.DOCKER_HOST;
    const env = cliEnv(host);
    const version = (await exec(cli, ['info', '--format', '{{.ServerVersion}}'], env, { check: true })).stdout.trim();
    log(`using the engine at DOCKER_HOST=${host} (server ${version})`);
    return makeEngine({ cli, env, host, owned: false, startMs: Date.now() - t0, version, log });
  }

  const reason = engineSkipReason();
  if (reason) throw new Error(`cannot start a Docker engine: ${reason}`);
  const dockerd = dockerdPath()!;
  const storageDriver = opts.storageDriver ?? 'vfs';
  reapStaleEngines(log);

  if (process.env.DOCKER_HOST) log(`DOCKER_HOST=${process.env.DOCKER_HOST} does not answer; starting a private engine`);
  const dir = fs.mkdtempSync(path.join(engineParentDir(), ENGINE_DIR_PREFIX));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const host = `unix://${path.join(dir, 'docker.sock')}`;
  const logFile = path.join(dir, 'dockerd.log');
  const logFd = fs.openSync(logFile, 'a');
  installExitHandlers();
  let child: ChildProcess;
  try {
    child = spawn(
      dockerd,
      [
        '--data-root', path.join(dir, 'data'),
        '--exec-root', path.join(dir, 'exec'),
        '--pidfile', path.join(dir, 'dockerd.pid'),
        '-H', host,
        // vfs works on any filesystem (overlay needs kernel support a CI VM may lack); no bridge or
        // iptables so nothing on the host's network changes; builds and runs use --network=host.
        `--storage-driver=${storageDriver}`,
        '--iptables=false',
        '--ip-masq=false',
        '--bridge=none',
      ],
      { stdio: ['ignore', logFd, logFd], env: process.env },
    );
  } finally {
    fs.closeSync(logFd);
  }
  // Not keeping the test process alive: if a test forgets stop(), the exit handler still runs.
  child.unref();
  liveEngines.set(dir, { pid: child.pid, log });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.on('error', () => (exited = exited ?? -1)); // e.g. dockerd not executable: reported by the wait below

  const env = cliEnv(host, path.join(dir, 'cli-config'));
  const readLogTail = (): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
    } catch {
      return '(no dockerd log)';
    }
  };
  const fail = (msg: string): never => {
    const logTail = readLogTail();
    liveEngines.delete(dir);
    teardownSync(dir, child.pid, log);
    throw new Error(`${msg}\n--- dockerd log (last lines) ---\n${logTail}`);
  };

  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let version = '';
  for (;;) {
    if (exited !== undefined) fail(`dockerd exited with code ${exited} before answering`);
    const r = await exec(cli, ['info', '--format', '{{.ServerVersion}}'], env, { timeoutMs: 10_000 });
    if (r.code === 0) {
      version = r.stdout.trim();
      break;
    }
    if (Date.now() > deadline) fail(`dockerd did not answer \`docker info\` within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
  const startMs = Date.now() - t0;
  log(`started dockerd ${version} (${storageDriver}) in ${startMs} ms (${dir})`);

  const stop = async (): Promise<void> => {
    if (!liveEngines.has(dir)) return;
    liveEngines.delete(dir);
    // Let dockerd shut down cleanly (it stops its containerd), then sweep whatever is left.
    if (exited === undefined && child.pid) {
      child.kill('SIGTERM');
      const until = Date.now() + 15_000;
      while (exited === undefined && Date.now() < until) await sleep(100);
    }
    teardownSync(dir, child.pid, log);
    log(`stopped dockerd and removed ${dir}`);
  };
  return makeEngine({ cli, env, host, owned: true, startMs, version, log, stop });
}

interface EngineParts {
  cli: string;
  env: NodeJS.ProcessEnv;
  host: string;
  owned: boolean;
  startMs: number;
  version: string;
  log: Log;
  stop?: () => Promise<void>;
}

function makeEngine(p: EngineParts): Engine {
  const docker = (args: string[], opts?: DockerOptions): Promise<ExecResult> => exec(p.cli, args, p.env, opts);

  const build = async (contextDir: string, tag: string, opts: BuildOptions = {}): Promise<BuildResult> => {
    const t0 = Date.now();
    const iidDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-iid-'));
    const iidFile = path.join(iidDir, 'iid');
    try {
      const args = ['build', '--network=host', '--iidfile', iidFile, '-t', tag];
      if (opts.dockerfile) args.push('-f', path.resolve(contextDir, opts.dockerfile));
      if (opts.target) args.push('--target', opts.target);
      for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
      args.push(contextDir);
      const r = await docker(args, { timeoutMs: opts.timeoutMs });
      const imageId = fs.existsSync(iidFile) ? fs.readFileSync(iidFile, 'utf8').trim() || undefined : undefined;
      const result: BuildResult = { ...r, steps: parseBuildSteps(r.stdout), imageId, ms: Date.now() - t0 };
      if (r.code !== 0 && !opts.allowFailure) {
        throw new Error(`docker build -t ${tag} ${contextDir} failed (${describe(r)}):\n${tail(r)}`);
      }
      return result;
    } finally {
      fs.rmSync(iidDir, { recursive: true, force: true });
    }
  };

  const history = async (ref: string): Promise<HistoryEntry[]> => {
    // --human=false gives exact byte counts instead of "74.8MB".
    const r = await docker(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', ref], { check: true });
    return r.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const j = JSON.parse(l) as { ID: string; CreatedBy: string; Size: string | number; Comment: string };
        return { id: j.ID, createdBy: j.CreatedBy, sizeBytes: Number(j.Size), comment: j.Comment };
      })
      .reverse();
  };

  const imageSize = async (ref: string): Promise<number> => {
    const r = await docker(['image', 'inspect', '--format', '{{.Size}}', ref], { check: true });
    return Number(r.stdout.trim());
  };

  const imageExists = async (ref: string): Promise<boolean> =>
    (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;

  const run = (ref: string, cmd: string[] = [], opts: RunOptions = {}): Promise<ExecResult> =>
    docker(['run', '--rm', '--network=host', ...(opts.input !== undefined ? ['-i'] : []), ...(opts.args ?? []), ref, ...cmd], {
      input: opts.input,
      timeoutMs: opts.timeoutMs,
    });

  const removeImages = async (refs: string[]): Promise<void> => {
    const present: string[] = [];
    for (const ref of refs) if (await imageExists(ref)) present.push(ref);
    if (present.length) await docker(['rmi', '-f', ...present]);
    // Stages that no tag points to stay behind as dangling images; on a shared engine they may be
    // someone else's, so only our own engine is pruned.
    if (p.owned) await docker(['image', 'prune', '-f']);
  };

  return {
    host: p.host,
    owned: p.owned,
    startMs: p.startMs,
    serverVersion: p.version,
    docker,
    build,
    history,
    imageSize,
    imageExists,
    run,
    removeImages,
    stop: p.stop ?? (async () => undefined),
  };
}

/** Steps and the image each produced, from the classic builder's plain output. */
export function parseBuildSteps(stdout: string): BuildStep[] {
  const steps: BuildStep[] = [];
  let current: BuildStep | undefined;
  for (const line of stdout.split('\n')) {
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
    if (step) {
      current = { index: Number(step[1]), total: Number(step[2]), text: step[3], cached: false };
      steps.push(current);
      continue;
    }
    if (!current) continue;
    if (line === ' ---> Using cache') current.cached = true;
    // The last " ---> <id>" of a step is its committed image ("Running in" lines name containers).
    const id = /^ ---> ([0-9a-f]{12,64})$/.exec(line);
    if (id) current.imageId = id[1];
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Base images

interface BaseSpec {
  tag: string;
  release: string;
  variant: 'full' | 'slim';
}

function parseBaseTag(tag: string): BaseSpec {
  const m = /^(?:docker\.io\/)?(?:library\/)?debian:([a-z]+)(-slim)?$/.exec(tag);
  if (!m) throw new Error(`can only make debian:<release> and debian:<release>-slim base images, not ${tag}`);
  return { tag: `debian:${m[1]}${m[2] ?? ''}`, release: m[1], variant: m[2] ? 'slim' : 'full' };
}

const ROOTFS_SCRIPT = (): string => fromRoot('scripts', 'docker', 'debian-rootfs.sh');

export function baseImageCacheDir(): string {
  return process.env.DOCKERLEAN_DOCKER_CACHE ?? path.join(os.homedir(), '.cache', 'dockerlean-docker');
}

/** Editing the rootfs script changes the key, so stale tarballs are never imported. */
function scriptVersion(): string {
  return createHash('sha256').update(fs.readFileSync(ROOTFS_SCRIPT())).digest('hex').slice(0, 12);
}

function cachePath(spec: BaseSpec): string {
  return path.join(baseImageCacheDir(), `debian-${spec.release}-${spec.variant}-${scriptVersion()}.tar`);
}

// repo-info's unpacked sizes (shared/data/base-images.json), used when that file is not beside the repo.
const PUBLISHED_FALLBACK: Record<string, number> = {
  'debian:bookworm-slim': 74_830_000,
  'debian:bookworm': 116_570_000,
};

export function publishedSize(tag: string): number | undefined {
  const file = fromRoot('..', 'shared', 'data', 'base-images.json');
  try {
    const rows = JSON.parse(fs.readFileSync(file, 'utf8')) as { image: string; tag: string; unpackedBytes?: number | null }[];
    const [image, t] = tag.split(':');
    const row = rows.find((r) => r.image === image && r.tag === t);
    if (row?.unpackedBytes) return row.unpackedBytes;
  } catch {
    /* fall back */
  }
  return PUBLISHED_FALLBACK[tag];
}

export interface BaseImageReport {
  tag: string;
  /** engine: already present; cache: imported from a cached tarball; debootstrap: made now. */
  source: 'engine' | 'cache' | 'debootstrap';
  sizeBytes: number;
  publishedBytes?: number;
  /** (measured - published) / published, in percent. */
  diffPercent?: number;
  /** Time to make the tarball (debootstrap; shared by the variants of one release). */
  makeMs?: number;
  importMs?: number;
}

/** Cross-process lock so concurrent test files do not debootstrap the same release twice. */
async function withLock<T>(lockDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being created or removed */
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told) log(`waiting for ${lockDir} (held by process ${holder})`);
      told = true;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface EnsureBaseOptions {
  log?: Log;
  /** Import even if the engine already has the tag (e.g. a pulled official image on a dev engine). */
  forceImport?: boolean;
}

/**
 * Makes sure the engine has each debian:<release>[-slim] tag: reuses it if present, else imports a
 * cached rootfs tarball, else makes the tarballs with debootstrap first (about a minute; both
 * variants of a release come from one debootstrap). Reports measured vs published sizes.
 */
export async function ensureBaseImages(engine: Engine, tags: string[], opts: EnsureBaseOptions = {}): Promise<BaseImageReport[]> {
  const log = opts.log ?? defaultLog;
  const specs = tags.map(parseBaseTag);
  const reports: BaseImageReport[] = [];
  for (const spec of specs) {
    let source: BaseImageReport['source'] = 'engine';
    let makeMs: number | undefined;
    let importMs: number | undefined;
    if (opts.forceImport || !(await engine.imageExists(spec.tag))) {
      const tarball = cachePath(spec);
      source = 'cache';
      if (!fs.existsSync(tarball)) {
        const made = await makeRootfsTarballs(spec.release, log);
        if (made) {
          source = 'debootstrap';
          makeMs = made;
        }
      }
      const t0 = Date.now();
      // Official debian images default to bash; keep that so `docker run IMAGE` behaves alike.
      await engine.docker(['import', '-c', 'CMD ["bash"]', '-', spec.tag], { inputFile: tarball, check: true });
      importMs = Date.now() - t0;
    }
    const sizeBytes = await engine.imageSize(spec.tag);
    const publishedBytes = publishedSize(spec.tag);
    const diffPercent = publishedBytes ? ((sizeBytes - publishedBytes) / publishedBytes) * 100 : undefined;
    const report: BaseImageReport = { tag: spec.tag, source, sizeBytes, publishedBytes, diffPercent, makeMs, importMs };
    log(
      `${spec.tag}: ${(sizeBytes / 1e6).toFixed(2)} MB` +
        (publishedBytes ? ` (published ${(publishedBytes / 1e6).toFixed(2)} MB, ${diffPercent! >= 0 ? '+' : ''}${diffPercent!.toFixed(2)}%)` : '') +
        ` from ${source}` +
        (makeMs !== undefined ? `, debootstrap ${(makeMs / 1000).toFixed(1)} s` : '') +
        (importMs !== undefined ? `, import ${(importMs / 1000).toFixed(1)} s` : ''),
    );
    reports.push(report);
  }
  return reports;
}

/** Returns the time spent making tarballs, or undefined if another process made them meanwhile. */
async function makeRootfsTarballs(release: string, log: Log): Promise<number | undefined> {
  const cacheDir = baseImageCacheDir();
  fs.mkdirSync(cacheDir, { recursive: true });
  const full = cachePath({ tag: '', release, variant: 'full' });
  const slim = cachePath({ tag: '', release, variant: 'slim' });
  return withLock(path.join(cacheDir, `.lock-${release}`), log, async () => {
    if (fs.existsSync(full) && fs.existsSync(slim)) return undefined;
    if (!debootstrapPath()) throw new Error(`no debootstrap to make debian:${release} (run scripts/ci/install-docker.sh as root)`);
    log(`making debian:${release} and debian:${release}-slim with debootstrap (about a minute, cached afterwards in ${cacheDir})`);
    const t0 = Date.now();
    const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:${SBIN.join(':')}` };
    await exec('bash', [ROOTFS_SCRIPT(), release, full, slim], env, { check: true, timeoutMs: 15 * 60_000 });
    // Tarballs from older versions of the script are never read again.
    for (const name of fs.readdirSync(cacheDir)) {
      const p = path.join(cacheDir, name);
      if (name.startsWith(`debian-${release}-`) && name.endsWith('.tar') && p !== full && p !== slim) fs.rmSync(p, { force: true });
    }
    return Date.now() - t0;
  });
}
