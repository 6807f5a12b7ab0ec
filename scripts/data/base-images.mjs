#!/usr/bin/env node
// Generates server/data/base-images.json: sizes, package lists, end-of-life dates and lighter
// alternatives of common base images, for "FROM x" hovers and image-size estimates.
//
//   node scripts/data/base-images.mjs [--shared /work/shared/data] [--out server/data/base-images.json]
//
// Inputs: <shared>/base-images.json (facts copied from docker-library/repo-info, see the README
// there), the Debian Packages TSVs in <shared> (to derive package lists and Installed-Size sums),
// and the FACTS below (read from repo-info by hand for this generator; each names its file).
// Every record either carries a measured figure with its `source`, or is `estimated: true` with a
// `derivation` and a lowBytes..highBytes range. Output is deterministic for the same inputs
// (generation date: SOURCE_DATE_EPOCH or the UTC day).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependsClosure, loadTsvIndex, minbaseSet, sumKiB } from './lib/debian-tsv.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : dflt);
// The shared facts sit beside the repository (../shared/data), as on every machine of the project.
const SHARED = opt('--shared', fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const OUT = opt('--out', join(root, 'server/data/base-images.json'));
const MB = 1e6;
const generatedAt = (process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date()).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Facts read for this generator (docker-library/repo-info "local" files: Virtual Size, decimal MB).
const REPO_INFO = 'docker-library/repo-info/repos';
const FACTS = [
  { image: 'golang', tag: '1.26-bookworm', os: 'debian', osVersion: 'bookworm', unpackedRaw: '~ 833.46 Mb', appVersion: '1.26.7', asOf: '2026-08-19', source: `${REPO_INFO}/golang/local/1.26-bookworm.md@8874cb10ff4d592b8911747bfca024809c144ddc (golang:1.26.7-bookworm)` },
  { image: 'golang', tag: '1.26-trixie', os: 'debian', osVersion: 'trixie', unpackedRaw: '~ 874.05 Mb', appVersion: '1.26.8', asOf: '2026-09-19', source: `${REPO_INFO}/golang/local/1.26-trixie.md@3bc0f941c86980bbde4dcca9e94fec7e918ec2f5 (golang:1.26.8-trixie)` },
  { image: 'golang', tag: '1.26-alpine3.24', os: 'alpine', osVersion: '3.24.1', unpackedRaw: '~ 241.36 Mb', appVersion: '1.26.7', asOf: '2026-08-19', source: `${REPO_INFO}/golang/local/1.26-alpine3.24.md@8874cb10ff4d592b8911747bfca024809c144ddc (golang:1.26.7-alpine3.24)`,
    packages: ['alpine-baselayout', 'alpine-baselayout-data', 'alpine-keys', 'alpine-release', 'apk-tools', 'busybox', 'busybox-binsh', 'ca-certificates', 'ca-certificates-bundle', 'libapk', 'libcrypto3', 'libssl3', 'musl', 'musl-utils', 'scanelf', 'ssl_client', 'zlib'] },
  { image: 'node', tag: '24-trixie-slim', os: 'debian', osVersion: 'trixie', unpackedRaw: '~ 234.17 Mb', appVersion: '24.21.0', asOf: '2026-09-19', source: `${REPO_INFO}/node/local/24-trixie-slim.md@680e90cf33798bbbf2010b0100255d091c02fcc0 (node:24-trixie-slim, NODE_VERSION=24.21.0)` },
];

// End-of-life dates, with where each comes from.
const LIFECYCLE = {
  debian: {
    source: 'Debian LTS team announcements and https://wiki.debian.org/LTS (three years of regular security support, then LTS to about five years)',
    releases: {
      buster: { version: '10', eol: '2024-06-30', what: 'LTS ended' },
      bullseye: { version: '11', eol: '2026-08-31', what: 'LTS end' },
      bookworm: { version: '12', eol: '2028-06-30', what: 'LTS end (regular security support ended 2026-06)' },
      trixie: { version: '13', eol: '2030-06-30', what: 'planned LTS end (regular security support to 2028-08)' },
    },
  },
  python: {
    source: 'Python devguide, include/release-cycle.json (https://devguide.python.org/versions/); month-only dates are given as the month',
    releases: { '3.8': '2024-10-07', '3.9': '2025-10-31', '3.10': '2026-10', '3.11': '2027-10', '3.12': '2028-10', '3.13': '2029-10', '3.14': '2030-10' },
  },
  node: {
    source: 'nodejs/Release schedule.json (https://github.com/nodejs/Release): end of maintenance',
    releases: { 18: '2025-04-30', 19: '2023-06-01', 20: '2026-04-30', 21: '2024-06-01', 22: '2027-04-30', 23: '2025-06-01', 24: '2028-04-30' },
  },
  alpine: {
    source: 'https://alpinelinux.org/releases/ (main repository supported about two years; 3.24 by the same rule)',
    releases: { '3.19': '2025-11-01', '3.20': '2026-04-01', '3.21': '2026-11-01', '3.22': '2027-05-01', '3.23': '2027-11-01', '3.24': '2028-05-01' },
  },
  ubuntu: {
    source: 'https://ubuntu.com/about/release-cycle (five years of standard support for LTS releases; month precision)',
    releases: { '20.04': '2025-05', '22.04': '2027-06', '24.04': '2029-05' },
  },
  golang: {
    source: 'Go release policy (https://go.dev/doc/devel/release): each major release is supported until two newer major releases exist',
    releases: {},
  },
};

// Which Debian release a tag without one resolves to. docker-library moved the default of the
// python (and node, golang) images to trixie when Debian 13 was released (python:3.13-slim became
// trixie on 2025-08: mozilla-releng/balrog#3532); lines that stopped being built before that keep
// their last default.
const DEFAULT_RELEASE = {
  python: { '3.8': 'bookworm', _: 'trixie' },
  node: { 18: 'bookworm', 19: 'bookworm', 21: 'bookworm', 23: 'bookworm', _: 'trixie' },
  golang: { _: 'trixie' },
};
const PYTHON_LINES = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];
const NODE_LINES = ['18', '19', '20', '21', '22', '23', '24'];
const GO_LINES = ['1.22', '1.23', '1.24', '1.25', '1.26', '1.27'];
const DEBIAN = ['buster', 'bullseye', 'bookworm', 'trixie'];
const NODE_CODENAMES = { 18: 'hydrogen', 20: 'iron', 22: 'jod', 24: 'krypton' };

