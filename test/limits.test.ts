// Huge and pathological Dockerfiles: a 5 MB file, 3,000 stages, thousands of (nested) heredocs, a
// 1 MB RUN line, scripts nested thousands deep. Each is analysed (and estimated) in bounded time and
// memory, and when the analysis is cut short the model says so in a message a user can read.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../server/src/core/analyze';
import { MAX_ANALYSED_INSTRUCTIONS, MAX_ANALYSED_LENGTH, MAX_SCRIPT_LENGTH } from '../server/src/core/model/build-model';
import { checkAll, createFuzzEnv, HANG_FACTOR, rangesInsideDocument, timeBudgetMs, type FuzzEnv } from './fuzz/properties';
import { fromRoot } from './support/paths';

/** Gross bounds only (the machine may be busy): a hang or a blow-up fails, a slow run does not. */
const MAX_MS = 60_000;
const MAX_RSS_GROWTH_MB = 1024;

function fiveMegabytes(): string {
  let out = '';
  for (let i = 0; out.length < 5 * 1024 * 1024; i++) {
    out += `FROM python:3.12-slim AS s${i}\nRUN apt-get update && apt-get install -y gcc libpq-dev \\\n && pip install psycopg2 flask\nCOPY --from=s${Math.max(0, i - 1)} /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n`;
  }
  return out;
}

function stages(n: number): string {
  let out = 'ARG BASE=python:3.12\n';
  for (let i = 0; i < n; i++) out += `FROM ${i ? `s${i - 1}` : '${BASE}'} AS s${i}\nRUN pip install flask${i % 7 ? '' : ' && apt-get update && apt-get install -y gcc'}\n`;
  return out;
}

function manyHeredocs(): string {
  let out = 'FROM debian:bookworm\n';
  for (let i = 0; i < 500; i++) out += `RUN <<EOF${i} bash\napt-get install -y gcc\ncat <<INNER${i} > /etc/x${i}\n<<X\n$(cat <<DEEPER\nz\nDEEPER\n)\nINNER${i}\nEOF${i}\nCOPY <<-"A${i}" <<B${i} /etc/\n\ta\n\tA${i}\nb\nB${i}\n`;
  return out;
}

function oneHeredocWithManyBodies(): string {
  const n = 2_000;
  return `FROM debian:bookworm\nRUN cat ${Array.from({ length: n }, (_, i) => `<<E${i}`).join(' ')} > /x\n${Array.from({ length: n }, (_, i) => `line ${i}\nE${i}`).join('\n')}\n`;
}

function oneMegabyteRunLine(): string {
  // 1,000,000 characters: under the 1 MiB file limit, over the script limit.
  return `FROM debian:bookworm\nRUN apt-get install -y ${'gcc '.repeat(250_000)}\nCMD ["x"]\n`;
}

function deeplyNested(): string {
  const n = 5_000;
  return [
    'FROM debian:bookworm',
    `RUN apt-get update${' && true'.repeat(n)}`,
    `RUN ${'if true; then '.repeat(n)}apt-get install -y gcc; ${'fi; '.repeat(n)}`,
    `RUN ${'{ '.repeat(n)}pip install flask; ${'}; '.repeat(n)}`,
    `RUN echo ${'$('.repeat(n)}x${')'.repeat(n)}`,
    `RUN echo ${'${A:-'.repeat(n)}x${'}'.repeat(n)}`,
    '',
  ].join('\n');
}

