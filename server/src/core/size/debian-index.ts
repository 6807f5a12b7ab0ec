// A Debian release's package index in memory, parsed from the compact text that
// scripts/data/debian.mjs writes (see FORMAT there). Parsing is lazy per package so a
// release is ready for lookups after one pass that records where each line starts.

export const DEBIAN_INDEX_FORMAT = 'dockerlean-debian-index/1';

export type Priority = 'required' | 'important' | 'standard' | 'optional' | 'extra' | 'unknown';

export interface DepAlternative {
  readonly name: string;
  /** The relation was `name (= version)`: the exact-version pin a -dev package has on its library. */
  readonly sameVersion: boolean;
}
/** One comma-separated relation: any one alternative satisfies it. */
export type DepGroup = readonly DepAlternative[];

export interface DebianPackage {
  readonly name: string;
  /** Installed-Size in KiB (1024 bytes); undefined when the index gives none. */
  readonly installedKiB: number | undefined;
  readonly priority: Priority;
  readonly essential: boolean;
  /** Source package name (equal to `name` when the index omits it). */
  readonly source: string;
  /** Pre-Depends and Depends together. */
  readonly depends: readonly DepGroup[];
  readonly recommends: readonly DepGroup[];
  readonly provides: readonly string[];
}

export interface DebianIndexHeader {
  readonly format: string;
  readonly release: string;
  readonly version?: string | null;
  readonly inReleaseDate?: string | null;
  readonly source: string;
  readonly generatedAt?: string;
  readonly generator?: string;
  readonly packageCount: number;
  /** Set when this index stands in for a release that has no data of its own (buster → bullseye). */
  readonly fallbackFrom?: string;
  readonly note?: string;
}

export interface DebianIndex {
  readonly header: DebianIndexHeader;
  readonly size: number;
  get(name: string): DebianPackage | undefined;
  has(name: string): boolean;
  /** Real packages that list `name` in Provides. */
  providers(name: string): readonly string[];
  names(): IterableIterator<string>;
}

const PRIORITY: Record<string, Priority> = { r: 'required', i: 'important', s: 'standard', o: 'optional', x: 'extra' };

/** Parses the text of a `<release>.idx` file; throws on a malformed file (the loader reports it). */
export function parseDebianIndex(text: string): DebianIndex {
  // Nothing is split up front: the file holds ~450k lines of which a lookup touches a handful, so
  // loading only records where each line starts; names are found by binary search over the
  // sorted name lines. (split + a Map of the names cost as much again as decompressing.)
  const firstBreak = text.indexOf('\n');
  const header = JSON.parse(firstBreak < 0 ? text : text.slice(0, firstBreak)) as DebianIndexHeader & { extraNameCount?: number; columns?: string[] };
  if (header.format !== DEBIAN_INDEX_FORMAT) throw new Error(`unsupported index format ${String(header.format)}`);
  const n = header.packageCount;
  const m = header.extraNameCount ?? 0;
  const columns = header.columns ?? [];
  const expected = ['installedKiB', 'flags', 'source', 'depends', 'recommends', 'provides'];
  if (expected.some((c, i) => columns[i] !== c)) throw new Error(`unexpected columns ${columns.join(',')}`);
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 0) throw new Error('bad package counts in header');
  const total = 1 + n + m + expected.length * n;
  const starts = new Uint32Array(total + 1);
  let k = 1;
  for (let at = firstBreak; k <= total && at !== -1; at = text.indexOf('\n', at + 1)) starts[k++] = at + 1;
  if (k <= total) throw new Error('index is truncated');
  const line = (i: number): string => text.slice(starts[i], starts[i + 1]! - 1);

  const base = 1 + n + m;
  const col = (c: number, i: number): string => line(base + c * n + i);
  const nameAt = (id: number): string => (id >= 0 && id < n + m ? line(1 + id) : '');

  // Package names are sorted by UTF-16 code unit (the generator's Array.prototype.sort()).
  const found = new Map<string, number>(); // memo: resolution asks for the same names repeatedly
  const idOf = (name: string): number | undefined => {
    const memo = found.get(name);
    if (memo !== undefined) return memo < 0 ? undefined : memo;
    let lo = 0;
    let hi = n - 1;
    let id = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const here = line(1 + mid);
      if (here === name) {
        id = mid;
        break;
      }
      if (here < name) lo = mid + 1;
      else hi = mid - 1;
    }
    found.set(name, id);
    return id < 0 ? undefined : id;
  };

  const relations = (raw: string): DepGroup[] => {
    if (!raw) return [];
    return raw.split(',').map((g) =>
      g.split('|').map((a) => {
        const same = a.charCodeAt(0) === 61; /* '=' */
        return { name: nameAt(parseInt(same ? a.slice(1) : a, 36)), sameVersion: same };
      }),
    );
  };

  const cache = new Map<string, DebianPackage>();
  const get = (name: string): DebianPackage | undefined => {
    const hit = cache.get(name);
    if (hit) return hit;
    const i = idOf(name);
    if (i === undefined) return undefined;
    const flags = col(1, i);
    const kib = col(0, i);
    const provides = col(5, i);
    const pkg: DebianPackage = {
      name,
      installedKiB: kib === '' ? undefined : Number(kib),
      priority: PRIORITY[flags[0] ?? '-'] ?? 'unknown',
      essential: flags.includes('E'),
      source: col(2, i) || name,
      depends: relations(col(3, i)),
      recommends: relations(col(4, i)),
      provides: provides ? provides.split(',').map((p) => nameAt(parseInt(p, 36))) : [],
    };
    cache.set(name, pkg);
    return pkg;
  };

  let providerMap: Map<string, string[]> | undefined;
  const providers = (name: string): readonly string[] => {
    if (!providerMap) {
      providerMap = new Map();
      for (let i = 0; i < n; i++) {
        const raw = col(5, i);
        if (!raw) continue;
        for (const p of raw.split(',')) {
          const v = nameAt(parseInt(p, 36));
          const list = providerMap.get(v);
          if (list) list.push(nameAt(i));
          else providerMap.set(v, [nameAt(i)]);
        }
      }
    }
    return providerMap.get(name) ?? [];
  };

  return {
    header,
    size: n,
    get,
    has: (name) => idOf(name) !== undefined,
    providers,
    names: function* () {
      for (let i = 0; i < n; i++) yield line(1 + i);
    },
  };
}

