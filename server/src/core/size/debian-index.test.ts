import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asFallback, parseDebianIndex, parseRelations } from './debian-index';

// Two packages and one extra (virtual) name, in the column layout scripts/data/debian.mjs writes.
const header = { format: 'dockerlean-debian-index/1', release: 'bookworm', source: 'test', packageCount: 2, extraNameCount: 1, columns: ['installedKiB', 'flags', 'source', 'depends', 'recommends', 'provides'] };
const text = [
  JSON.stringify(header),
  'libpq-dev', 'libpq5', 'libpq', // names: ids 0, 1, 2 (2 is virtual)
  '587', '866', // installedKiB
  'o', 'rE', // flags
  'postgresql-15', 'postgresql-15', // source
  '=1,2', '', // depends: "libpq5 (= v), libpq"
  '', '', // recommends
  '', '2', // provides: libpq5 provides "libpq"
].join('\n') + '\n';

test('parses the compact column format lazily', () => {
  const idx = parseDebianIndex(text);
  assert.equal(idx.size, 2);
  assert.equal(idx.header.release, 'bookworm');
  const dev = idx.get('libpq-dev')!;
  assert.equal(dev.installedKiB, 587);
  assert.equal(dev.priority, 'optional');
  assert.equal(dev.source, 'postgresql-15');
  assert.deepEqual(dev.depends, [[{ name: 'libpq5', sameVersion: true }], [{ name: 'libpq', sameVersion: false }]]);
  const lib = idx.get('libpq5')!;
  assert.equal(lib.priority, 'required');
  assert.equal(lib.essential, true);
  assert.deepEqual(idx.providers('libpq'), ['libpq5']);
  assert.equal(idx.has('libpq'), false);
  assert.equal(idx.get('libpq'), undefined);
  assert.deepEqual([...idx.names()], ['libpq-dev', 'libpq5']);
});

test('rejects other formats and truncated files', () => {
  assert.throws(() => parseDebianIndex('{"format":"other"}\n'), /unsupported index format/);
  assert.throws(() => parseDebianIndex(text.split('\n').slice(0, 8).join('\n')), /truncated/);
  assert.throws(() => parseDebianIndex('not json'), SyntaxError);
});

test('parseRelations drops versions and arch qualifiers, keeps alternatives and = pins', () => {
  assert.deepEqual(parseRelations('libc6-dev | libc-dev, gcc (>= 4:10.2), zlib1g (= 1:1.2.13), python3:any'), [
    [{ name: 'libc6-dev', sameVersion: false }, { name: 'libc-dev', sameVersion: false }],
    [{ name: 'gcc', sameVersion: false }],
    [{ name: 'zlib1g', sameVersion: true }],
    [{ name: 'python3', sameVersion: false }],
  ]);
});

test('asFallback keeps the data and says which release it stands in for', () => {
  const idx = asFallback(parseDebianIndex(text), 'buster', 'archived');
  assert.equal(idx.header.fallbackFrom, 'buster');
  assert.equal(idx.header.release, 'bookworm');
  assert.equal(idx.get('libpq5')?.installedKiB, 866);
});
