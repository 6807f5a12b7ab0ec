import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aptVariantFor, correctAptBytes, correctAptInstall, parseAptCalibration } from './apt-correction';

const calibration = parseAptCalibration({
  format: 'dockerlean-apt-calibration/1',
  release: 'bookworm',
  measuredAt: '2026-11-22',
  factors: { full: { factor: 0.98, low: 0.95, high: 1.0, samples: 8 }, slim: { factor: 0.9, low: 0.8, high: 0.95, samples: 8 } },
  nonPython: { full: { factor: 0.99, low: 0.97, high: 1.0, samples: 6 }, slim: { factor: 0.92, low: 0.85, high: 0.95, samples: 6 } },
  pythonBytecode: { slim: { factor: 1.4, low: 1.3, high: 1.5, samples: 2 } },
});

test('applies the measured factor and its spread', () => {
  const e = correctAptBytes(100_000_000, 'slim', calibration);
  assert.deepEqual([e.bytes, e.lowBytes, e.highBytes], [90_000_000, 80_000_000, 95_000_000]);
  assert.equal(e.estimated, true);
  assert.match(e.basis, /measured on bookworm/);
});

test('per-package correction: Python packages get the bytecode factor, the rest the non-Python one', () => {
  const added = [
    { name: 'gcc-12', bytes: 100_000_000 },
    { name: 'python3.11-minimal', bytes: 10_000_000 },
    { name: 'libpython3.11-stdlib', bytes: 10_000_000 },
  ];
  const e = correctAptInstall(added, 'slim', calibration);
  assert.deepEqual([e.bytes, e.lowBytes, e.highBytes], [92_000_000 + 28_000_000, 85_000_000 + 26_000_000, 95_000_000 + 30_000_000]);
  assert.match(e.basis, /Python packages × 1\.4/);
  // No split factor for "full" Python here: falls back to the all-sets factor on the total.
  assert.equal(correctAptInstall(added, 'full', calibration).bytes, Math.round(120_000_000 * 0.98));
  assert.equal(correctAptInstall(added, 'slim').basis, correctAptBytes(120_000_000, 'slim').basis);
});

test('without calibration a wider stated fallback is used', () => {
  const e = correctAptBytes(100_000_000, 'full');
  assert.ok(e.lowBytes < e.bytes && e.bytes < e.highBytes);
  assert.match(e.basis, /fallback/);
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
