// What `apt-get install <names>` adds on top of a base image, computed from a release index:
// the closure over Depends + Pre-Depends (and Recommends when apt installs them), minus what
// the base already has, with Installed-Size summed. This mirrors apt's choices closely enough
// for size estimates; it does not model versions, Conflicts/Breaks or apt's scoring.

import type { DebianIndex, DepGroup } from './debian-index';

export interface AptResolveOptions {
  /** apt's default is true; `--no-install-recommends` (or APT::Install-Recommends "false") makes it false. */
  readonly installRecommends: boolean;
}

export type AddedReason = 'requested' | 'dependency' | 'recommended';

export interface AddedPackage {
  readonly name: string;
  /** Installed-Size × 1024 (0 when the index gives no size; see `sizeUnknown`). */
  readonly bytes: number;
  readonly reason: AddedReason;
  /** The package whose relation pulled this one in (absent for requested packages). */
  readonly via?: string;
}

export interface RequestedAttribution {
  /** The name as requested (after dropping =version, /suite and :arch). */
  readonly name: string;
  /** The real package installed for it: differs from `name` for a virtual package. */
  readonly package?: string;
  readonly status: 'added' | 'installed' | 'unknown';
  /** The package's own Installed-Size in bytes (0 unless status is 'added'). */
  readonly ownBytes: number;
  /** What requesting this package alone would add: itself and everything it pulls in. */
  readonly closureBytes: number;
  readonly closureCount: number;
  /** Packages in this request that no other requested package needs. */
  readonly exclusiveBytes: number;
  readonly exclusive: readonly string[];
}

export interface AptResolution {
  readonly release: string;
  readonly fallbackFrom?: string;
  readonly added: readonly AddedPackage[];
  /** Requested names that are neither a package nor provided by one. */
  readonly unknown: readonly string[];
  /** Dependencies no package in the index satisfies, as "pkg → relation". */
  readonly unresolved: readonly string[];
  /** Requested names the base already has. */
  readonly alreadyInstalled: readonly string[];
  /** Added packages with no Installed-Size in the index (counted as 0). */
  readonly sizeUnknown: readonly string[];
  readonly totalBytes: number;
  readonly perRequested: readonly RequestedAttribution[];
}

/** "libpq-dev=15.3-0+deb12u1", "curl/bookworm-backports", "python3:amd64" → the bare package name. */
export function normalizeRequestedName(raw: string): string {
  return raw.trim().replace(/[=/].*$/, '').replace(/:[A-Za-z0-9-]+$/, '').toLowerCase();
}

const PRIORITY_RANK = { required: 0, important: 1, standard: 2, optional: 3, extra: 4, unknown: 5 } as const;

interface Selection {
  reason: AddedReason;
  via?: string;
}

interface Closure {
  selected: Map<string, Selection>;
  unknown: string[];
  unresolved: string[];
  alreadyInstalled: string[];
  /** requested name → real package chosen for it (undefined when unknown). */
  chosen: Map<string, string | undefined>;
}