// ---------------------------------------------------------------------------------------------
const shared = JSON.parse(readFileSync(join(SHARED, 'base-images.json'), 'utf8'));
const indexes = Object.fromEntries(['bullseye', 'bookworm', 'trixie'].map((r) => [r, loadTsvIndex(SHARED, r)]));

const parseRaw = (raw) => {
  const m = /([\d.]+)\s*(Mb|Gb)/.exec(raw ?? '');
  return m ? Math.round(Number(m[1]) * (m[2] === 'Gb' ? 1e9 : 1e6)) : null;
};
// repo-info rounds "~ 1.02 Gb" to three digits and the local file is often another build of the tag.
const knownRange = (bytes, raw) => {
  const slack = /Gb/.test(raw ?? '') ? 5 * MB + 0.01 * bytes : 0.02 * bytes;
  return [Math.round(bytes - slack), Math.round(bytes + slack)];
};

const lists = {};
const addList = (id, names, source, complete = true) => {
  lists[id] = { names: [...names], source, complete };
  return id;
};

const records = [];
const byKey = new Map();
const put = (rec) => {
  const key = `${rec.image}:${rec.tag}`;
  if (byKey.has(key)) throw new Error(`duplicate record ${key}`);
  byKey.set(key, rec);
  records.push(rec);
  return rec;
};
const get = (image, tag) => byKey.get(`${image}:${tag}`);
const mbOf = (image, tag) => get(image, tag)?.unpackedBytes;

// --- 1. measured records --------------------------------------------------------------------
for (const r of shared) {
  if (r.image.startsWith('gcr.io/')) continue; // handled with the distroless family below
  const bytes = r.unpackedBytes ?? null;
  const rec = {
    image: r.image,
    tag: r.tag,
    os: r.os,
    release: r.os === 'alpine' ? r.osVersion.split('.').slice(0, 2).join('.') : r.os === 'ubuntu' ? r.osVersion.split(' ')[0] : r.osVersion,
    osVersion: r.osVersion,
    unpackedBytes: bytes,
    compressedBytes: r.compressedBytes ?? null,
    appVersion: r.appVersion ?? null,
    estimated: false,
    source: r.unpackedSource ? `unpacked: ${r.unpackedSource}; compressed: ${r.source}` : r.source,
    asOf: r.asOf,
  };
  if (bytes) [rec.lowBytes, rec.highBytes] = knownRange(bytes, r.unpackedRaw);
  if (r.unpackedMeasuredOn) rec.measuredOn = r.unpackedMeasuredOn;
  if (r.packages?.length) rec.packageList = addList(`${r.image}:${r.tag}`, r.packages, r.packagesSource ?? 'repo-info local file', true);
  put(rec);
}
for (const f of FACTS) {
  const bytes = parseRaw(f.unpackedRaw);
  const [lowBytes, highBytes] = knownRange(bytes, f.unpackedRaw);
  const rec = {
    image: f.image, tag: f.tag, os: f.os, release: f.os === 'alpine' ? f.osVersion.split('.').slice(0, 2).join('.') : f.osVersion, osVersion: f.osVersion,
    unpackedBytes: bytes, lowBytes, highBytes, compressedBytes: null, appVersion: f.appVersion, estimated: false, source: f.source, asOf: f.asOf,
  };
  if (f.packages) rec.packageList = addList(`${f.image}:${f.tag}`, f.packages, f.source, true);
  put(rec);
}

