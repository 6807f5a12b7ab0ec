import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../../../test/support/paths';
import { createSizeDataLoader, findSizeDataDir } from './size-data-loader';

const DATA = fromRoot('server/data');

/** A private copy of the data dir whose files a test may break. */
function copyData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-data-'));
  fs.cpSync(DATA, dir, { recursive: true });
  return dir;
}

test('loads a release on first use only, then serves it from the cache', () => {
  const dir = copyData();
  try {
    const loader = createSizeDataLoader(dir);
    // Break trixie: nothing reads it unless asked, so bookworm and the tables are unaffected.
    fs.writeFileSync(path.join(dir, 'debian', 'trixie.idx.gz'), 'garbage');
    const t0 = performance.now();
    const bookworm = loader.debian('bookworm');
    const loadMs = performance.now() - t0;
    assert.ok(bookworm);
    assert.equal(bookworm.header.release, 'bookworm');
    assert.ok(bookworm.size > 60_000);
    assert.equal(loader.debian('bookworm'), bookworm, 'cached');
    assert.equal(loader.debian('12'), bookworm, 'same index for the version number');
    assert.ok(loader.baseImages());
    assert.deepEqual(loader.messages(), []);
    // Generous bound: the target is ~100 ms, but CI machines are noisy.
    assert.ok(loadMs < 1500, `bookworm took ${loadMs.toFixed(0)} ms to load`);
    assert.equal(loader.debian('trixie'), undefined);
    assert.equal(loader.messages().length, 1);
    assert.match(loader.messages()[0]!, /trixie/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('missing and corrupt files give undefined and a message, never a throw', () => {
  const dir = copyData();
  try {
    fs.rmSync(path.join(dir, 'python-packages.json'));
    fs.writeFileSync(path.join(dir, 'base-images.json'), '{"format":');
    fs.writeFileSync(path.join(dir, 'alpine-packages.json'), '{"format":"something-else"}');
    const seen: string[] = [];
    const loader = createSizeDataLoader(dir, { onMessage: (m) => seen.push(m) });
    assert.equal(loader.pythonPackages(), undefined);
    assert.equal(loader.baseImages(), undefined);
    assert.equal(loader.alpine(), undefined);
    assert.equal(loader.debian('jammy'), undefined);
    assert.equal(loader.baseImages(), undefined, 'a failure is cached, not retried');
    assert.equal(seen.length, 4);
    assert.match(seen.join('\n'), /missing file/);
    assert.match(seen.join('\n'), /unsupported format/);
    assert.deepEqual(loader.messages(), seen);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('buster is answered by bullseye with a fallbackFrom note', () => {
  const loader = createSizeDataLoader(DATA);
  const buster = loader.debian('buster')!;
  assert.equal(buster.header.release, 'bullseye');
  assert.equal(buster.header.fallbackFrom, 'buster');
  assert.match(buster.header.note!, /archived/);
  assert.ok(buster.get('libssl1.1'));
});

test('a missing data directory degrades the same way', () => {
  const loader = createSizeDataLoader(path.join(os.tmpdir(), 'no-such-dockerlean-dir'));
  assert.equal(loader.debian('bookworm'), undefined);
  assert.equal(loader.aptCalibration('bookworm'), undefined);
  assert.equal(loader.messages().length, 2);
});

test('findSizeDataDir finds server/data from inside the repository', () => {
  assert.equal(findSizeDataDir(__dirname), DATA);
});