function closure(index: DebianIndex, requested: readonly string[], options: AptResolveOptions, installed: ReadonlySet<string>): Closure {
  const selected = new Map<string, Selection>();
  const unknown: string[] = [];
  const unresolved: string[] = [];
  const alreadyInstalled: string[] = [];
  const chosen = new Map<string, string | undefined>();

  const present = (name: string): boolean => installed.has(name) || selected.has(name);
  const satisfiedBy = (name: string): boolean => present(name) || index.providers(name).some(present);

  // apt picks a provider of a purely virtual name; prefer one already present, then the
  // most basic priority, then the name, so the choice is stable.
  const pickProvider = (name: string): string | undefined => {
    const provs = index.providers(name);
    const have = provs.find(present);
    if (have) return have;
    return [...provs].sort((a, b) => {
      const pa = PRIORITY_RANK[index.get(a)?.priority ?? 'unknown'];
      const pb = PRIORITY_RANK[index.get(b)?.priority ?? 'unknown'];
      return pa - pb || (a < b ? -1 : a > b ? 1 : 0);
    })[0];
  };

  /** null: already satisfied; undefined: nothing can satisfy it. */
  const choose = (group: DepGroup): string | null | undefined => {
    if (group.some((alt) => satisfiedBy(alt.name))) return null;
    for (const alt of group) if (index.has(alt.name)) return alt.name;
    for (const alt of group) {
      const p = pickProvider(alt.name);
      if (p) return p;
    }
    return undefined;
  };

  // Every selected name in selection order; `next` is where the dependency walk stands (an
  // index instead of queue.shift(), which is quadratic on closures of hundreds of packages).
  const order: string[] = [];
  let next = 0;
  const add = (name: string, sel: Selection): void => {
    if (present(name)) return;
    selected.set(name, sel);
    order.push(name);
  };

  for (const raw of requested) {
    const name = normalizeRequestedName(raw);
    if (!name || chosen.has(name)) continue;
    if (installed.has(name)) {
      chosen.set(name, name);
      alreadyInstalled.push(name);
      continue;
    }
    const real = index.has(name) ? name : pickProvider(name);
    chosen.set(name, real);
    if (!real) unknown.push(name);
    else if (installed.has(real)) alreadyInstalled.push(name);
    else add(real, { reason: 'requested' });
  }

  // Hard dependencies first, so a package both depended on and recommended counts as a dependency.
  const drainDepends = (): void => {
    while (next < order.length) {
      const name = order[next++];
      const pkg = index.get(name);
      if (!pkg) continue;
      const inherited: AddedReason = selected.get(name)?.reason === 'recommended' ? 'recommended' : 'dependency';
      for (const group of pkg.depends) {
        const pick = choose(group);
        if (pick === undefined) unresolved.push(`${name} → ${group.map((a) => a.name).join(' | ')}`);
        else if (pick) add(pick, { reason: inherited, via: name });
      }
    }
  };
  drainDepends();

  if (options.installRecommends) {
    // apt installs the Recommends of every package it newly installs, recursively; a
    // recommendation nothing can satisfy is skipped silently, as apt does.
    // Names are only ever added, so "not seen yet" is everything selected after the last round.
    for (let from = 0; from < order.length; ) {
      const to = order.length;
      for (let k = from; k < to; k++) {
        const name = order[k];
        for (const group of index.get(name)?.recommends ?? []) {
          const pick = choose(group);
          if (pick) add(pick, { reason: 'recommended', via: name });
        }
      }
      drainDepends();
      from = to;
    }
  }
  return { selected, unknown, unresolved, alreadyInstalled, chosen };
}

const bytesOf = (index: DebianIndex, name: string): number => (index.get(name)?.installedKiB ?? 0) * 1024;

/**
 * Resolutions already computed, per index. A resolution depends only on its inputs, and the
 * language server asks the same questions on every keystroke (each apt-get install in the file,
 * from the estimate and from rules); the per-request attribution below costs two closures per
 * requested package, which made this the most expensive step of an analysis. Keys hold the
 * inputs exactly; the least recently used entries go first.
 */
const MEMO_LIMIT = 1024;
const memo = new WeakMap<DebianIndex, Map<string, AptResolution>>();