// --- 2. Debian package lists ----------------------------------------------------------------
// debian:bookworm-slim and trixie-slim are known; the same rule (Priority: required + apt's
// closure, which reproduces both known lists exactly) gives bullseye's.
const bullseyeMinbase = minbaseSet(indexes.bullseye);
for (const r of ['bookworm', 'trixie']) {
  const derived = minbaseSet(indexes[r]);
  const known = lists[`debian:${r}-slim`]?.names ?? [];
  if (known.length !== derived.size || known.some((n) => !derived.has(n))) console.error(`warning: minbase rule does not reproduce debian:${r}-slim`);
}
addList('derived:debian:bullseye', [...bullseyeMinbase].sort(), 'DERIVED: Priority: required packages of the bullseye index plus the Depends closure of apt (the rule reproduces the published debian:bookworm-slim and debian:trixie-slim lists exactly)', true);
const debianList = (r) => (r === 'bullseye' || r === 'buster' ? 'derived:debian:bullseye' : `debian:${r}-slim`);
for (const r of ['bullseye', 'bookworm', 'trixie']) {
  for (const tag of [r, `${r}-slim`]) {
    const rec = get('debian', tag);
    if (rec && !rec.packageList) rec.packageList = debianList(r);
  }
}

// python:*-slim adds the libraries CPython links against; bookworm's 17 and trixie's 9 extra names
// are known. For bullseye the bookworm names are moved to bullseye's library generations
// (libssl3 → libssl1.1) and closed over the bullseye index.
const PY_EXTRA_BOOKWORM = lists['python:3.12-slim-bookworm'].names.filter((n) => !lists['debian:bookworm-slim'].names.includes(n));
const pyExtraBullseye = PY_EXTRA_BOOKWORM.map((n) => (n === 'libssl3' ? 'libssl1.1' : n)).filter((n) => indexes.bullseye.pkgs.has(n));
const pyBullseye = new Set([...bullseyeMinbase, ...dependsClosure(indexes.bullseye, pyExtraBullseye, bullseyeMinbase)]);
addList('derived:python-slim:bullseye', [...pyBullseye].sort(), `DERIVED: the bullseye minbase list plus python:3.12-slim-bookworm's ${PY_EXTRA_BOOKWORM.length} extra packages (${PY_EXTRA_BOOKWORM.join(', ')}), libssl3 → libssl1.1, closed over the bullseye index`, true);

// --- 3. derived records ---------------------------------------------------------------------
const derive = (rec) => put({ estimated: true, compressedBytes: null, appVersion: null, ...rec });
const range = (bytes, frac, extra = 0) => [Math.round(bytes * (1 - frac) - extra), Math.round(bytes * (1 + frac) + extra)];
const fmt = (b) => `${(b / MB).toFixed(1)} MB`;

// debian:buster(-slim): no local figure. slim = python:3.10-slim-buster − python 3.11's slim add-on
// on bookworm; full = slim + the mean full−slim difference of the three known releases.
const pyAddOn = (line, r) => mbOf('python', `${line}-slim-${r}`) - mbOf('debian', `${r}-slim`);
const fullMinusSlim = ['bullseye', 'bookworm', 'trixie'].map((r) => mbOf('debian', r) - mbOf('debian', `${r}-slim`));
const meanFullMinusSlim = fullMinusSlim.reduce((a, b) => a + b) / fullMinusSlim.length;
{
  const slim = mbOf('python', '3.10-slim-buster') - pyAddOn('3.11', 'bookworm');
  const [lowBytes, highBytes] = range(slim, 0.1);
  derive({ image: 'debian', tag: 'buster-slim', os: 'debian', release: 'buster', osVersion: 'buster', unpackedBytes: Math.round(slim), lowBytes, highBytes,
    derivation: `python:3.10-slim-buster (${fmt(mbOf('python', '3.10-slim-buster'))}) − python 3.11's add-on over debian:bookworm-slim (${fmt(pyAddOn('3.11', 'bookworm'))}); ±10%`,
    packageList: debianList('buster'), packagesNote: 'bullseye-derived list (buster has no index on the mirrors)', source: 'derived' });
  const full = slim + meanFullMinusSlim;
  const [lo, hi] = range(full, 0.1);
  derive({ image: 'debian', tag: 'buster', os: 'debian', release: 'buster', osVersion: 'buster', unpackedBytes: Math.round(full), lowBytes: lo, highBytes: hi,
    derivation: `debian:buster-slim (derived) + mean full−slim difference of debian bullseye/bookworm/trixie (${fmt(meanFullMinusSlim)}); ±10%`,
    packageList: debianList('buster'), packagesNote: 'bullseye-derived list', source: 'derived' });
}

// python:X-slim-R. Known add-ons over debian:R-slim per release; an unknown line takes the add-on
// of the nearest known line on that release. Lines before 3.12 also ship setuptools and wheel, so
// when the nearest known line is 3.12+ the bookworm 3.11−3.12 difference is added.
const pyLineNum = (l) => Number(l.split('.')[1]);
const setuptoolsDelta = pyAddOn('3.11', 'bookworm') - pyAddOn('3.12', 'bookworm');
const measured = (image, tag) => (get(image, tag) && !get(image, tag).estimated ? get(image, tag).unpackedBytes : undefined);
const knownSlimLines = (r) => PYTHON_LINES.filter((l) => measured('python', `${l}-slim-${r}`) && measured('debian', `${r}-slim`));
function pythonSlimAddOn(line, r) {
  const src = knownSlimLines(r).length ? r : 'bookworm';
  const nearest = knownSlimLines(src).sort((a, b) => Math.abs(pyLineNum(a) - pyLineNum(line)) - Math.abs(pyLineNum(b) - pyLineNum(line)) || pyLineNum(b) - pyLineNum(a))[0];
  let addOn = pyAddOn(nearest, src);
  let note = `python:${nearest}-slim-${src} − debian:${src}-slim (${fmt(addOn)})`;
  if (pyLineNum(line) < 12 && pyLineNum(nearest) >= 12) {
    addOn += setuptoolsDelta;
    note += ` + setuptools/wheel that lines before 3.12 ship (bookworm 3.11−3.12 difference, ${fmt(setuptoolsDelta)})`;
  }
  return { addOn, note, crossRelease: src !== r };
}

