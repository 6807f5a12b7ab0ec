// Checks the shipped data against real behaviour: the resolver against what apt installed in the
// calibration chroots, and the corrected estimates against published and measured layer sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRoot } from '../../../test/support/paths';
import { createSizeDataLoader } from './size-data-loader';
import { resolveAptInstall, runtimeLibraryFor } from '../core/size/apt-resolve';
import { correctAptInstall } from '../core/size/apt-correction';
import { lookupBaseImage } from '../core/size/base-images';

const loader = createSizeDataLoader(fromRoot('server/data'));
const bookworm = loader.debian('bookworm')!;
const slimBase = () => {
  const m = lookupBaseImage(loader.baseImages()!, { repository: 'debian', tag: 'bookworm-slim' })!;
  return new Set(m.packages);
};

test('runtimeLibraryFor on bookworm: -dev packages map to their runtime libraries', () => {
  const expected: Record<string, string> = {
    'libpq-dev': 'libpq5',
    'libjpeg62-turbo-dev': 'libjpeg62-turbo',
    'libxml2-dev': 'libxml2',
    'libmariadb-dev': 'libmariadb3',
    'zlib1g-dev': 'zlib1g',
    'libwebp-dev': 'libwebp7',
    'libjpeg-dev': 'libjpeg62-turbo',
    'default-libmysqlclient-dev': 'libmariadb3',
    'libssl-dev': 'libssl3',
    'libffi-dev': 'libffi8',
    'libxslt1-dev': 'libxslt1.1',
  };
  for (const [dev, lib] of Object.entries(expected)) assert.ok(runtimeLibraryFor(bookworm, dev).includes(lib), `${dev} → ${runtimeLibraryFor(bookworm, dev).join(',')}`);
  assert.deepEqual(runtimeLibraryFor(bookworm, 'libpq-dev'), ['libpq5']);
  assert.deepEqual(runtimeLibraryFor(bookworm, 'build-essential'), []);
  assert.deepEqual(runtimeLibraryFor(bookworm, 'not-a-package-dev'), []);
});

test('build-essential --no-install-recommends on debian:bookworm-slim', () => {
  const r = resolveAptInstall(bookworm, ['build-essential'], { installRecommends: false }, slimBase());
  assert.deepEqual(r.unknown, []);
  assert.deepEqual(r.unresolved, []);
  const own = r.perRequested[0]!;
  assert.equal(own.closureCount, r.added.length);
  // Σ Installed-Size of the bookworm index (2026-07-11): about 323 MB in 56 packages.
  assert.ok(r.totalBytes > 300e6 && r.totalBytes < 345e6, `Σ Installed-Size ${r.totalBytes}`);
  assert.ok(r.added.length >= 50 && r.added.length <= 62, `${r.added.length} packages`);
});

test('libpq-dev build-essential on a slim base: corrected estimate covers the 310 MB layer in the recipe note', () => {
  // /work/shared/notes/docker-engine-recipe.md: `apt-get install -y --no-install-recommends libpq-dev
  // build-essential && rm -rf /var/lib/apt/lists/*` on a minbase bookworm with the slim excludes made a
  // 310 MB layer (docker history, decimal MB).
  const r = resolveAptInstall(bookworm, ['libpq-dev', 'build-essential'], { installRecommends: false }, slimBase());
  const estimate = correctAptInstall(r.added, 'slim', loader.aptCalibration('bookworm'));
  assert.ok(estimate.lowBytes <= 310.5e6 && estimate.highBytes >= 309.5e6, `estimate ${estimate.lowBytes}–${estimate.highBytes} (${estimate.bytes}) vs 310 MB`);
  assert.ok(Math.abs(estimate.bytes - 310e6) / 310e6 < 0.08, `point estimate ${estimate.bytes} within 8% of 310 MB`);
});

test('the resolver picks the packages apt picked in the calibration chroots', (t) => {
  const calibration = loader.aptCalibration('bookworm');
  if (!calibration?.sets?.length) return t.skip('no calibration sets in server/data/calibration/apt-bookworm.json');
  for (const set of calibration.sets) {
    // Both bases hold the minbase set: Priority: required + apt (= debian:bookworm-slim's list).
    const r = resolveAptInstall(bookworm, set.packages, { installRecommends: set.installRecommends }, slimBase());
    const predicted = new Set(r.added.map((p) => p.name));
    const actual = new Set(set.added);
    const missing = [...actual].filter((n) => !predicted.has(n));
    const extra = [...predicted].filter((n) => !actual.has(n));
    // apt's resolver scores alternatives and recommends a little differently; allow a few.
    const tolerance = Math.max(2, Math.round(actual.size * 0.05));
    assert.ok(missing.length + extra.length <= tolerance, `${set.variant} ${set.name} rec=${set.installRecommends}: missing ${missing.join(' ')} / extra ${extra.join(' ')}`);
    // The measured bytes lie inside the range of the estimate made from the predicted packages.
    const e = correctAptInstall(r.added, set.variant, calibration);
    assert.ok(set.measuredBytes >= e.lowBytes * 0.99 && set.measuredBytes <= e.highBytes * 1.01, `${set.variant} ${set.name}: ${set.measuredBytes} outside ${e.lowBytes}–${e.highBytes}`);
  }
});