export interface PackageInput {
  readonly installedKiB?: number;
  readonly priority?: Priority;
  readonly essential?: boolean;
  readonly source?: string;
  /** Debian-style relation text: "a | b, c (>= 1), =d" — versions are ignored, "(= v)" or a leading "=" marks a same-version pin. */
  readonly depends?: string;
  readonly preDepends?: string;
  readonly recommends?: string;
  readonly provides?: string | readonly string[];
}

/** Parses a Debian relation field ("a | b:any, c (= 1)") into groups; used for synthetic indexes and user input. */
export function parseRelations(raw: string | undefined): DepGroup[] {
  if (!raw) return [];
  const groups: DepGroup[] = [];
  for (const g of raw.split(',')) {
    const alts: DepAlternative[] = [];
    for (const a of g.split('|')) {
      const m = /^\s*(=?)([^\s(:[=]+)(?::[A-Za-z0-9-]+)?\s*(?:\(\s*([<>=]+)[^)]*\))?/.exec(a);
      if (m && m[2]) alts.push({ name: m[2], sameVersion: m[1] === '=' || m[3] === '=' });
    }
    if (alts.length) groups.push(alts);
  }
  return groups;
}

/** Builds an index from objects, for tests and for callers that assemble data themselves. */
export function createDebianIndex(header: Partial<DebianIndexHeader> & { release: string }, packages: Readonly<Record<string, PackageInput>>): DebianIndex {
  const map = new Map<string, DebianPackage>();
  for (const [name, p] of Object.entries(packages)) {
    const provides = typeof p.provides === 'string' ? parseRelations(p.provides).map((g) => g[0]!.name) : [...(p.provides ?? [])];
    map.set(name, {
      name,
      installedKiB: p.installedKiB,
      priority: p.priority ?? 'optional',
      essential: p.essential ?? false,
      source: p.source ?? name,
      depends: [...parseRelations(p.preDepends), ...parseRelations(p.depends)],
      recommends: parseRelations(p.recommends),
      provides,
    });
  }
  const providerMap = new Map<string, string[]>();
  for (const pkg of map.values()) for (const v of pkg.provides) providerMap.set(v, [...(providerMap.get(v) ?? []), pkg.name]);
  return {
    header: { format: DEBIAN_INDEX_FORMAT, source: 'synthetic', packageCount: map.size, ...header },
    size: map.size,
    get: (name) => map.get(name),
    has: (name) => map.has(name),
    providers: (name) => providerMap.get(name) ?? [],
    names: () => map.keys(),
  };
}

/** The same index presented for another release name, e.g. bullseye data answering for buster. */
export function asFallback(index: DebianIndex, requested: string, note: string): DebianIndex {
  return {
    header: { ...index.header, fallbackFrom: requested, note },
    size: index.size,
    get: (n) => index.get(n),
    has: (n) => index.has(n),
    providers: (n) => index.providers(n),
    names: () => index.names(),
  };
}