const pySlimList = (r) => (r === 'bookworm' ? 'python:3.12-slim-bookworm' : r === 'trixie' ? 'python:3.12-slim-trixie' : 'derived:python-slim:bullseye');
const pyFullList = (r) => (r === 'bookworm' ? 'python:3.12-bookworm' : pySlimList(r));
const neverPublished = (line, r) =>
  (r === 'buster' && pyLineNum(line) >= 12) || (r === 'trixie' && pyLineNum(line) <= 8)
    ? 'docker-library never published this tag (the Python line and the Debian release were not supported at the same time); figures describe what it would be'
    : undefined;

for (const r of DEBIAN) {
  for (const line of PYTHON_LINES) {
    const tag = `${line}-slim-${r}`;
    const existing = get('python', tag);
    if (existing?.unpackedBytes) continue;
    let bytes;
    let derivation;
    let frac = 0.08;
    const sibling = r === 'buster' ? PYTHON_LINES.map((l) => get('python', `${l}-slim-buster`)).find((x) => x?.unpackedBytes && x.compressedBytes) : undefined;
    if (existing?.compressedBytes && sibling) {
      const ratio = sibling.unpackedBytes / sibling.compressedBytes;
      bytes = existing.compressedBytes * ratio;
      derivation = `compressed size ${fmt(existing.compressedBytes)} × unpacked/compressed ratio ${ratio.toFixed(3)} of python:${sibling.tag} (same release and variant, same era); ±5%`;
      frac = 0.05;
    } else {
      const base = get('debian', `${r}-slim`);
      const { addOn, note, crossRelease } = pythonSlimAddOn(line, r);
      bytes = base.unpackedBytes + addOn;
      derivation = `debian:${r}-slim (${fmt(base.unpackedBytes)}${base.estimated ? ', derived' : ''}) + ${note}`;
      frac = crossRelease || base.estimated ? 0.15 : 0.08;
      derivation += `; ±${Math.round(frac * 100)}%`;
    }
    const [lowBytes, highBytes] = range(bytes, frac);
    const fields = { unpackedBytes: Math.round(bytes), lowBytes, highBytes, estimated: true, derivation };
    if (existing) Object.assign(existing, fields);
    else derive({ image: 'python', tag, os: 'debian', release: r, osVersion: r, ...fields, source: 'derived' });
  }
}

// python:X-R (full) = a known full record of the same release + the slim difference between the
// two lines (same buildpack-deps base). bullseye has no full figure: its buildpack-deps part is
// interpolated between buster's and bookworm's.
const fullExtra = (line, r) => mbOf('python', `${line}-${r}`) - mbOf('python', `${line}-slim-${r}`);
const knownFullLines = (r) => PYTHON_LINES.filter((l) => get('python', `${l}-${r}`)?.unpackedBytes && !get('python', `${l}-${r}`).estimated);
for (const r of DEBIAN) {
  const knownLines = knownFullLines(r);
  for (const line of PYTHON_LINES) {
    const tag = `${line}-${r}`;
    if (get('python', tag)?.unpackedBytes) continue;
    const slim = get('python', `${line}-slim-${r}`);
    let bytes;
    let derivation;
    let frac = 0.05;
    if (knownLines.length) {
      const ref = knownLines.sort((a, b) => Math.abs(pyLineNum(a) - pyLineNum(line)) - Math.abs(pyLineNum(b) - pyLineNum(line)) || pyLineNum(b) - pyLineNum(a))[0];
      const refSlim = get('python', `${ref}-slim-${r}`);
      bytes = mbOf('python', `${ref}-${r}`) + (slim.unpackedBytes - refSlim.unpackedBytes);
      derivation = `python:${ref}-${r} (${fmt(mbOf('python', `${ref}-${r}`))}) + (python:${line}-slim-${r} − python:${ref}-slim-${r}) (${fmt(slim.unpackedBytes - refSlim.unpackedBytes)})`;
    } else {
      const extra = (fullExtra('3.10', 'buster') + fullExtra('3.12', 'bookworm')) / 2;
      bytes = slim.unpackedBytes + extra;
      derivation = `python:${line}-slim-${r} (${fmt(slim.unpackedBytes)}) + buildpack-deps part interpolated between buster (${fmt(fullExtra('3.10', 'buster'))}) and bookworm (${fmt(fullExtra('3.12', 'bookworm'))})`;
      frac = 0.1;
    }
    derivation += `; ±${Math.round(frac * 100)}%`;
    const [lowBytes, highBytes] = range(bytes, frac);
    const fields = { unpackedBytes: Math.round(bytes), lowBytes, highBytes, estimated: true, derivation };
    const existing = get('python', tag);
    if (existing) Object.assign(existing, fields);
    else derive({ image: 'python', tag, os: 'debian', release: r, osVersion: r, ...fields, source: 'derived' });
  }
}

