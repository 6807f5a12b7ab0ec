import { normalizePythonName } from '../size/python-packages';

/**
 * Which Python distributions an install brings in, read from the files the Dockerfile copies
 * from the build context. Lock files list every distribution (dependencies included); a plain
 * requirements file lists only what the user named.
 */
export interface PythonRequirement {
  readonly name: string;
  /** Download size recorded in the lock file (uv.lock records it per wheel). */
  readonly wheelBytes?: number;
}

export interface RequirementSet {
  readonly packages: readonly PythonRequirement[];
  /** True when dependencies of the listed packages are included (lock files, fully pinned exports). */
  readonly complete: boolean;
  readonly source: string;
}

// PEP 503 normalisation, shared with the Python package table so names match it.
export { normalizePythonName };

export function parseRequirementsTxt(text: string, readNested: (path: string) => string | undefined, depth = 0): PythonRequirement[] {
  const out: PythonRequirement[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const nested = /^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (nested) {
      if (nested[1] === '-r' || nested[1] === '--requirement') {
        const t = depth < 3 ? readNested(nested[2]) : undefined;
        if (t !== undefined) out.push(...parseRequirementsTxt(t, readNested, depth + 1));
      }
      continue;
    }
    if (line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m && !/^(https?|git\+|file):/.test(line)) out.push({ name: normalizePythonName(m[1]) });
  }
  return dedupe(out);
}

/** uv.lock: `[[package]]` tables with `wheels = [{ url, hash, size }, …]`; the CPython/Linux x86_64 wheel is the one a slim image pulls. */
export function parseUvLock(text: string): PythonRequirement[] {
  const out: PythonRequirement[] = [];
  const blocks = text.split(/^\[\[package\]\]\s*$/m).slice(1);
  for (const block of blocks) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (!name) continue;
    // The project itself is `source = { editable = "." }` or virtual: not downloaded.
    if (/^source\s*=\s*\{\s*(editable|virtual)\s*=/m.test(block)) continue;
    const wheels = [...block.matchAll(/\{\s*url\s*=\s*"([^"]+\.whl)"[^}]*?size\s*=\s*(\d+)/g)].map((m) => ({ url: m[1], size: Number(m[2]) }));
    const pick =
      wheels.find((w) => /manylinux[^/]*x86_64\.whl$/.test(w.url) && /cp31[0-9]/.test(w.url)) ??
      wheels.find((w) => /manylinux[^/]*x86_64\.whl$/.test(w.url)) ??
      wheels.find((w) => /-none-any\.whl$/.test(w.url)) ??
      wheels[0];
    out.push({ name: normalizePythonName(name), ...(pick ? { wheelBytes: pick.size } : {}) });
  }
  return dedupe(out);
}

/** poetry.lock: every `[[package]]` with its `name`; only non-dev ones when the install skips dev groups. */
export function parsePoetryLock(text: string, includeDev: boolean): PythonRequirement[] {
  const out: PythonRequirement[] = [];
  for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (!name) continue;
    // poetry < 1.2 writes category = "dev"; newer locks list groups per package.
    const category = /^category\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const groups = /^groups\s*=\s*\[([^\]]*)\]/m.exec(block)?.[1];
    const devOnly = category === 'dev' || (groups !== undefined && !/"main"/.test(groups));
    if (devOnly && !includeDev) continue;
    out.push({ name: normalizePythonName(name) });
  }
  return dedupe(out);
}

/** Pipfile.lock is JSON with `default` and `develop` sections. */
export function parsePipfileLock(text: string, includeDev: boolean): PythonRequirement[] {
  try {
    const j = JSON.parse(text) as { default?: Record<string, unknown>; develop?: Record<string, unknown> };
    const names = [...Object.keys(j.default ?? {}), ...(includeDev ? Object.keys(j.develop ?? {}) : [])];
    return dedupe(names.map((n) => ({ name: normalizePythonName(n) })));
  } catch {
    return [];
  }
}

function dedupe(xs: PythonRequirement[]): PythonRequirement[] {
  const seen = new Map<string, PythonRequirement>();
  for (const x of xs) if (!seen.has(x.name)) seen.set(x.name, x);
  return [...seen.values()];
}
