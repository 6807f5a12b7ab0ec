// The short fuzz run of `npm test`: a few hundred generated and mutated Dockerfiles with fixed
// seeds, every invariant of properties.ts on each, plus every saved regression and every fixture
// as it is. The long run is `npm run fuzz` (scripts/fuzz.mjs, ≥ 200,000 inputs).
import { before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { disturbedDockerfile, fixtureFiles, fixtureTexts, generatedDockerfile, mutatedFixture } from './arbitraries';
import { checkAll, createFuzzEnv, type FuzzEnv } from './properties';
import { fromRoot } from '../support/paths';

const SEED = 20250601;

interface Stats {
  inputs: number;
  bytes: number;
  fixes: number;
  maxRatio: number;
  overBudget: number;
}

/** Runs the properties on each input as an async property: yielding between inputs lets the shell parser free its trees, as the server does. */
async function run(t: TestContext, env: FuzzEnv, arb: fc.Arbitrary<string>, numRuns: number, seed: number): Promise<void> {
  const stats: Stats = { inputs: 0, bytes: 0, fixes: 0, maxRatio: 0, overBudget: 0 };
  await fc.assert(
    fc.asyncProperty(arb, async (text) => {
      await new Promise((r) => setImmediate(r));
      const r = checkAll(text, env);
      stats.inputs++;
      stats.bytes += r.bytes;
      stats.fixes += r.fixesChecked;
      stats.maxRatio = Math.max(stats.maxRatio, r.analysisMs / r.budgetMs);
      if (r.analysisMs > r.budgetMs) stats.overBudget++;
      if (r.violations.length) throw new Error(r.violations.map((v) => `${v.property}: ${v.message}`).join('\n'));
    }),
    { seed, numRuns, endOnFailure: false },
  );
  t.diagnostic(`${stats.inputs} inputs, ${(stats.bytes / 1024).toFixed(0)} KB, ${stats.fixes} code-action fixes applied; slowest analysis ${(stats.maxRatio * 100).toFixed(0)}% of its budget (50 ms/KB + 200 ms), ${stats.overBudget} over it`);
}

describe('fuzz (short run)', () => {
  let env: FuzzEnv;
  before(async () => {
    env = await createFuzzEnv();
  });

  test('every fixture and every saved regression keeps the invariants', async (t) => {
    const files = [...fixtureFiles(), ...fs.readdirSync(fromRoot('test/fuzz/regressions')).filter((n) => n.endsWith('.Dockerfile')).map((n) => fromRoot('test/fuzz/regressions', n))];
    const seen = new Set<string>();
    let checked = 0;
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      await new Promise((r) => setImmediate(r));
      const text = fs.readFileSync(file, 'utf8');
      const r = checkAll(text, env);
      assert.deepEqual(r.violations, [], path.relative(fromRoot(), file));
      checked++;
    }
    assert.ok(checked >= 40, `only ${checked} fixtures found`);
    t.diagnostic(`${checked} files`);
  });

  test('generated Dockerfiles', async (t) => run(t, env, generatedDockerfile, 150, SEED));

  test('generated Dockerfiles with CRLF, BOM, tabs, unicode and very long lines', async (t) => run(t, env, disturbedDockerfile, 100, SEED + 1));

  test('mutated fixtures (byte flips, truncation, line shuffles, duplicated stages)', async (t) => run(t, env, mutatedFixture(fixtureTexts()), 200, SEED + 2));
});