// python:X-alpine: known for 3.11–3.14 (Alpine 3.24); others take the nearest known line.
const alpinePy = PYTHON_LINES.filter((l) => measured('python', `${l}-alpine`));
for (const line of PYTHON_LINES) {
  if (get('python', `${line}-alpine`)) continue;
  const ref = alpinePy.slice().sort((a, b) => Math.abs(pyLineNum(a) - pyLineNum(line)) - Math.abs(pyLineNum(b) - pyLineNum(line)))[0];
  const bytes = mbOf('python', `${ref}-alpine`);
  const [lowBytes, highBytes] = range(bytes, 0.15);
  derive({ image: 'python', tag: `${line}-alpine`, os: 'alpine', release: get('python', `${ref}-alpine`).release, osVersion: get('python', `${ref}-alpine`).osVersion, unpackedBytes: bytes, lowBytes, highBytes,
    derivation: `same as python:${ref}-alpine (nearest line with a figure); ±15%`, packageList: `python:${ref}-alpine`, source: 'derived' });
}

// Python package lists and metadata for every python record.
for (const rec of records.filter((x) => x.image === 'python')) {
  const m = /^(\d+\.\d+)(?:-(slim))?(?:-(alpine))?(?:-(\w+))?$/.exec(rec.tag);
  if (!m) continue;
  const [, line, slim, alpine] = m;
  rec.appLine = line;
  rec.variant = alpine ? 'alpine' : slim ? 'slim' : 'full';
  if (rec.os === 'debian' && !rec.packageList) {
    rec.packageList = rec.variant === 'slim' ? pySlimList(rec.release) : pyFullList(rec.release);
    if (!(rec.variant === 'full' && rec.release === 'bookworm')) {
      rec.packagesNote = `list of ${rec.packageList}${lists[rec.packageList].complete ? '' : ' (a subset)'}; docker-library builds every line of a release from the same template`;
    }
  }
  if (rec.variant === 'full' && rec.os === 'debian' && rec.release !== 'bookworm') {
    rec.packagesComplete = false;
    rec.packagesNote = `only the slim image's packages are known; the full image (buildpack-deps) has several hundred more`;
  }
  const never = rec.os === 'debian' ? neverPublished(line, rec.release) : undefined;
  if (never) rec.tagNeverPublished = never;
  rec.alternatives = {
    ...(rec.variant === 'full' && rec.os === 'debian' ? { slim: `python:${line}-slim-${rec.release}` } : {}),
    ...(rec.variant !== 'alpine' ? { alpine: `python:${line}-alpine` } : {}),
    ...(rec.os === 'debian' && rec.release !== 'trixie' ? { newerRelease: `python:${line}-${rec.variant === 'slim' ? 'slim-' : ''}trixie` } : {}),
  };
}

