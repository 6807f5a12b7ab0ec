import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debianDataRelease } from './debian-releases';

test('releases with data map to themselves, numbers and suites to codenames', () => {
  assert.deepEqual(debianDataRelease('bookworm'), { release: 'bookworm' });
  assert.deepEqual(debianDataRelease('12'), { release: 'bookworm' });
  assert.deepEqual(debianDataRelease('11.9'), { release: 'bullseye' });
  assert.deepEqual(debianDataRelease('stable'), { release: 'trixie' });
});

test('buster falls back to bullseye and says so', () => {
  const c = debianDataRelease('buster')!;
  assert.equal(c.release, 'bullseye');
  assert.equal(c.fallbackFrom, 'buster');
  assert.match(c.note!, /archived/);
  assert.equal(debianDataRelease('10')?.fallbackFrom, 'buster');
});

test('non-Debian names give undefined', () => {
  assert.equal(debianDataRelease('jammy'), undefined);
  assert.equal(debianDataRelease(''), undefined);
});
