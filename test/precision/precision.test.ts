// Keeps the precision corpus (test/precision/corpus) from rotting: the evaluation must run and
// produce numbers for every rule that fired. No thresholds: precision is tracked in
// docs/accuracy/precision.md (`node scripts/precision.mjs --write`), not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

interface Row {
  table: string;
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}
interface Evaluation {
  corpus: Array<{ name: string; expected: number }>;
  perRule: Row[];
  overall: Record<string, Row>;
  truePositives: Array<{ rule: string }>;
  falsePositives: Array<{ rule: string }>;
}

test('the precision evaluation runs over the whole corpus and scores every rule that fired', { timeout: 20_000 }, (t) => {
  if (!fs.existsSync(fromRoot('dist/cli.js'))) {
    t.skip('dist/cli.js is not built (node scripts/build.mjs)');
    return;
  }
  const r = spawnSync(process.execPath, [fromRoot('scripts/precision.mjs'), '--json'], { cwd: fromRoot(), encoding: 'utf8', timeout: 18_000 });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as Evaluation;

  const dirs = fs.readdirSync(fromRoot('test/precision/corpus')).filter((d) => fs.existsSync(fromRoot('test/precision/corpus', d, 'Dockerfile')));
  assert.equal(result.corpus.length, dirs.length, 'every corpus Dockerfile is evaluated');
  for (const d of dirs) assert.ok(fs.existsSync(path.join(fromRoot('test/precision/corpus', d), 'expected.json')), `${d} has expected.json`);

  const fired = new Set([...result.truePositives, ...result.falsePositives].map((f) => f.rule));
  assert.ok(fired.size > 0, 'some rule fired on the corpus');
  for (const rule of fired) {
    const rows = result.perRule.filter((row) => row.rule === rule && row.tp + row.fp > 0);
    assert.ok(rows.length > 0, `a row for ${rule}`);
    for (const row of rows) {
      assert.equal(typeof row.precision, 'number', `${rule}: precision is a number`);
      assert.ok(row.precision! >= 0 && row.precision! <= 1);
    }
  }
  for (const table of ['warning+', 'information']) {
    const o = result.overall[table];
    assert.ok(o && Number.isInteger(o.tp) && Number.isInteger(o.fp) && Number.isInteger(o.fn), `overall ${table} counts`);
  }
});