// node. slim = debian:R-slim + node's add-on (node, npm, yarn under /usr/local): measured for 22 on
// bookworm and 24 on trixie; other majors take the nearest. full = buildpack-deps:R (python:3.12-R
// minus python's slim add-on; that still holds python's tk-dev/libbluetooth-dev/uuid-dev, so the
// range reaches 5% lower) + node's add-on. alpine: node:22-alpine for every major.
const nodeAddOns = [
  { major: 22, release: 'bookworm', addOn: mbOf('node', '22-bookworm-slim') - mbOf('debian', 'bookworm-slim') },
  { major: 24, release: 'trixie', addOn: mbOf('node', '24-trixie-slim') - mbOf('debian', 'trixie-slim') },
];
const nearestNode = (major) => nodeAddOns.slice().sort((a, b) => Math.abs(a.major - major) - Math.abs(b.major - major) || b.major - a.major)[0];
const buildpackDeps = (r) => {
  const full = get('python', `3.12-${r}`);
  const slim = get('python', `3.12-slim-${r}`);
  return { bytes: full.unpackedBytes - (slim.unpackedBytes - get('debian', `${r}-slim`).unpackedBytes), estimatedInput: full.estimated || slim.estimated };
};
for (const major of NODE_LINES.map(Number)) {
  const ref = nearestNode(major);
  for (const r of ['bullseye', 'bookworm', 'trixie']) {
    const slimTag = `${major}-${r}-slim`;
    if (!get('node', slimTag)) {
      const base = get('debian', `${r}-slim`).unpackedBytes;
      const bytes = base + ref.addOn;
      const frac = major === ref.major ? 0.05 : 0.15;
      const [lowBytes, highBytes] = range(bytes, frac);
      derive({ image: 'node', tag: slimTag, os: 'debian', release: r, osVersion: r, unpackedBytes: Math.round(bytes), lowBytes, highBytes,
        derivation: `debian:${r}-slim (${fmt(base)}) + node ${ref.major}'s add-on measured on ${ref.release} (${fmt(ref.addOn)}); ±${frac * 100}%`, source: 'derived' });
    }
    const fullTag = `${major}-${r}`;
    const bpd = buildpackDeps(r);
    const bytes = bpd.bytes + ref.addOn;
    const frac = bpd.estimatedInput || major !== ref.major ? 0.12 : 0.06;
    derive({ image: 'node', tag: fullTag, os: 'debian', release: r, osVersion: r, unpackedBytes: Math.round(bytes), lowBytes: Math.round(bytes * (1 - frac - 0.05)), highBytes: Math.round(bytes * (1 + frac)),
      derivation: `buildpack-deps:${r} ≈ python:3.12-${r} − python 3.12's slim add-on (${fmt(bpd.bytes)}) + node ${ref.major}'s add-on (${fmt(ref.addOn)}); −${Math.round((frac + 0.05) * 100)}%/+${Math.round(frac * 100)}%`, source: 'derived' });
  }
  if (!get('node', `${major}-alpine`)) {
    const bytes = mbOf('node', '22-alpine');
    const frac = major === 22 ? 0.05 : 0.15;
    const [lowBytes, highBytes] = range(bytes, frac);
    derive({ image: 'node', tag: `${major}-alpine`, os: 'alpine', release: get('node', '22-alpine').release, osVersion: get('node', '22-alpine').osVersion, unpackedBytes: bytes, lowBytes, highBytes,
      derivation: `same as node:22-alpine (${fmt(bytes)}); ±${frac * 100}%`, packageList: 'node:22-alpine', source: 'derived' });
  }
}
for (const rec of records.filter((x) => x.image === 'node')) {
  const m = /^(\d+)(?:-(\w+?))?(?:-(slim))?$/.exec(rec.tag);
  if (!m) continue;
  const [, major, rel, slim] = m;
  rec.appLine = major;
  rec.variant = rel === 'alpine' ? 'alpine' : slim ? 'slim' : 'full';
  if (rec.os === 'debian' && !rec.packageList) {
    rec.packageList = debianList(rec.release);
    if (rec.variant === 'full') {
      rec.packagesComplete = false;
      rec.packagesNote = 'only the debian base packages are known; buildpack-deps adds several hundred more';
    } else if (rec.tag !== '22-bookworm-slim') {
      rec.packagesNote = 'INFERRED: node:22-bookworm-slim has exactly the debian:bookworm-slim set (node lives in /usr/local); the same holds for other releases';
    }
  }
  rec.alternatives = {
    ...(rec.variant === 'full' ? { slim: `node:${major}-${rec.release}-slim` } : {}),
    ...(rec.variant !== 'alpine' ? { alpine: `node:${major}-alpine` } : {}),
  };
}

// golang: 1.26 measured on bookworm, trixie and alpine 3.24; other lines take those (±10%).
for (const line of GO_LINES) {
  for (const [suffix, ref] of [['bookworm', '1.26-bookworm'], ['trixie', '1.26-trixie'], ['alpine', '1.26-alpine3.24']]) {
    const tag = `${line}-${suffix}`;
    if (get('golang', tag) || (line === '1.26' && suffix === 'alpine')) continue;
    const src = get('golang', ref);
    const [lowBytes, highBytes] = range(src.unpackedBytes, 0.1);
    derive({ image: 'golang', tag, os: src.os, release: src.release, osVersion: src.osVersion, unpackedBytes: src.unpackedBytes, lowBytes, highBytes,
      derivation: `same as golang:${ref} (${fmt(src.unpackedBytes)}): the Go toolchain's size changes little between releases; ±10%`, ...(src.packageList ? { packageList: src.packageList } : {}), source: 'derived' });
  }
}
for (const rec of records.filter((x) => x.image === 'golang')) {
  rec.appLine = rec.tag.split('-')[0];
  rec.variant = rec.os === 'alpine' ? 'alpine' : 'full';
  if (rec.os === 'debian' && !rec.packageList) {
    rec.packageList = debianList(rec.release);
    rec.packagesComplete = false;
    rec.packagesNote = 'only the debian base packages are known; golang images add buildpack-deps:scm, gcc, libc6-dev, make and pkg-config';
  }
  rec.alternatives = { runtime: 'gcr.io/distroless/static-debian12', note: 'build in this image, copy the binary into a distroless or scratch stage' };
}

// alpine: 3.22 measured unpacked; 3.21/3.23/3.24 have compressed sizes (× 3.22's ratio); 3.19/3.20
// take 3.21's figure.
{
  const a22 = get('alpine', '3.22');
  const ratio = a22.unpackedBytes / a22.compressedBytes;
  for (const v of ['3.21', '3.23', '3.24']) {
    const rec = get('alpine', v);
    const bytes = rec.compressedBytes * ratio;
    const [lowBytes, highBytes] = range(bytes, 0.08);
    Object.assign(rec, { unpackedBytes: Math.round(bytes), lowBytes, highBytes, estimated: true, derivation: `compressed ${fmt(rec.compressedBytes)} × alpine:3.22's unpacked/compressed ratio ${ratio.toFixed(3)}; ±8%`, packageList: 'alpine:3.22', packagesNote: 'alpine:3.22 list (the minirootfs package set changes little between branches)' });
  }
  for (const v of ['3.19', '3.20']) {
    const src = get('alpine', '3.21');
    const [lowBytes, highBytes] = range(src.unpackedBytes, 0.12);
    derive({ image: 'alpine', tag: v, os: 'alpine', release: v, osVersion: v, unpackedBytes: src.unpackedBytes, lowBytes, highBytes, derivation: `same as alpine:3.21 (derived, ${fmt(src.unpackedBytes)}); ±12%`, packageList: 'alpine:3.22', source: 'derived' });
  }
  for (const rec of records.filter((x) => x.image === 'alpine')) rec.variant = 'alpine';
}

