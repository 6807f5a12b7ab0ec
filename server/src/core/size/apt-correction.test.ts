import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aptVariantFor, correctAptBytes, parseAptCalibration } from './apt-correction';

const calibration = parseAptCalibration({
  format: 'dockerlean-apt-calibration/1',
  release: 'bookworm',
  measuredAt: '2026-11-22',
  factors: { full: { factor: 0.98, low: 0.95, high: 1.0, samples: 8 }, slim: { factor: 0.9, low: 0.8, high: 0.95, samples: 8 } },
});

test('applies the measured factor and its spread', () => {
  const e = correctAptBytes(100_000_000, 'slim', calibration);
  assert.deepEqual([e.bytes, e.lowBytes, e.highBytes], [90_000_000, 80_000_000, 95_000_000]);
  assert.equal(e.estimated, true);
  assert.match(e.basis, /measured on bookworm/);
});

test('without calibration a wider stated fallback is used', () => {
  const e = correctAptBytes(100_000_000, 'full');
  assert.ok(e.lowBytes < e.bytes && e.bytes < e.highBytes);
  assert.match(e.basis, /uncalibrated/);
});

test('rejects malformed calibration files', () => {
  assert.throws(() => parseAptCalibration({ format: 'x' }));
  assert.throws(() => parseAptCalibration({ format: 'dockerlean-apt-calibration/1', factors: { full: { factor: 1, low: 1, high: 1 } } }), /slim/);
});

test('slim dpkg config for -slim and ubuntu bases, full otherwise', () => {
  assert.equal(aptVariantFor({ image: 'python', variant: 'slim' }), 'slim');
  assert.equal(aptVariantFor({ image: 'ubuntu', variant: 'full', os: 'ubuntu' }), 'slim');
  assert.equal(aptVariantFor({ image: 'python', variant: 'full' }), 'full');
  assert.equal(aptVariantFor(undefined), 'full');
});
