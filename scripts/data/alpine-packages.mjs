#!/usr/bin/env node
// Generates server/data/alpine-packages.json from the shared alpine-packages.tsv (installed sizes
// from Alpine package pages and `apk info` output in docker-library/repo-info) and
// alpine-apk-totals.tsv (`OK: N MiB in M packages` lines of public build logs).
//
//   node scripts/data/alpine-packages.mjs [--shared /work/shared/data] [--out server/data/alpine-packages.json]
//
// Everything here is an estimate for the purpose of `apk add`: per-package sizes come from a sample
// of branches and architectures (each row keeps its own), and the sizes of common sets were
// derived by the data collector from differences of apk totals (see the shared README).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : dflt);
// The shared facts sit beside the repository (../shared/data), as on every machine of the project.
const SHARED = opt('--shared', fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const OUT = opt('--out', join(root, 'server/data/alpine-packages.json'));
const generatedAt = (process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date()).toISOString().slice(0, 10);
const MiB = 1024 * 1024;

function parseTsv(text) {
  const [head, ...lines] = text.split('\n').filter(Boolean);
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

// Precision of each kind of figure, as the shared README describes it.
function uncertainty(row) {
  const bytes = Number(row.installed_size_bytes);
  if (/^apk info/.test(row.size_basis)) {
    const unit = bytes < 10000 ? 1 : bytes < 10000 * 1024 ? 1024 : MiB;
    return unit;
  }
  const unit = /MiB/.test(row.installed_size_printed) ? MiB : /KiB/.test(row.installed_size_printed) ? 1024 : 1;
  return unit * 0.05;
}

const rows = parseTsv(readFileSync(join(SHARED, 'alpine-packages.tsv'), 'utf8'));
const packages = {};
for (const r of rows) {
  if (r.installed_size_bytes === '') continue;
  const bytes = Number(r.installed_size_bytes);
  const slack = uncertainty(r);
  (packages[r.package] ??= []).push({
    version: r.version,
    branch: r.branch,
    arch: r.arch,
    installedBytes: bytes,
    lowBytes: Math.max(0, Math.round(bytes - slack)),
    highBytes: Math.round(bytes + slack),
    ...(r.package_size_bytes ? { packageBytes: Number(r.package_size_bytes) } : {}),
    ...(r.depends ? { depends: r.depends } : {}),
    sizeBasis: r.size_basis,
    source: r.source,
    ...(r.notes ? { notes: r.notes } : {}),
  });
}
for (const list of Object.values(packages)) list.sort((a, b) => (a.arch === 'x86_64' ? 0 : 1) - (b.arch === 'x86_64' ? 0 : 1) || b.branch.localeCompare(a.branch, 'en', { numeric: true }));

const totals = parseTsv(readFileSync(join(SHARED, 'alpine-apk-totals.tsv'), 'utf8')).map((t) => ({
  baseImage: t.base_image,
  command: t.apk_add_command,
  reportedTotal: t.reported_total,
  packageCount: Number(t.package_count) || null,
  branch: t.branch,
  arch: t.arch,
  packagesAdded: t.packages_added,
  source: t.source,
  ...(t.notes ? { notes: t.notes } : {}),
}));

// Sets whose added size was derived from differences of apk totals (shared README, "Derived figures").
const SETS = {
  'build-base': { addedBytes: 237 * MiB, lowBytes: 234 * MiB, highBytes: 240 * MiB, branch: 'v3.22', packagesAdded: 37, derivation: 'apk totals: bare alpine:3.22 (≈8 MiB, 16 packages) → +gcc 162 MiB → rust alpine3.22 base + build-base pkgconfig openssl-dev 247 MiB; build-base ≈ 237 MiB added, ±3 MiB' },
  gcc: { addedBytes: 154 * MiB, lowBytes: 153 * MiB, highBytes: 155 * MiB, branch: 'v3.22', packagesAdded: 12, derivation: 'apk add gcc on alpine:3.22.2: 162 MiB total − 8 MiB base', otherBranches: { 'v3.23': { addedBytes: 180 * MiB, derivation: 'gcc 15.2 set on 3.23 (gcc alone 163 MiB, apk info)' } } },
  'postgresql-dev': { addedBytes: 400 * MiB, lowBytes: 380 * MiB, highBytes: 450 * MiB, branch: 'v3.22', derivation: 'postgresql17-dev pulls clang/llvm/icu-dev: 611 MiB total vs 247 MiB for the same base with build-base; "roughly 400+ MiB"' },
  'python3-dev': { addedBytes: Math.round(100.5 * MiB), lowBytes: 58 * MiB, highBytes: Math.round(113.2 * MiB), branch: 'v3.24', derivation: 'x86_64 3.24 page 100.5 MiB; other branches/arches 58.0–113.2 MiB' },
};

// Names that resolve to another package on 3.20+ (virtuals and renames).
const ALIASES = {
  'postgresql-libs': 'libpq',
  'jpeg-dev': 'libjpeg-turbo-dev',
  'libressl-dev': 'openssl-dev',
  pkgconfig: 'pkgconf',
  'py-pip': 'py3-pip',
};

const out = {
  format: 'dockerlean-alpine-packages/1',
  generatedAt,
  generator: 'scripts/data/alpine-packages.mjs',
  source: 'alpine-packages.tsv and alpine-apk-totals.tsv (2026-11-22): Alpine package pages, `apk info` sizes in docker-library/repo-info local files, and apk totals in public build logs; no Alpine mirror was reached',
  estimated: true,
  note: 'Sizes are per package (installedBytes) without dependencies unless a set says otherwise. Rows from other architectures or branches are kept only where no x86_64 figure exists; compiled packages differ by architecture.',
  packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1))),
  sets: SETS,
  aliases: ALIASES,
  totals,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${OUT}: ${Object.keys(packages).length} packages, ${totals.length} totals`);