// ubuntu: 22.04/24.04 measured; 20.04 takes 22.04's figure.
{
  const src = get('ubuntu', '22.04');
  const [lowBytes, highBytes] = range(src.unpackedBytes, 0.12);
  derive({ image: 'ubuntu', tag: '20.04', os: 'ubuntu', release: '20.04', osVersion: '20.04 (focal)', unpackedBytes: src.unpackedBytes, lowBytes, highBytes, derivation: `same as ubuntu:22.04 (${fmt(src.unpackedBytes)}); ±12%`, source: 'derived' });
  for (const rec of records.filter((x) => x.image === 'ubuntu')) {
    rec.variant = 'full';
    rec.alternatives = { slim: 'debian:trixie-slim' };
  }
}
for (const rec of records.filter((x) => x.image === 'debian')) {
  rec.variant = rec.tag.endsWith('-slim') ? 'slim' : 'full';
  rec.alternatives = rec.variant === 'full' ? { slim: `debian:${rec.release}-slim` } : {};
}

// distroless: static's size is a README claim; base/cc/python3 add Debian packages whose
// Installed-Size sum is taken from the index of the matching release (bullseye for -debian11).
{
  const claim = shared.find((r) => r.image.startsWith('gcr.io/distroless/'));
  const staticBytes = 2 * 1024 * 1024;
  const SETS = {
    static: [],
    'base-nossl': ['libc6'],
    base: ['libc6', 'libssl3', 'openssl'],
    cc: ['libc6', 'libssl3', 'openssl', 'libgcc-s1', 'libstdc++6', 'libgomp1'],
    python3: ['libc6', 'libssl3', 'openssl', 'libgcc-s1', 'libstdc++6', 'libgomp1', 'python3-minimal'],
  };
  const DEB = { 11: 'bullseye', 12: 'bookworm', 13: 'trixie' };
  for (const [flavor, names] of Object.entries(SETS)) {
    for (const [n, r] of Object.entries(DEB)) {
      const idx = indexes[r];
      const mapped = names.map((x) => (r === 'bullseye' && x === 'libssl3' ? 'libssl1.1' : r === 'trixie' && x === 'libssl3' ? 'libssl3t64' : x)).filter((x) => idx.pkgs.has(x));
      const closure = mapped.length ? dependsClosure(idx, mapped, new Set(), new Set()) : new Set();
      // distroless images carry no shell, dpkg or apt: keep only the libraries and programs named
      // above plus their library dependencies, not the Essential tools they would drag in.
      const keep = [...closure].filter((x) => mapped.includes(x) || /^lib|^python3|^openssl|^ca-certificates|^tzdata|^netbase/.test(x));
      const kib = sumKiB(idx, keep);
      const bytes = staticBytes + kib * 1024;
      const frac = flavor === 'static' ? 0.5 : 0.25;
      derive({ image: `gcr.io/distroless/${flavor}-debian${n}`, tag: 'latest', os: 'distroless', release: r, osVersion: `debian${n}`, unpackedBytes: Math.round(bytes),
        lowBytes: Math.round(bytes * (1 - frac)), highBytes: Math.round(bytes * (1 + frac)), variant: 'distroless',
        derivation: flavor === 'static'
          ? `README claim "${claim?.approxSizeClaim ?? 'around 2 MiB'}" (not a measurement); ±50%`
          : `static (~2 MiB, README claim) + Σ Installed-Size of ${keep.length} ${r} packages (${keep.join(', ')}); ±25%`,
        source: claim?.source ?? 'GoogleContainerTools/distroless README', aliases: ['nonroot', 'debug', 'debug-nonroot'], packagesNote: 'no package manager; dpkg status files list the packages' });
    }
  }
}

// scratch is Docker's reserved empty image.
put({ image: 'scratch', tag: 'latest', os: 'none', release: 'none', variant: 'distroless', unpackedBytes: 0, lowBytes: 0, highBytes: 0, compressedBytes: 0, estimated: false,
  source: 'Docker reserved name: FROM scratch starts from an empty filesystem (https://docs.docker.com/build/building/base-images/)' });

