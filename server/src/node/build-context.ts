import * as fs from 'node:fs';
import * as path from 'node:path';
// @balena/dockerignore implements moby's pattern semantics (`**`, negation, trailing `/`).
import ignore from '@balena/dockerignore';
import type { BuildContextView, ContextMeasure, LocalPythonPackage } from '../core/estimate/build-context';

export interface BuildContextLimits {
  /** Stop walking after this many entries; the measure is then a lower bound. */
  readonly maxEntries: number;
  readonly maxTextBytes: number;
}

const DEFAULT_LIMITS: BuildContextLimits = { maxEntries: 200_000, maxTextBytes: 2 * 1024 * 1024 };

/** A read-only view of a build context directory. Never throws: problems are reported in results. */
export function openBuildContext(root: string, limits: BuildContextLimits = DEFAULT_LIMITS): BuildContextView {
  const absRoot = path.resolve(root);
  let patterns: string[] = [];
  let hasDockerignore = false;
  try {
    const file = path.join(absRoot, '.dockerignore');
    // Only a regular file is read: a FIFO (or a device) named .dockerignore in a cloned repository
    // would block the read, and the language server with it, forever.
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > limits.maxTextBytes) throw new Error(`${file}: not a regular file of at most ${limits.maxTextBytes} bytes`);
    const text = fs.readFileSync(file, 'utf8');
    hasDockerignore = true;
    patterns = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  } catch {
    // No .dockerignore (or unreadable): everything is sent, which is what Docker does too.
  }
  let matcher: ReturnType<typeof ignore> | undefined;
  try {
    matcher = ignore().add(patterns);
  } catch {
    matcher = undefined;
  }
  const hasNegation = patterns.some((p) => p.startsWith('!'));
  const isIgnored = (rel: string): boolean => {
    try {
      return !!matcher && rel !== '' && matcher.ignores(rel);
    } catch {
      return false;
    }
  };

  const measureCache = new Map<string, ContextMeasure>();
  const texts = new Map<string, string | undefined>();
  const existing = new Map<string, boolean>();
  let localPython: Map<string, LocalPythonPackage> | undefined;

  const measure = (sources: readonly string[]): ContextMeasure => {
    const key = sources.join('\0');
    const cached = measureCache.get(key);
    if (cached) return cached;
    const state = { bytes: 0, files: 0, ignoredBytes: 0, entries: 0, truncated: false, problems: [] as string[], sizes: new Map<string, number>() };
    const seen = new Set<string>();
    for (const src of sources) {
      for (const rel of expandSource(absRoot, src, state.problems)) {
        if (seen.has(rel)) continue;
        seen.add(rel);
        walk(rel, rel, state);
      }
    }
    const largest = [...state.sizes.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([p, bytes]) => ({ path: p, bytes }));
    const result: ContextMeasure = {
      bytes: state.bytes,
      files: state.files,
      ignoredBytes: state.ignoredBytes,
      largest,
      truncated: state.truncated,
      problems: state.problems.slice(0, 20),
    };
    measureCache.set(key, result);
    return result;
  };

  /** Sizes as Docker sends them: regular files by size, symlinks as links (never followed). */
  const walk = (
    rel: string,
    topLevel: string,
    state: { bytes: number; files: number; ignoredBytes: number; entries: number; truncated: boolean; problems: string[]; sizes: Map<string, number> },
  ): void => {
    const stack = [rel];
    while (stack.length) {
      const current = stack.pop()!;
      if (++state.entries > limits.maxEntries) {
        state.truncated = true;
        return;
      }
      const abs = path.join(absRoot, current);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch (e) {
        state.problems.push(`${current}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
        continue;
      }
      const ignored = isIgnored(current);
      if (st.isDirectory()) {
        // Without negations an ignored directory can be skipped whole, as the builder does.
        if (ignored && !hasNegation) {
          state.ignoredBytes += quickSize(abs, limits.maxEntries - state.entries);
          continue;
        }
        let names: string[];
        try {
          names = fs.readdirSync(abs);
        } catch (e) {
          state.problems.push(`${current}/: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
          continue;
        }
        for (const n of names) stack.push(current === '' ? n : `${current}/${n}`);
        continue;
      }
      const size = st.isSymbolicLink() ? Buffer.byteLength(safeReadlink(abs)) : st.size;
      if (ignored) {
        state.ignoredBytes += size;
        continue;
      }
      state.bytes += size;
      state.files++;
      // Group by the entry one level below the COPY source: `node_modules`, `.git`, `src`.
      const below = topLevel === '' ? current : current.slice(topLevel.length + 1);
      const key = current === topLevel ? current : (topLevel ? `${topLevel}/` : '') + below.split('/')[0];
      state.sizes.set(key, (state.sizes.get(key) ?? 0) + size);
    }
  };

  return {
    root: absRoot,
    hasDockerignore,
    ignorePatterns: patterns,
    measure,
    // Read once per view, as measure() is: the language server keeps a view for a few seconds
    // and re-analyses on every keystroke, which re-read requirements files from disk each time.
    readText(relativePath: string): string | undefined {
      const rel = normalizeRel(relativePath);
      if (rel === undefined) return undefined;
      if (texts.has(rel)) return texts.get(rel);
      let text: string | undefined;
      try {
        const abs = path.join(absRoot, rel);
        const st = fs.statSync(abs);
        text = !st.isFile() || st.size > limits.maxTextBytes ? undefined : fs.readFileSync(abs, 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(rel, text);
      return text;
    },
    exists(relativePath: string): boolean {
      const rel = normalizeRel(relativePath);
      if (rel === undefined) return false;
      let found = existing.get(rel);
      if (found === undefined) existing.set(rel, (found = fs.existsSync(path.join(absRoot, rel))));
      return found;
    },
    localPythonPackage(name: string): LocalPythonPackage | undefined {
      localPython ??= scanVirtualenvs(absRoot);
      return localPython.get(normalizePythonName(name));
    },
  };
}

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Bounds so a huge workspace venv cannot stall the language server. */
const MAX_DIST_INFOS = 5_000;
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * Virtualenvs in the context root: `.venv`, `venv`, `env`, and any directory one level down
 * with a pyvenv.cfg. Each installed distribution is sized from its RECORD (the sizes pip wrote),
 * stat-ing the files listed without one. The first venv that has a package wins.
 */
function scanVirtualenvs(root: string): Map<string, LocalPythonPackage> {
  const found = new Map<string, LocalPythonPackage>();
  const venvs: string[] = [];
  const add = (rel: string) => {
    if (!venvs.includes(rel)) venvs.push(rel);
  };
  for (const n of ['.venv', 'venv', 'env']) if (isFile(path.join(root, n, 'pyvenv.cfg')) || isDir(path.join(root, n, 'lib'))) add(n);
  let top: string[] = [];
  try {
    top = fs.readdirSync(root).sort();
  } catch {
    top = [];
  }
  for (const n of top) if (isFile(path.join(root, n, 'pyvenv.cfg'))) add(n);
  let budget = MAX_DIST_INFOS;
  for (const venv of venvs) {
    for (const sitePackages of sitePackagesDirs(path.join(root, venv))) {
      let names: string[];
      try {
        names = fs.readdirSync(sitePackages).filter((n) => n.endsWith('.dist-info')).sort();
      } catch {
        continue;
      }
      for (const d of names) {
        if (--budget < 0) return found;
        const distInfo = path.join(sitePackages, d);
        const pkgName = distributionName(distInfo, d);
        if (!pkgName) continue;
        const key = normalizePythonName(pkgName);
        if (found.has(key)) continue;
        const bytes = recordBytes(sitePackages, distInfo);
        if (bytes === undefined) continue;
        found.set(key, { bytes, source: `measured: installed in the workspace's ${venv} (RECORD)` });
      }
    }
  }
  return found;
}

function sitePackagesDirs(venv: string): string[] {
  const out: string[] = [];
  for (const lib of ['lib', 'lib64']) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(venv, lib)).filter((n) => /^python3/.test(n)).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const sp = path.join(venv, lib, n, 'site-packages');
      // lib64 is often a symlink to lib: do not count the same directory twice.
      if (isDir(sp) && !out.some((o) => sameFile(o, sp))) out.push(sp);
    }
  }
  // Windows venvs: Lib/site-packages.
  const win = path.join(venv, 'Lib', 'site-packages');
  if (isDir(win) && !out.some((o) => sameFile(o, win))) out.push(win);
  return out;
}

