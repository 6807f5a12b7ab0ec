import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDebianIndex } from './debian-index';
import { normalizeRequestedName, resolveAptInstall, runtimeLibraryFor } from './apt-resolve';

const KiB = 1024;
const names = (r: { added: ReadonlyArray<{ name: string }> }): string[] => r.added.map((p) => p.name).sort();

const index = createDebianIndex(
  { release: 'synthetic' },
  {
    app: { installedKiB: 100, depends: 'liba (>= 1), libb | libc, mta', recommends: 'helper' },
    liba: { installedKiB: 10, depends: 'libcommon' },
    libb: { installedKiB: 20, depends: 'libcommon' },
    libc: { installedKiB: 5 },
    libcommon: { installedKiB: 1 },
    postfix: { installedKiB: 300, provides: 'mta', priority: 'extra' },
    exim4: { installedKiB: 200, provides: 'mta', priority: 'standard' },
    helper: { installedKiB: 50, depends: 'libhelper', recommends: 'app' },
    libhelper: { installedKiB: 7 },
    // a cycle: ping → pong → ping
    ping: { installedKiB: 3, depends: 'pong' },
    pong: { installedKiB: 4, preDepends: 'ping:any' },
    tool: { installedKiB: 8, depends: 'python3:any (>= 3.11), awk' },
    python3: { installedKiB: 30 },
    mawk: { installedKiB: 2, provides: 'awk' },
    gawk: { installedKiB: 3, provides: 'awk' },
    broken: { installedKiB: 1, depends: 'does-not-exist' },
    'libfoo-dev': { installedKiB: 9, source: 'foo', depends: 'libfoo1 (= 1.0-1), libfoo-common (= 1.0-1), libssl-dev' },
    libfoo1: { installedKiB: 11, source: 'foo' },
    'libfoo-common': { installedKiB: 1, source: 'foo' },
    'libssl-dev': { installedKiB: 2, source: 'openssl', depends: 'libssl3 (= 3)' },
    libssl3: { installedKiB: 6, source: 'openssl' },
    'libbar-dev': { installedKiB: 1, source: 'bar-defaults', depends: 'libbar2-dev' },
    'libbar2-dev': { installedKiB: 1, source: 'bar', depends: 'libbar2 (= 2)' },
    libbar2: { installedKiB: 4, source: 'bar' },
  },
);

test('closure follows Depends, takes the first available alternative and a provider for virtual names', () => {
  const r = resolveAptInstall(index, ['app'], { installRecommends: false }, new Set());
  // libb is the first alternative of "libb | libc"; exim4 (standard) wins over postfix (extra) for mta.
  assert.deepEqual(names(r), ['app', 'exim4', 'liba', 'libb', 'libcommon']);
  assert.equal(r.totalBytes, (100 + 10 + 20 + 1 + 200) * KiB);
  assert.equal(r.added.find((p) => p.name === 'app')?.reason, 'requested');
  assert.equal(r.added.find((p) => p.name === 'liba')?.reason, 'dependency');
  assert.equal(r.added.find((p) => p.name === 'liba')?.via, 'app');
  assert.deepEqual(r.unknown, []);
});

test('an alternative or provider that is already installed satisfies the relation', () => {
  const r = resolveAptInstall(index, ['app'], { installRecommends: false }, new Set(['libc', 'postfix', 'libcommon']));
  assert.deepEqual(names(r), ['app', 'liba']);
});

test('recommends are added only when enabled, with their own dependencies, and marked recommended', () => {
  const off = resolveAptInstall(index, ['app'], { installRecommends: false }, new Set());
  const on = resolveAptInstall(index, ['app'], { installRecommends: true }, new Set());
  assert.ok(!names(off).includes('helper'));
  assert.deepEqual(
    on.added.filter((p) => p.reason === 'recommended').map((p) => p.name).sort(),
    ['helper', 'libhelper'],
  );
  assert.equal(on.totalBytes - off.totalBytes, (50 + 7) * KiB);
});

test('cycles terminate and :any qualifiers are stripped', () => {
  const r = resolveAptInstall(index, ['ping'], { installRecommends: true }, new Set());
  assert.deepEqual(names(r), ['ping', 'pong']);
  const t = resolveAptInstall(index, ['tool'], { installRecommends: false }, new Set());
  // awk is virtual with two optional providers: the choice is stable (by priority, then name).
  assert.deepEqual(names(t), ['gawk', 'python3', 'tool']);
});

test('unknown requested names are reported, unsatisfiable dependencies listed, nothing throws', () => {
  const r = resolveAptInstall(index, ['nope', 'broken', 'libc=1.0-1', 'liba/bookworm-backports'], { installRecommends: true }, new Set());
  assert.deepEqual(r.unknown, ['nope']);
  assert.deepEqual(r.unresolved, ['broken → does-not-exist']);
  assert.deepEqual(names(r), ['broken', 'liba', 'libc', 'libcommon']);
});

test('installed requests add nothing and are listed as already installed', () => {
  const r = resolveAptInstall(index, ['libc'], { installRecommends: false }, ['libc']);
  assert.deepEqual(r.added, []);
  assert.deepEqual(r.alreadyInstalled, ['libc']);
  assert.equal(r.perRequested[0]?.status, 'installed');
});

test('per-requested attribution: own size, closure alone, and what only this request pulls in', () => {
  const r = resolveAptInstall(index, ['app', 'libb'], { installRecommends: false }, new Set());
  const app = r.perRequested.find((p) => p.name === 'app')!;
  const libb = r.perRequested.find((p) => p.name === 'libb')!;
  assert.equal(app.ownBytes, 100 * KiB);
  assert.equal(app.closureCount, 5);
  assert.equal(app.closureBytes, (100 + 10 + 20 + 1 + 200) * KiB);
  // libb and libcommon are needed by the other request too, so they are not exclusive to app.
  assert.deepEqual([...app.exclusive].sort(), ['app', 'exim4', 'liba']);
  assert.deepEqual(libb.exclusive, []);
  assert.equal(libb.closureBytes, (20 + 1) * KiB);
});

test('a virtual package can be requested by name', () => {
  const r = resolveAptInstall(index, ['awk'], { installRecommends: false }, new Set());
  assert.equal(r.perRequested[0]?.package, 'gawk');
  assert.deepEqual(names(r), ['gawk']);
  assert.equal(r.added[0]?.reason, 'requested');
});

test('normalizeRequestedName drops version pins, suites and architectures', () => {
  assert.equal(normalizeRequestedName('libpq-dev=15.3-0+deb12u1'), 'libpq-dev');
  assert.equal(normalizeRequestedName('curl/bookworm-backports'), 'curl');
  assert.equal(normalizeRequestedName('python3:amd64'), 'python3');
});

test('runtimeLibraryFor: same-source, non -dev dependencies; follows -dev indirection; [] otherwise', () => {
  assert.deepEqual(runtimeLibraryFor(index, 'libfoo-dev'), ['libfoo1']);
  assert.deepEqual(runtimeLibraryFor(index, 'libbar-dev'), ['libbar2']);
  assert.deepEqual(runtimeLibraryFor(index, 'libssl-dev'), ['libssl3']);
  assert.deepEqual(runtimeLibraryFor(index, 'app'), []);
  assert.deepEqual(runtimeLibraryFor(index, 'missing-dev'), []);
});