// --- 4. end-of-life and metadata for every record -------------------------------------------
for (const rec of records) {
  const eol = {};
  if ((rec.os === 'debian' || rec.os === 'distroless') && LIFECYCLE.debian.releases[rec.release]) {
    const d = LIFECYCLE.debian.releases[rec.release];
    eol.os = { name: `Debian ${d.version} (${rec.release})`, date: d.eol, what: d.what, source: LIFECYCLE.debian.source };
  }
  if (rec.os === 'alpine' && LIFECYCLE.alpine.releases[rec.release]) eol.os = { name: `Alpine ${rec.release}`, date: LIFECYCLE.alpine.releases[rec.release], what: 'end of support', source: LIFECYCLE.alpine.source };
  if (rec.os === 'ubuntu' && LIFECYCLE.ubuntu.releases[rec.release]) eol.os = { name: `Ubuntu ${rec.release}`, date: LIFECYCLE.ubuntu.releases[rec.release], what: 'end of standard support', source: LIFECYCLE.ubuntu.source };
  if (rec.image === 'python' && LIFECYCLE.python.releases[rec.appLine]) eol.app = { name: `Python ${rec.appLine}`, date: LIFECYCLE.python.releases[rec.appLine], what: 'end of life', source: LIFECYCLE.python.source };
  if (rec.image === 'node' && LIFECYCLE.node.releases[rec.appLine]) eol.app = { name: `Node.js ${rec.appLine}`, date: LIFECYCLE.node.releases[rec.appLine], what: 'end of life', source: LIFECYCLE.node.source };
  if (Object.keys(eol).length) rec.eol = eol;
}

// Tags that name the same image as a record (at the data's date).
const aliasesOf = (rec) => {
  const out = new Set(rec.aliases ?? []);
  const { image, appLine: line, variant, release } = rec;
  if (image === 'python' && rec.os === 'debian' && (DEFAULT_RELEASE.python[line] ?? DEFAULT_RELEASE.python._) === release) out.add(variant === 'slim' ? `${line}-slim` : line);
  if (image === 'node' && rec.os === 'debian' && (DEFAULT_RELEASE.node[line] ?? DEFAULT_RELEASE.node._) === release) {
    out.add(variant === 'slim' ? `${line}-slim` : line);
    if (NODE_CODENAMES[line]) out.add(variant === 'slim' ? `${NODE_CODENAMES[line]}-slim` : NODE_CODENAMES[line]);
  }
  if (image === 'node' && variant === 'alpine' && NODE_CODENAMES[line]) out.add(`${NODE_CODENAMES[line]}-alpine`);
  if (image === 'golang' && rec.os === 'debian' && (DEFAULT_RELEASE.golang[line] ?? DEFAULT_RELEASE.golang._) === release) out.add(line);
  if (image === 'golang' && variant === 'alpine' && rec.tag !== `${line}-alpine`) out.add(`${line}-alpine`);
  if (image === 'debian') {
    const n = LIFECYCLE.debian.releases[release]?.version;
    if (n) out.add(variant === 'slim' ? `${n}-slim` : n);
  }
  if (image === 'ubuntu') out.add({ '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' }[rec.release]);
  return [...out].filter((a) => a && a !== rec.tag).sort();
};
for (const rec of records) {
  const a = aliasesOf(rec);
  if (a.length) rec.aliases = a;
  else delete rec.aliases;
}

const LATEST = {
  python: { line: '3.14', release: 'trixie' },
  node: { line: '24', release: 'trixie' },
  golang: { line: '1.26', release: 'trixie' },
  debian: { release: 'trixie' },
  ubuntu: { release: '24.04' },
  alpine: { release: '3.24' },
};

const KEY_ORDER = ['image', 'tag', 'aliases', 'os', 'release', 'osVersion', 'variant', 'appLine', 'appVersion', 'unpackedBytes', 'lowBytes', 'highBytes', 'compressedBytes', 'estimated', 'derivation', 'tagNeverPublished', 'packageList', 'packagesComplete', 'packagesNote', 'eol', 'alternatives', 'source', 'measuredOn', 'asOf'];
const ordered = (rec) => Object.fromEntries(KEY_ORDER.filter((k) => rec[k] !== undefined).map((k) => [k, rec[k]]).concat(Object.entries(rec).filter(([k]) => !KEY_ORDER.includes(k))));
records.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : a.tag.localeCompare(b.tag, 'en', { numeric: true })));

const out = {
  format: 'dockerlean-base-images/1',
  generatedAt,
  generator: 'scripts/data/base-images.mjs',
  units: 'bytes. unpackedBytes = on-disk size of all layers (repo-info "Virtual Size", decimal MB, rounded); compressedBytes = sum of the gzip layer blobs of the linux/amd64 manifest (exact). lowBytes..highBytes bound unpackedBytes: rounding and build drift for measured records, the stated derivation error for estimated ones.',
  sources: [
    'docker-library/repo-info (files and commits named in each record), collected into /work/shared/data/base-images.json on 2026-11-22',
    'Debian main/binary-amd64 Packages indexes (bullseye 2025-08-09, bookworm 2026-07-11, trixie 2026-09-12) for derived package lists and Installed-Size sums',
    'GoogleContainerTools/distroless README for the static image size claim',
  ],
  defaults: { release: DEFAULT_RELEASE, latest: LATEST },
  lifecycle: LIFECYCLE,
  records: records.map(ordered),
  packageLists: Object.fromEntries(Object.entries(lists).sort(([a], [b]) => (a < b ? -1 : 1))),
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${OUT}: ${records.length} records (${records.filter((r) => r.estimated).length} estimated), ${Object.keys(lists).length} package lists`);
