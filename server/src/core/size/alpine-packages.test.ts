import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../../../../test/support/paths';
import { lookupAlpinePackage, parseAlpinePackageTable } from './alpine-packages';

const table = parseAlpinePackageTable(JSON.parse(fs.readFileSync(fromRoot('server/data/alpine-packages.json'), 'utf8')));

test('sets derived from apk totals answer for build-base', () => {
  const b = lookupAlpinePackage(table, 'build-base', '3.22')!;
  assert.equal(b.scope, 'set');
  assert.equal(b.bytes, 237 * 1024 * 1024);
  assert.equal(b.estimated, true);
  assert.match(b.source, /apk totals/);
});

test('per-package rows prefer x86_64 and the nearest branch, and say when they do not match', () => {
  const py = lookupAlpinePackage(table, 'python3', '3.24')!;
  assert.equal(py.arch, 'x86_64');
  assert.equal(py.branch, 'v3.24');
  assert.equal(py.note, undefined);
  const gcc = lookupAlpinePackage(table, 'gcc', '3.22')!;
  assert.equal(gcc.branch, 'v3.22');
  const pq = lookupAlpinePackage(table, 'libpq-dev', '3.22')!;
  assert.notEqual(pq.arch, 'x86_64');
  assert.match(pq.note!, /no x86_64 figure/);
});

test('aliases and unknown names', () => {
  assert.equal(lookupAlpinePackage(table, 'jpeg-dev')?.name, 'libjpeg-turbo-dev');
  assert.equal(lookupAlpinePackage(table, 'no-such-apk'), undefined);
});