/** The Name: header of METADATA; the dist-info directory name (`name-version.dist-info`) otherwise. */
function distributionName(distInfo: string, dirName: string): string | undefined {
  try {
    const text = fs.readFileSync(path.join(distInfo, 'METADATA'), 'utf8').slice(0, 64 * 1024);
    const m = /^Name:\s*(\S+)\s*$/im.exec(text.split(/\r?\n\r?\n/)[0] ?? '');
    if (m) return m[1];
  } catch {
    // fall through to the directory name
  }
  const m = /^(.+?)-[^-]+\.dist-info$/.exec(dirName);
  return m ? m[1] : undefined;
}

/** Sum of RECORD's size column (path,hash,size); rows without a size are stat-ed. */
function recordBytes(sitePackages: string, distInfo: string): number | undefined {
  let text: string;
  try {
    const recordPath = path.join(distInfo, 'RECORD');
    if (fs.statSync(recordPath).size > MAX_RECORD_BYTES) return undefined;
    text = fs.readFileSync(recordPath, 'utf8');
  } catch {
    return undefined;
  }
  let total = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = parseCsvLine(line);
    const file = fields[0];
    if (!file) continue;
    const size = Number(fields[2]);
    if (fields[2] && Number.isFinite(size) && size >= 0) {
      total += size;
      continue;
    }
    // RECORD itself, and .pyc files some installers list without a size.
    try {
      const st = fs.lstatSync(path.resolve(sitePackages, file));
      if (st.isFile()) total += st.size;
    } catch {
      // listed but gone: nothing to count
    }
  }
  return total;
}

