import * as fs from 'node:fs';
import * as path from 'node:path';
// @balena/dockerignore implements moby's pattern semantics (`**`, negation, trailing `/`).
import ignore from '@balena/dockerignore';
import type { BuildContextView, ContextMeasure } from '../core/estimate/build-context';

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
    const text = fs.readFileSync(path.join(absRoot, '.dockerignore'), 'utf8');
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
  };
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
