// Helpers shared by the data generators that read Debian package metadata:
// version ordering (to keep the newest stanza when a suite lists a package twice),
// relationship-field parsing, and the compact line format read by
// server/src/core/size/debian-index.ts (keep the two in step: FORMAT below).

export const FORMAT = 'dockerlean-debian-index/1';

// Debian version comparison (Debian Policy §5.6.12, dpkg's verrevcmp): within a fragment,
// "~" sorts before everything, letters before other characters, digit runs numerically.
const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
const order = (c) => {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
};

function compareFragment(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function splitVersion(v) {
  const colon = v.indexOf(':');
  const epoch = colon >= 0 ? Number(v.slice(0, colon)) : 0;
  const rest = colon >= 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
}

export function compareDebianVersions(a, b) {
  const [ea, ua, ra] = splitVersion(a);
  const [eb, ub, rb] = splitVersion(b);
  if (ea !== eb) return ea - eb;
  return compareFragment(ua, ub) || compareFragment(ra, rb);
}

/**
 * "libc6-dev | libc-dev, gcc (>= 4:10.2), libpq5 (= 15.18-0+deb12u1), python3:any"
 * → "libc6-dev|libc-dev,gcc,=libpq5,python3"
 * Version constraints are dropped except "=", kept as a leading "=" because a -dev package's
 * exact-version dependency is how its runtime library is recognised. Arch qualifiers (:any,
 * :native) only matter for multiarch installs, which the size model does not cover.
 */
export function compactRelations(raw) {
  if (!raw) return '';
  const groups = [];
  for (const group of raw.split(',')) {
    const alts = [];
    for (const alt of group.split('|')) {
      const m = /^\s*([^\s(:[]+)(?::[A-Za-z0-9-]+)?\s*(?:\(\s*([<>=]+)\s*[^)]*\))?/.exec(alt);
      if (!m || !m[1]) continue;
      alts.push((m[2] === '=' ? '=' : '') + m[1]);
    }
    if (alts.length) groups.push(alts.join('|'));
  }
  return groups.join(',');
}

/** Provides: names only, versions dropped ("libz-dev, foo (= 1)" → ["libz-dev","foo"]). */
export function provideNames(raw) {
  if (!raw) return [];
  return raw
    .split(',')
    .map((p) => /^\s*([^\s(:]+)/.exec(p)?.[1])
    .filter(Boolean);
}

const PRIORITY_LETTER = { required: 'r', important: 'i', standard: 's', optional: 'o', extra: 'x' };

/** "glibc (2.36-9)" → "glibc"; an empty Source field means "same as the binary package". */
export function sourceName(raw, pkg) {
  const s = (raw || '').trim().split(/\s+/)[0] || '';
  return s === pkg ? '' : s;
}

/**
 * records: [{ name, version, installedKiB, depends, preDepends, recommends, provides, priority, essential, source }]
 * (raw deb822 values). Keeps the highest version of duplicate names, as apt would install it.
 *
 * Output layout (UTF-8 text, one value per line, compressed by the caller):
 *   line 1: header JSON (packageCount N, extraNameCount M, columns)
 *   N + M lines: names; the first N are the packages (sorted), the M extra are names that only
 *                occur in relations (virtual or missing packages)
 *   then one block of N lines per remaining column, in header.columns order.
 * Relations are written as base-36 indexes into the name list ("3f|1a,=9c"): stored column by
 * column and interned, the three releases compress to about 2.5 MB instead of about 4 MB.
 */
export function toCompactIndex(records, header) {
  const newest = new Map();
  for (const r of records) {
    if (!r.name) continue;
    const prev = newest.get(r.name);
    if (!prev || compareDebianVersions(r.version || '0', prev.version || '0') > 0) newest.set(r.name, r);
  }
  const names = [...newest.keys()].sort();
  const ids = new Map(names.map((n, i) => [n, i]));
  const extra = [];
  const id = (n) => {
    let i = ids.get(n);
    if (i === undefined) {
      i = names.length + extra.length;
      ids.set(n, i);
      extra.push(n);
    }
    return i.toString(36);
  };
  const intern = (compact) =>
    compact
      ? compact.split(',').map((g) => g.split('|').map((a) => (a[0] === '=' ? '=' + id(a.slice(1)) : id(a))).join('|')).join(',')
      : '';

  // A virtual name nothing depends on or recommends is only reachable by asking apt for it
  // by name, which apt refuses for virtual packages with several providers; dropping those
  // (mostly librust-*+feature-dev names) keeps the trixie index about a quarter smaller.
  const referenced = new Set();
  const rel = new Map();
  for (const name of names) {
    const r = newest.get(name);
    const deps = [compactRelations(r.preDepends), compactRelations(r.depends)].filter(Boolean).join(',');
    const recs = compactRelations(r.recommends);
    rel.set(name, { deps, recs });
    for (const alt of (deps + ',' + recs).split(/[,|]/)) if (alt) referenced.add(alt.replace(/^=/, ''));
  }
  const cols = { installedKiB: [], flags: [], source: [], depends: [], recommends: [], provides: [] };
  for (const name of names) {
    const r = newest.get(name);
    const kib = Number.parseInt(r.installedKiB, 10);
    cols.installedKiB.push(Number.isFinite(kib) ? String(kib) : '');
    cols.flags.push((PRIORITY_LETTER[(r.priority || '').trim()] || '-') + (/^yes$/i.test((r.essential || '').trim()) ? 'E' : ''));
    cols.source.push(sourceName(r.source, name));
    cols.depends.push(intern(rel.get(name).deps));
    cols.recommends.push(intern(rel.get(name).recs));
    cols.provides.push(provideNames(r.provides).filter((v) => referenced.has(v) && v !== name).map(id).join(','));
  }
  const fullHeader = {
    format: FORMAT,
    ...header,
    packageCount: names.length,
    extraNameCount: extra.length,
    columns: Object.keys(cols),
  };
  // ASCII only (non-ASCII header text is \u-escaped): the loader decodes it as latin1, which is faster.
  const headerLine = JSON.stringify(fullHeader).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const text = [headerLine, ...names, ...extra, ...Object.values(cols).flat()].join('\n') + '\n';
  if (/[^\x00-\x7f]/.test(text)) throw new Error('non-ASCII package data; the index format expects ASCII');
  return text;
}
