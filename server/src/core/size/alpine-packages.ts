// Looks up `apk add` package sizes in the alpine table (server/data/alpine-packages.json). All
// figures there are estimates from a sample of branches and architectures, so a lookup says
// which row answered and how far it is from what was asked.

export const ALPINE_PACKAGES_FORMAT = 'dockerlean-alpine-packages/1';

export interface AlpinePackageRow {
  readonly version: string;
  readonly branch: string;
  readonly arch: string;
  readonly installedBytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  readonly packageBytes?: number;
  readonly sizeBasis: string;
  readonly source: string;
  readonly notes?: string;
}

export interface AlpineSet {
  readonly addedBytes: number;
  readonly lowBytes?: number;
  readonly highBytes?: number;
  readonly branch: string;
  readonly packagesAdded?: number;
  readonly derivation: string;
}

export interface AlpinePackageTable {
  readonly format: string;
  readonly source: string;
  readonly packages: Readonly<Record<string, readonly AlpinePackageRow[]>>;
  readonly sets: Readonly<Record<string, AlpineSet>>;
  readonly aliases: Readonly<Record<string, string>>;
}

export function parseAlpinePackageTable(json: unknown): AlpinePackageTable {
  const t = json as Partial<AlpinePackageTable> | null;
  if (!t || t.format !== ALPINE_PACKAGES_FORMAT) throw new Error(`alpine-packages: unsupported format ${String(t?.format)}`);
  if (!t.packages || !t.sets || !t.aliases) throw new Error('alpine-packages: packages, sets or aliases missing');
  return t as AlpinePackageTable;
}

export interface AlpineLookup {
  readonly name: string;
  readonly bytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  readonly estimated: true;
  /** 'set': the figure covers the package and what it pulls in; 'package': the package alone. */
  readonly scope: 'set' | 'package';
  readonly branch: string;
  readonly arch: string;
  readonly source: string;
  readonly note?: string;
}

const branchNum = (b: string): number => {
  const m = /^v?(\d+)\.(\d+)/.exec(b);
  return m ? Number(m[1]) * 100 + Number(m[2]) : 10_000; // edge sorts after every release
};

/** Best figure for `apk add <name>` on `branch` (e.g. "3.22" or "v3.22"); undefined when the table has none. */
export function lookupAlpinePackage(table: AlpinePackageTable, name: string, branch?: string): AlpineLookup | undefined {
  const raw = name.trim().toLowerCase().replace(/[=<>~].*$/, '');
  const resolved = table.aliases[raw] ?? raw;
  const want = branch ? branchNum(branch) : undefined;
  const viaAlias = resolved !== raw ? `${raw} is ${resolved} on current branches` : undefined;

  const set = table.sets[resolved];
  if (set) {
    const off = want !== undefined && branchNum(set.branch) !== want ? `measured on ${set.branch}` : undefined;
    return {
      name: resolved,
      bytes: set.addedBytes,
      lowBytes: set.lowBytes ?? set.addedBytes,
      highBytes: set.highBytes ?? set.addedBytes,
      estimated: true,
      scope: 'set',
      branch: set.branch,
      arch: 'x86_64',
      source: set.derivation,
      ...(viaAlias || off ? { note: [viaAlias, off].filter(Boolean).join('; ') } : {}),
    };
  }

  const rows = table.packages[resolved];
  if (!rows?.length) return undefined;
  const score = (r: AlpinePackageRow): number => (r.arch === 'x86_64' ? 0 : 100_000) + (want === undefined ? -branchNum(r.branch) : Math.abs(branchNum(r.branch) - want));
  const best = [...rows].sort((a, b) => score(a) - score(b))[0]!;
  const notes = [
    viaAlias,
    best.arch !== 'x86_64' ? `no x86_64 figure; ${best.arch} size shown (compiled packages differ by architecture)` : undefined,
    want !== undefined && branchNum(best.branch) !== want ? `figure from ${best.branch}` : undefined,
  ].filter(Boolean);
  return {
    name: resolved,
    bytes: best.installedBytes,
    lowBytes: best.lowBytes,
    highBytes: best.highBytes,
    estimated: true,
    scope: 'package',
    branch: best.branch,
    arch: best.arch,
    source: best.source,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