describe('limits', () => {
  let env: FuzzEnv;
  before(async () => {
    env = await createFuzzEnv();
  });

  const cases: Array<{ name: string; make: () => string; truncated: RegExp | undefined }> = [
    { name: 'a 5 MB Dockerfile', make: fiveMegabytes, truncated: /too large to analyse whole \(over 1000 instructions\): dockerlean analyses it up to line \d+ and ignores the rest/ },
    { name: '3,000 stages, each built on the one before', make: () => stages(3000), truncated: /too large to analyse whole/ },
    { name: '500 RUNs with nested heredocs and COPY heredocs', make: manyHeredocs, truncated: /too large to analyse whole/ },
    { name: 'one RUN with 2,000 heredocs', make: oneHeredocWithManyBodies, truncated: undefined },
    { name: 'a 1 MB single RUN line', make: oneMegabyteRunLine, truncated: new RegExp(`This RUN script is \\d+ characters long; dockerlean skips shell analysis above ${MAX_SCRIPT_LENGTH}`) },
    { name: 'scripts nested 5,000 deep', make: deeplyNested, truncated: /This RUN script nests too deeply for dockerlean to analyse its commands/ },
  ];
  for (const c of cases) {
    test(`${c.name}: bounded time and memory${c.truncated ? ', a message saying what was skipped' : ''}`, async (t) => {
      const text = c.make();
      await new Promise((r) => setImmediate(r));
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const analysis = analyze(text, env.shell, env.options);
      const estimate = analysis.estimate();
      const ms = performance.now() - started;
      const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
      t.diagnostic(`${(text.length / 1024).toFixed(0)} KB, ${analysis.model.instructions.length} instructions analysed, ${analysis.findings.length} findings; ${ms.toFixed(0)} ms (budget ${timeBudgetMs(text.length).toFixed(0)} ms), RSS +${rssGrowthMb.toFixed(0)} MB`);
      assert.deepEqual(analysis.internalErrors, []);
      assert.ok(ms < Math.min(MAX_MS, timeBudgetMs(text.length) * HANG_FACTOR), `${ms.toFixed(0)} ms`);
      assert.ok(rssGrowthMb < MAX_RSS_GROWTH_MB, `RSS grew ${rssGrowthMb.toFixed(0)} MB`);
      assert.ok(analysis.model.instructions.length <= MAX_ANALYSED_INSTRUCTIONS);
      assert.deepEqual(rangesInsideDocument(text, analysis), []);
      assert.ok(estimate && Number.isFinite(estimate.bytes) && estimate.low <= estimate.bytes && estimate.bytes <= estimate.high);
      const messages = analysis.model.problems.map((p) => p.message);
      if (c.truncated) assert.ok(messages.some((m) => c.truncated!.test(m)), JSON.stringify(messages));
      else assert.deepEqual(messages.filter((m) => /too large|too long|too deeply/.test(m)), []);
    });
  }

  test('a file over the length limit is cut at a line break and says up to which line it was read', () => {
    const line = `RUN echo ${'x'.repeat(1000)}\n`;
    const text = 'FROM debian:bookworm\n' + line.repeat(Math.ceil(MAX_ANALYSED_LENGTH / line.length) + 10);
    const sparse = text.replace(/RUN echo x+\n/g, (m, offset: number) => (offset % 7 ? `# ${m}` : m));
    const analysis = analyze(sparse, env.shell, env.options);
    const problem = analysis.model.problems.find((p) => /too large/.test(p.message));
    assert.ok(problem, JSON.stringify(analysis.model.problems));
    assert.match(problem.message, new RegExp(`over ${MAX_ANALYSED_LENGTH} characters\\): dockerlean analyses it up to line \\d+`));
    assert.deepEqual(problem.range.start, { line: 0, character: 0 });
    assert.deepEqual(rangesInsideDocument(sparse, analysis), []);
  });

  test('a Dockerfile under both limits is analysed whole, without a message', () => {
    const text = stages(400);
    const analysis = analyze(text, env.shell, env.options);
    assert.equal(analysis.model.stages.length, 400);
    assert.deepEqual(analysis.model.problems, []);
  });

  test('the CLI shows the truncation on stderr, one line, and still reports findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-limits-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, stages(520));
    const r = spawnSync(process.execPath, [fromRoot('bin/dockerlean.js'), 'check', file], { encoding: 'utf8', timeout: MAX_MS });
    assert.equal(r.status, 1, r.stderr);
    const notes = r.stderr.split('\n').filter((l) => /too large to analyse whole/.test(l));
    assert.equal(notes.length, 1, r.stderr);
    assert.match(notes[0], /Dockerfile:1: note: This Dockerfile is too large to analyse whole/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the fuzz invariants hold on a truncated file too (fixes, fix-all, estimate)', () => {
    const r = checkAll(stages(520), { ...env, maxFixesPerInput: 5 });
    assert.deepEqual(r.violations.filter((v) => v.property !== 'time-bound'), []);
  });
});
