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

/** Lines between two recorded line starts: a line is found by scanning at most this many - 1 line breaks. */
const ANCHOR_EVERY = 8; // a power of two: the byte loop divides by shifting
const NL = 10;

/** The text of an index, read from its bytes (ASCII), as the loader decompresses them. */
interface IndexText {
  readonly length: number;
  /** Position of the next line break at or after `from`, or -1. */
  nextBreak(from: number): number;
  /** Character code at `i` (NaN or undefined past the end). */
  code(i: number): number;
  slice(start: number, end: number): string;
  /** Compares text[start, end) with `s` by UTF-16 code unit, as `<` on strings does. */
  compare(start: number, end: number, s: string): number;
}

function indexText(data: Uint8Array): IndexText {
  // Kept as bytes: one byte per character instead of a copy into a string, and no transient copy
  // while loading. The format is ASCII only, so latin1 decoding is exact.
  const node = data as Uint8Array & { latin1Slice?: (start: number, end: number) => string };
  const native = typeof node.latin1Slice === 'function';
  // Most lines are a few characters: building those in JS beats a call into the runtime.
  const slice = (s: number, e: number): string => (e - s > 24 && native ? node.latin1Slice!(s, e) : latin1(data, s, e));
  const length = data.length;
  return {
    length,
    // Lines are short: a loop here beats a call into the runtime per line.
    nextBreak(from: number): number {
      for (let i = from; i < length; i++) if (data[i] === NL) return i;
      return -1;
    },
    code: (i) => data[i]!,
    slice,
    compare(start: number, end: number, s: string): number {
      const len = Math.min(end - start, s.length);
      for (let j = 0; j < len; j++) {
        const d = data[start + j]! - s.charCodeAt(j);
        if (d !== 0) return d;
      }
      return end - start - s.length;
    },
  };
}

/**
 * Records where every ANCHOR_EVERY-th line starts, from the break ending line 0; returns the number
 * of the line after the last one found (total + 1 when the index is whole). One flat loop: this
 * pass runs once per release, on the way to the first diagnostics, before V8 has optimised
 * anything, and a call per line through the text's interface doubled its time.
 */
function lineBreaksFrom(data: Uint8Array, firstBreak: number, total: number, anchors: Uint32Array): number {
  if (firstBreak < 0) return 1;
  let k = 2; // line 1 starts after the first break, which anchors nothing (8 does not divide 1)
  for (let i = firstBreak + 1, n = data.length; i < n && k <= total; i++) {
    if (data[i] !== NL) continue;
    if ((k & (ANCHOR_EVERY - 1)) === 0 && k < total) anchors[k >> 3] = i + 1;
    k++;
  }
  return k;
}

/**
 * The provides column read straight from the bytes: `n` lines from `at`, each a comma-separated
 * list of base-36 name ids, `visit(slot, package)` per token. Tokens that are not plain lower-case
 * base 36 (and empty tokens on a non-empty line) go to `odd`, which parses them as parseInt does. Runs once per release on the way to the first diagnostics, so it is one flat loop.
 */
