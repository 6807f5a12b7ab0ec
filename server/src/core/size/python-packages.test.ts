import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../../../../test/support/paths';
import { lookupPythonPackage, parsePythonPackageTable, parseRequirement, runtimeSystemPackages } from './python-packages';

const table = parsePythonPackageTable(JSON.parse(fs.readFileSync(fromRoot('server/data/python-packages.json'), 'utf8')));

test('wheel size is the recorded fact; installed size an estimate within the stated factor range', () => {
  const numpy = lookupPythonPackage(table, 'numpy>=2')!.record;
  assert.equal(numpy.wheelBytes, 16722264);
  assert.equal(numpy.pure, false);
  const f = table.installedFactor.binary;
  assert.equal(numpy.installed!.lowBytes, Math.round(16722264 * f.low));
  assert.equal(numpy.installed!.highBytes, Math.round(16722264 * f.high));
  assert.equal(numpy.installed!.estimated, true);
  assert.match(numpy.source, /uv\.lock/);
});

test('names are PEP 503 normalised and extras parsed', () => {
  assert.deepEqual(parseRequirement('Pillow[webp] >= 10 ; python_version > "3.8"'), { name: 'pillow', extras: ['webp'] });
  assert.equal(lookupPythonPackage(table, 'Typing_Extensions')?.record.name, 'typing-extensions');
  assert.equal(parseRequirement('-r requirements.txt'), undefined);
  assert.equal(parseRequirement('./local/pkg'), undefined);
  assert.equal(lookupPythonPackage(table, 'surely-not-on-pypi-xyz'), undefined);
});

test('system libraries: psycopg2 needs libpq5 at run time and libpq-dev + a compiler to build', () => {
  const libs = lookupPythonPackage(table, 'psycopg2')!.record.systemLibraries!;
  assert.deepEqual(libs.runtime.debian, ['libpq5']);
  assert.ok(libs.build.debian!.includes('libpq-dev') && libs.build.debian!.includes('gcc'));
  assert.equal(libs.binaryAlternative, 'psycopg2-binary');
  assert.deepEqual(runtimeSystemPackages(table, 'psycopg2==2.9.9', 'debian'), ['libpq5']);
  assert.deepEqual(runtimeSystemPackages(table, 'mysqlclient', 'debian'), ['libmariadb3']);
  assert.deepEqual(runtimeSystemPackages(table, 'psycopg[binary]', 'debian'), []);
  assert.deepEqual(runtimeSystemPackages(table, 'psycopg', 'debian'), ['libpq5']);
  // wheels bundle their libraries unless built from source
  assert.deepEqual(runtimeSystemPackages(table, 'lxml', 'debian'), []);
  assert.deepEqual(runtimeSystemPackages(table, 'lxml', 'debian', true), ['libxml2', 'libxslt1.1']);
  assert.deepEqual(runtimeSystemPackages(table, 'pillow', 'debian', true), ['libjpeg62-turbo', 'zlib1g', 'libwebp7']);
});