/** RECORD is CSV: fields may be quoted, with "" for a quote (paths with commas). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      out.push(comma < 0 ? line.slice(i) : line.slice(i, comma));
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

/** Paths outside the context are never read: Docker refuses them and so do we. */
function normalizeRel(p: string): string | undefined {
  const rel = path.posix.normalize(p.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (rel === '..' || rel.startsWith('../')) return undefined;
  return rel === '.' ? '' : rel.replace(/\/$/, '');
}

/** COPY sources are filepath.Match globs relative to the root; expand them against the disk. */
function expandSource(root: string, source: string, problems: string[]): string[] {
  const rel = normalizeRel(source);
  if (rel === undefined) {
    problems.push(`${source}: outside the build context`);
    return [];
  }
  if (!/[*?[]/.test(rel)) return [rel];
  const parts = rel.split('/');
  let current: string[] = [''];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of current) {
      if (!/[*?[]/.test(part)) {
        next.push(dir ? `${dir}/${part}` : part);
        continue;
      }
      const re = globToRegExp(part);
      let names: string[] = [];
      try {
        names = fs.readdirSync(path.join(root, dir));
      } catch {
        names = [];
      }
      for (const n of names) if (re.test(n)) next.push(dir ? `${dir}/${n}` : n);
    }
    current = next;
  }
  return current.filter((p) => fs.existsSync(path.join(root, p)));
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function safeReadlink(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '';
  }
}

/** Size of an ignored directory, for "your .dockerignore saves N MB"; bounded so it stays cheap. */
function quickSize(dir: string, budget: number): number {
  let total = 0;
  let entries = 0;
  const stack = [dir];
  while (stack.length && entries < Math.min(budget, 50_000)) {
    const d = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      entries++;
      const p = path.join(d, n);
      try {
        const st = fs.lstatSync(p);
        if (st.isDirectory()) stack.push(p);
        else total += st.size;
      } catch {
        // unreadable entries do not count
      }
    }
  }
  return total;
}
