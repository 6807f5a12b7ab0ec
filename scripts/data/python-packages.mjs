#!/usr/bin/env node
// Generates server/data/python-packages.json from the shared python-wheels.tsv: the wheel pip
// would download for CPython 3.12 / manylinux x86_64 (exact bytes from uv.lock files, see the
// shared README), an ESTIMATED installed size, and the system libraries packages need at run
// time and when built from source.
//
//   node scripts/data/python-packages.mjs [--shared /work/shared/data] [--out server/data/python-packages.json]
//
// Installed size = wheel bytes × a factor. Nothing was installed to measure the factor, so it is
// an estimate with a range (see INSTALLED_FACTOR): a wheel is a deflate-compressed zip, Python
// source and text deflate about 3–4×, and pip also writes .pyc files (roughly another 0.5–1× of
// the source); compiled extension modules and bundled .so libraries deflate only about 2–3×.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : dflt);
// The shared facts sit beside the repository (../shared/data), as on every machine of the project.
const SHARED = opt('--shared', fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const OUT = opt('--out', join(root, 'server/data/python-packages.json'));
const generatedAt = (process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date()).toISOString().slice(0, 10);

export const INSTALLED_FACTOR = {
  pure: { factor: 3.0, low: 2.0, high: 5.0, why: 'pure-Python wheel: deflated source/text expands about 3–4× when unpacked, and pip byte-compiles it (.pyc) by default' },
  binary: { factor: 2.5, low: 1.8, high: 4.0, why: 'compiled wheel: machine code and bundled .so libraries deflate only about 2–3×; the Python part also gets .pyc files' },
  basis: 'ESTIMATE, not measured: no package was installed to derive it; the range is used as low/high',
};

// PEP 503 name normalisation, as pip compares names.
const norm = (n) => n.toLowerCase().replace(/[-_.]+/g, '-');

// Libraries a package needs from the OS. `runtime`: must be in the final image; `build`: needed
// only to compile it from the sdist (a build stage). Debian names are bookworm's; alpine names
// are the apk packages. `wheelBundles`: the manylinux wheel ships its own copy, so the system
// packages matter only when pip builds from source (e.g. on Alpine without a musllinux wheel, or
// with --no-binary).
const SYSTEM_LIBRARIES = {
  psycopg2: {
    runtime: { debian: ['libpq5'], alpine: ['libpq'] },
    build: { debian: ['libpq-dev', 'gcc', 'libc6-dev'], alpine: ['libpq-dev', 'gcc', 'musl-dev'] },
    wheelBundles: false,
    binaryAlternative: 'psycopg2-binary',
    note: 'no Linux wheel on PyPI: pip always builds it, which needs pg_config (libpq-dev) and a C compiler; the built module links libpq.so.5',
  },
  psycopg: {
    runtime: { debian: ['libpq5'], alpine: ['libpq'] },
    build: {},
    wheelBundles: false,
    binaryAlternative: 'psycopg-binary',
    note: 'the pure-Python psycopg 3 loads the system libpq at import time (install psycopg[binary] to get a bundled one)',
  },
  mysqlclient: {
    runtime: { debian: ['libmariadb3'], alpine: ['mariadb-connector-c'] },
    build: { debian: ['default-libmysqlclient-dev', 'pkg-config', 'gcc'], alpine: ['mariadb-connector-c-dev', 'pkgconf', 'gcc', 'musl-dev'] },
    wheelBundles: false,
    binaryAlternative: 'pymysql',
    note: 'no Linux wheel on PyPI: pip builds it against the MariaDB/MySQL client headers found with pkg-config',
  },
  lxml: {
    runtime: { debian: ['libxml2', 'libxslt1.1'], alpine: ['libxml2', 'libxslt'] },
    build: { debian: ['libxml2-dev', 'libxslt1-dev', 'gcc'], alpine: ['libxml2-dev', 'libxslt-dev', 'gcc', 'musl-dev'] },
    wheelBundles: true,
    note: 'manylinux and musllinux wheels bundle libxml2/libxslt; the system libraries matter when building from source',
  },
  pillow: {
    runtime: { debian: ['libjpeg62-turbo', 'zlib1g', 'libwebp7'], alpine: ['libjpeg-turbo', 'zlib', 'libwebp'] },
    build: { debian: ['libjpeg62-turbo-dev', 'zlib1g-dev', 'libwebp-dev', 'gcc'], alpine: ['libjpeg-turbo-dev', 'zlib-dev', 'libwebp-dev', 'gcc', 'musl-dev'] },
    wheelBundles: true,
    note: 'wheels bundle libjpeg, zlib, libwebp and more; from source (--no-binary or no matching wheel) JPEG and zlib support are required and the libraries must stay in the final image',
  },
  cffi: {
    runtime: { debian: ['libffi8'], alpine: ['libffi'] },
    build: { debian: ['libffi-dev', 'gcc'], alpine: ['libffi-dev', 'gcc', 'musl-dev'] },
    wheelBundles: true,
  },
  cryptography: {
    runtime: { debian: ['libssl3'], alpine: ['libssl3', 'libcrypto3'] },
    build: { debian: ['libssl-dev', 'libffi-dev', 'rustc', 'cargo', 'gcc', 'pkg-config'], alpine: ['openssl-dev', 'libffi-dev', 'rust', 'cargo', 'gcc', 'musl-dev', 'pkgconf'] },
    wheelBundles: true,
    note: 'abi3 wheels bundle OpenSSL; a source build needs a Rust toolchain',
  },
  pyyaml: {
    runtime: { debian: ['libyaml-0-2'], alpine: ['yaml'] },
    build: { debian: ['libyaml-dev', 'gcc'], alpine: ['yaml-dev', 'gcc', 'musl-dev'] },
    wheelBundles: true,
    note: 'optional: without libyaml the wheel falls back to the pure-Python parser',
  },
  numpy: { runtime: {}, build: { debian: ['gcc', 'g++', 'gfortran', 'libopenblas-dev'], alpine: ['gcc', 'g++', 'gfortran', 'openblas-dev', 'musl-dev'] }, wheelBundles: true, note: 'wheels bundle OpenBLAS (numpy.libs)' },
  scipy: { runtime: {}, build: { debian: ['gcc', 'g++', 'gfortran', 'libopenblas-dev'], alpine: ['gcc', 'g++', 'gfortran', 'openblas-dev', 'musl-dev'] }, wheelBundles: true },
  uvloop: { runtime: {}, build: { debian: ['gcc', 'make'], alpine: ['gcc', 'make', 'musl-dev'] }, wheelBundles: true, note: 'wheels bundle libuv' },
  grpcio: { runtime: {}, build: { debian: ['g++'], alpine: ['g++', 'linux-headers'] }, wheelBundles: true, note: 'a source build compiles gRPC core and takes a long time' },
  'opencv-python-headless': { runtime: {}, build: {}, wheelBundles: true, note: 'the wheel bundles FFmpeg and image codecs; the non-headless build also needs libgl1 and libglib2.0-0 at run time' },
};

function parseTsv(text) {
  const [head, ...lines] = text.split('\n').filter(Boolean);
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

const rows = parseTsv(readFileSync(join(SHARED, 'python-wheels.tsv'), 'utf8'));
const packages = {};
for (const r of rows) {
  const name = norm(r.package);
  const wheelBytes = r.wheel_bytes_approx ? Number(r.wheel_bytes_approx) : null;
  const pure = r.pure_python === 'yes';
  const f = pure ? INSTALLED_FACTOR.pure : INSTALLED_FACTOR.binary;
  packages[name] = {
    name: r.package,
    release: r.release,
    wheelFile: r.wheel_file || null,
    wheelBytes,
    wheelSizeBasis: r.size_basis,
    pure,
    sdistBytes: r.sdist_bytes ? Number(r.sdist_bytes) : null,
    installed: wheelBytes
      ? { bytes: Math.round(wheelBytes * f.factor), lowBytes: Math.round(wheelBytes * f.low), highBytes: Math.round(wheelBytes * f.high), estimated: true, factor: f.factor }
      : null,
    source: r.source,
    ...(r.notes ? { notes: r.notes } : {}),
    ...(SYSTEM_LIBRARIES[name] ? { systemLibraries: SYSTEM_LIBRARIES[name] } : {}),
  };
}
for (const name of Object.keys(SYSTEM_LIBRARIES)) if (!packages[name]) console.error(`warning: system-library entry ${name} has no wheel row`);

const out = {
  format: 'dockerlean-python-packages/1',
  generatedAt,
  generator: 'scripts/data/python-packages.mjs',
  source: 'python-wheels.tsv (2026-11-22): wheel sizes from public uv.lock files (PyPI-reported bytes) and 3 pip download logs; the wheel pip picks for CPython 3.12, manylinux x86_64, glibc 2.36',
  installedFactor: INSTALLED_FACTOR,
  caveats: [
    'Sizes are for the package alone; pip also installs its dependencies.',
    'Without --no-cache-dir (or PIP_NO_CACHE_DIR) pip keeps a copy of every download in ~/.cache/pip in the same layer.',
    'torch from PyPI is the CUDA build; on Linux it pulls nvidia-* wheels of about 2.2 GB more (see notes).',
    'Alpine uses musllinux wheels or builds from source; these sizes are for glibc wheels.',
  ],
  packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1))),
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${OUT}: ${Object.keys(packages).length} packages`);