function scanProvides(data: Uint8Array, at: number, n: number, limit: number, odd: (start: number, end: number) => number, visit: (slot: number, pkg: number) => void): void {
  let lineStart = at;
  let tokenStart = at;
  let value = 0;
  let plain = true;
  for (let j = at, i = 0; i < n && j < data.length; j++) {
    const c = data[j]!;
    if (c !== 44 && c !== NL) {
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
      if (d < 0) plain = false;
      else value = value * 36 + d;
      continue;
    }
    if (j > tokenStart || c === 44 || j > lineStart) visit(plain && j > tokenStart && value < limit ? value : odd(tokenStart, j), i);
    tokenStart = j + 1;
    value = 0;
    plain = true;
    if (c === NL) {
      i++;
      lineStart = j + 1;
    }
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/**
 * Parses a `<release>.idx` file, given as text or as its (ASCII) bytes, which the index then keeps
 * and reads from; throws on a malformed file (the loader reports it).
 */
export function parseDebianIndex(data: string | Uint8Array): DebianIndex {
  // Nothing is split up front: the file holds ~450k lines of which a lookup touches a handful, so
  // loading only records where every 8th line starts; names are found by binary search over the
  // sorted name lines. (split + a Map of the names cost as much again as decompressing, and a
  // start for every line ~1.8 MB per release.)
  // A text (tests, tools) is read as the bytes the loader would have given: the format is ASCII.
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const text = indexText(bytes);
  const firstBreak = text.nextBreak(0);
  const header = JSON.parse(text.slice(0, firstBreak < 0 ? text.length : firstBreak)) as DebianIndexHeader & { extraNameCount?: number; columns?: string[] };
  if (header.format !== DEBIAN_INDEX_FORMAT) throw new Error(`unsupported index format ${String(header.format)}`);
  const n = header.packageCount;
  const m = header.extraNameCount ?? 0;
  const columns = header.columns ?? [];
  const expected = ['installedKiB', 'flags', 'source', 'depends', 'recommends', 'provides'];
  if (expected.some((c, i) => columns[i] !== c)) throw new Error(`unexpected columns ${columns.join(',')}`);
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 0) throw new Error('bad package counts in header');
  const total = 1 + n + m + expected.length * n;
  // anchors[j] is where line j * ANCHOR_EVERY starts; every line, the last included, ends with a break.
  const anchors = new Uint32Array(Math.ceil(total / ANCHOR_EVERY));
  if (lineBreaksFrom(bytes, firstBreak, total, anchors) <= total) throw new Error('index is truncated');
  const startOf = (i: number): number => {
    let at = anchors[(i / ANCHOR_EVERY) | 0]!;
    for (let r = i % ANCHOR_EVERY; r > 0; r--) at = text.nextBreak(at) + 1;
    return at;
  };
  const line = (i: number): string => {
    const at = startOf(i);
    return text.slice(at, text.nextBreak(at));
  };
  const compareLine = (i: number, s: string): number => {
    const at = startOf(i);
    return text.compare(at, text.nextBreak(at), s);
  };
  /** Lines first, first + 1, … in order, without rescanning from an anchor for each. */
  function* lines(first: number, count: number): Generator<string> {
    let at = count > 0 ? startOf(first) : 0;
    for (let c = 0; c < count; c++) {
      const end = text.nextBreak(at);
      yield text.slice(at, end);
      at = end + 1;
    }
  }

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
      const c = compareLine(1 + mid, name);
      if (c === 0) {
        id = mid;
        break;
      }
      if (c < 0) lo = mid + 1;
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

  // Who provides what, as package ids per provided name id (CSR): a Map of name strings to
  // arrays of name strings was ~1.5 MB per release. Slot n + m collects malformed ids, which
  // name '' (as nameAt does).
  let provided: { readonly offsets: Uint32Array; readonly ids: Uint32Array } | undefined;
  const providedIndex = () => {
    if (provided) return provided;
    // Each provides line is a comma-separated list of base-36 name ids, read in place without
    // slicing strings; `slot` reads a token scanProvides found odd.
    const block = startOf(base + 5 * n);
    const slot = (start: number, end: number): number => {
      let v = 0;
      for (let j = start; j < end; j++) {
        const c = text.code(j);
        const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
        if (d < 0) {
          // Not the generator's plain lower-case base 36: parse as before.
          const p = parseInt(text.slice(start, end), 36);
          return p >= 0 && p < n + m ? p : n + m;
        }
        v = v * 36 + d;
      }
      return start < end && v < n + m ? v : n + m;
    };
    // (slot, package) pairs in one pass, then a counting sort into the CSR table.
    let pairs = new Uint32Array(4096);
    let count = 0;
    const add = (v: number, i: number) => {
      if (count * 2 + 2 > pairs.length) {
        const grown = new Uint32Array(pairs.length * 2);
        grown.set(pairs);
        pairs = grown;
      }
      pairs[count * 2] = v;
      pairs[count * 2 + 1] = i;
      count++;
    };
    scanProvides(bytes, block, n, n + m, slot, add);
    const counts = new Uint32Array(n + m + 2);
    for (let p = 0; p < count; p++) counts[pairs[p * 2]! + 1]!++;
    for (let v = 1; v < counts.length; v++) counts[v]! += counts[v - 1]!;
    const ids = new Uint32Array(count);
    const fill = counts.slice(0, n + m + 1);
    for (let p = 0; p < count; p++) ids[fill[pairs[p * 2]!]!++] = pairs[p * 2 + 1]!;
    return (provided = { offsets: counts, ids });
  };
  // Extra names are in first-use order: sorted ids, built on first need, for the binary search.
  let extraSorted: Uint32Array | undefined;
  const extraIdOf = (name: string): number | undefined => {
    if (!extraSorted) {
      const names = [...lines(1 + n, m)];
      extraSorted = Uint32Array.from(names.keys()).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b));
    }
    let lo = 0;
    let hi = m - 1;
    let id: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareLine(1 + n + extraSorted[mid]!, name);
      if (c === 0) {
        id = n + extraSorted[mid]!;
        break;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return id;
  };
  const providerMemo = new Map<string, readonly string[]>();
  const providers = (name: string): readonly string[] => {
    const memo = providerMemo.get(name);
    if (memo) return memo;
    const { offsets, ids } = providedIndex();
    const slots: number[] = [];
    if (name === '') slots.push(n + m);
    const real = idOf(name);
    if (real !== undefined) slots.push(real);
    else {
      const extra = extraIdOf(name);
      if (extra !== undefined) slots.push(extra);
    }
    const out: number[] = [];
    for (const v of slots) for (let j = offsets[v]!; j < offsets[v + 1]!; j++) out.push(ids[j]!);
    if (slots.length > 1) out.sort((a, b) => a - b);
    const list = out.map(nameAt);
    providerMemo.set(name, list);
    return list;
  };

  return {
    header,
    size: n,
    get,
    has: (name) => idOf(name) !== undefined,
    providers,
    names: () => lines(1, n),
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

