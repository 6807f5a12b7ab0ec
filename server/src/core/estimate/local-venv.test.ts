import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../analyze';
import { openBuildContext } from '../../node/build-context';
import { loadShellParser } from '../../node/shell-parser-loader';
import { testFacts } from '../../../../test/support/size-facts';

/** A fake virtualenv: dist-info directories with RECORD and METADATA, files on disk for rows without a size. */
function makeWorkspace(venvDir: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-venv-'));
  const sp = path.join(root, venvDir, 'lib', 'python3.12', 'site-packages');
  fs.mkdirSync(sp, { recursive: true });
  fs.writeFileSync(path.join(root, venvDir, 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.12.1\n');
  // "Zzfake_Pkg" in METADATA; requested as zzfake-pkg in requirements.txt.
  const di = path.join(sp, 'Zzfake_Pkg-1.0.dist-info');
  fs.mkdirSync(di);
  fs.writeFileSync(path.join(di, 'METADATA'), 'Metadata-Version: 2.1\nName: Zzfake_Pkg\nVersion: 1.0\n\nLong description Name: other\n');
  fs.mkdirSync(path.join(sp, 'zzfake_pkg'));
  fs.writeFileSync(path.join(sp, 'zzfake_pkg', '__init__.pyc'), Buffer.alloc(1000));
  const record = [
    'zzfake_pkg/__init__.py,sha256=abc,4000000',
    '"zzfake_pkg/data,with comma.bin",sha256=def,6000000',
    'zzfake_pkg/__init__.pyc,,',
    'Zzfake_Pkg-1.0.dist-info/METADATA,sha256=ghi,100',
    'Zzfake_Pkg-1.0.dist-info/RECORD,,',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(di, 'RECORD'), record);
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'zzfake-pkg==1.0\n');
  return root;
}

const recordSize = (root: string, venvDir: string) =>
  fs.statSync(path.join(root, venvDir, 'lib', 'python3.12', 'site-packages', 'Zzfake_Pkg-1.0.dist-info', 'RECORD')).size;

test('localPythonPackage sums RECORD sizes, stats rows without one, and matches PEP 503 names', () => {
  const root = makeWorkspace('.venv');
  try {
    const ctx = openBuildContext(root);
    const expected = 4_000_000 + 6_000_000 + 1000 + 100 + recordSize(root, '.venv');
    for (const name of ['zzfake-pkg', 'ZZFAKE.PKG', 'zzfake__pkg']) {
      const p = ctx.localPythonPackage?.(name);
      assert.ok(p, name);
      assert.equal(p.bytes, expected);
      assert.match(p.source, /measured: installed in the workspace's \.venv \(RECORD\)/);
    }
    assert.equal(ctx.localPythonPackage?.('requests'), undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a venv one level down is found by its pyvenv.cfg', () => {
  const root = makeWorkspace('tools-env');
  try {
    const p = openBuildContext(root).localPythonPackage?.('zzfake-pkg');
    assert.ok(p);
    assert.match(p.source, /tools-env/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('no venv in the workspace: nothing found', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-novenv-'));
  try {
    assert.equal(openBuildContext(root).localPythonPackage?.('zzfake-pkg'), undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the estimate sizes a pip package from the workspace venv first (measured, ±20%)', async () => {
  const root = makeWorkspace('.venv');
  try {
    const shell = await loadShellParser();
    const code = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n';
    const a = analyze(code, shell, { facts: testFacts(), buildContext: openBuildContext(root), ruleSet: [] });
    const est = a.estimate();
    assert.ok(est);
    const layer = est.layers.find((l) => l.line === 3);
    assert.ok(layer);
    const item = layer.items.find((i) => i.name === 'zzfake-pkg');
    assert.ok(item, JSON.stringify(layer.items.map((i) => i.name)));
    const expected = 4_000_000 + 6_000_000 + 1000 + 100 + recordSize(root, '.venv');
    assert.equal(item.basis, 'measured');
    assert.equal(item.bytes, expected);
    assert.equal(Math.round(item.low), Math.round(expected * 0.8));
    assert.equal(Math.round(item.high), Math.round(expected * 1.2));
    assert.match(item.source, /measured: installed in the workspace's \.venv \(RECORD\)/);
    assert.ok(layer.notes.some((n) => /virtualenv in the workspace/.test(n)), JSON.stringify(layer.notes));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('without a workspace venv the package falls back to the labelled default', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-novenv-'));
  try {
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'zzfake-pkg==1.0\n');
    const shell = await loadShellParser();
    const code = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n';
    const est = analyze(code, shell, { facts: testFacts(), buildContext: openBuildContext(root), ruleSet: [] }).estimate();
    const layer = est?.layers.find((l) => l.line === 3);
    assert.ok(layer);
    assert.ok(!layer.items.some((i) => i.basis === 'measured'));
    assert.ok(layer.items.some((i) => /without size data/.test(i.name)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