/** Total bytes of `apt-get install` for `requested` on a base that has `installed`. */
export function resolveAptInstall(
  index: DebianIndex,
  requested: readonly string[],
  options: AptResolveOptions,
  installed: ReadonlySet<string> | readonly string[] = new Set(),
): AptResolution {
  const base = installed instanceof Set ? installed : new Set(installed as readonly string[]);
  const key = memoKey(requested, options, base);
  let cache = memo.get(index);
  if (!cache) memo.set(index, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = resolveUncached(index, requested, options, base);
  cache.set(key, result);
  if (cache.size > MEMO_LIMIT) cache.delete(cache.keys().next().value!);
  return result;
}

/**
 * The inputs, exactly: names one per line (JSON for the odd name with a line break in it).
 * The closure only asks `installed.has`, so the set's order does not matter; a different order
 * merely misses. Built by concatenation: this runs for every install on every keystroke.
 */
function memoKey(requested: readonly string[], options: AptResolveOptions, base: ReadonlySet<string>): string {
  // The count first: where the requested names end is then never in doubt.
  let key = `${options.installRecommends ? 'R' : 'N'}${requested.length}\n`;
  for (const n of requested) {
    if (n.includes('\n')) return JSON.stringify([options.installRecommends, requested, [...base]]);
    key += n + '\n';
  }
  for (const n of base) {
    if (n.includes('\n')) return JSON.stringify([options.installRecommends, requested, [...base]]);
    key += n + '\n';
  }
  return key;
}

function resolveUncached(index: DebianIndex, requested: readonly string[], options: AptResolveOptions, base: ReadonlySet<string>): AptResolution {
  const all = closure(index, requested, options, base);
  const added: AddedPackage[] = [...all.selected].map(([name, s]) => ({
    name,
    bytes: bytesOf(index, name),
    reason: s.reason,
    ...(s.via ? { via: s.via } : {}),
  }));
  const totalBytes = added.reduce((sum, p) => sum + p.bytes, 0);

  const names = [...all.chosen.keys()];
  const perRequested: RequestedAttribution[] = names.map((name) => {
    const pkg = all.chosen.get(name);
    const status: RequestedAttribution['status'] = pkg === undefined ? 'unknown' : all.selected.get(pkg)?.reason === 'requested' ? 'added' : 'installed';
    if (status !== 'added' || !pkg) {
      return { name, ...(pkg ? { package: pkg } : {}), status, ownBytes: 0, closureBytes: 0, closureCount: 0, exclusiveBytes: 0, exclusive: [] };
    }
    const alone = closure(index, [pkg], options, base);
    const others = names.length > 1 ? closure(index, names.filter((n) => n !== name), options, base).selected : new Map<string, Selection>();
    const exclusive = [...all.selected.keys()].filter((n) => !others.has(n));
    return {
      name,
      package: pkg,
      status,
      ownBytes: bytesOf(index, pkg),
      closureBytes: [...alone.selected.keys()].reduce((s, n) => s + bytesOf(index, n), 0),
      closureCount: alone.selected.size,
      exclusiveBytes: exclusive.reduce((s, n) => s + bytesOf(index, n), 0),
      exclusive,
    };
  });

  return {
    release: index.header.release,
    ...(index.header.fallbackFrom ? { fallbackFrom: index.header.fallbackFrom } : {}),
    added,
    unknown: all.unknown,
    unresolved: all.unresolved,
    alreadyInstalled: all.alreadyInstalled,
    sizeUnknown: added.filter((p) => index.get(p.name)?.installedKiB === undefined).map((p) => p.name),
    totalBytes,
    perRequested,
  };
}

const isDevName = (name: string): boolean => /-dev$|-dev-/.test(name);
// Same-source companions of a -dev package that are tools, headers or shared data, not the library.
const NOT_A_LIBRARY = /-(?:bin|common|base|data|doc|tools|utils|headers)$/;

/**
 * The runtime package(s) a -dev package builds against: its Depends that come from the same
 * source package (or are pinned to the same version) and are not themselves -dev packages —
 * libpq-dev → libpq5, libxml2-dev → libxml2. A -dev package that only points at another -dev
 * package (libjpeg-dev → libjpeg62-turbo-dev) is followed a few levels. [] when nothing fits.
 */
export function runtimeLibraryFor(index: DebianIndex, devPackage: string, depth = 3): string[] {
  const pkg = index.get(normalizeRequestedName(devPackage));
  if (!pkg || !isDevName(pkg.name)) return [];
  const direct = pkg.depends.flatMap((g) => g).filter((a) => index.has(a.name) && !isDevName(a.name) && !NOT_A_LIBRARY.test(a.name));
  const sameSource = direct.filter((a) => index.get(a.name)?.source === pkg.source);
  const pick =
    sameSource.filter((a) => a.sameVersion).length > 0
      ? sameSource.filter((a) => a.sameVersion)
      : sameSource.length > 0
        ? sameSource
        : direct.filter((a) => a.sameVersion);
  if (pick.length) return [...new Set(pick.map((a) => a.name))];
  if (depth <= 0) return [];
  const nested = pkg.depends.map((g) => g[0]!).filter((a) => isDevName(a.name) && index.has(a.name));
  return [...new Set(nested.flatMap((a) => runtimeLibraryFor(index, a.name, depth - 1)))];
}
