// The long fuzz run (`npm run fuzz`, after `tsc -p .`): ≥ 200,000 generated and mutated
// Dockerfiles through every invariant of test/fuzz/properties.ts, split over worker processes.
// A worker that stops answering is killed and its input counted as a hang; one that dies is a
// crash. Every input that breaks something is written to test/fuzz/regressions/<hash>.Dockerfile,
// which the short run in `npm test` replays.
//
//   node scripts/fuzz.mjs [--inputs N] [--workers N] [--seed N] [--hang-ms N] [--max-seconds N] [--record]
//
// --record writes the counts to test/fuzz/RESULTS.md. --max-seconds (or Ctrl-C) stops handing out
// chunks and reports what was tried. Exit code 1 when anything broke.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const compiled = join(root, 'out/test/fuzz');
if (!existsSync(join(compiled, 'properties.js'))) {
  console.error('fuzz: compile first (node node_modules/typescript/bin/tsc -p .)');
  process.exit(2);
}
const fc = require('fast-check');
const { fuzzInput, fixtureTexts } = require(join(compiled, 'arbitraries.js'));

const CHUNK = 500;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};

/** The inputs of one chunk: the same for the worker and for the parent that must name a hung input. */
const chunkInputs = (fixtures, seed, chunk) => fc.sample(fuzzInput(fixtures), { seed: seed * 100_003 + chunk, numRuns: CHUNK });

if (argv[0] === '--worker') await worker();
else await parent();

async function worker() {
  // Ctrl-C reaches the whole process group: the parent decides when workers stop.
  process.on('SIGINT', () => undefined);
  const { checkAll, createFuzzEnv } = require(join(compiled, 'properties.js'));
  const env = await createFuzzEnv();
  const fixtures = fixtureTexts();
  process.on('message', async ({ seed, chunk, from }) => {
    const inputs = chunkInputs(fixtures, seed, chunk);
    for (let i = from; i < inputs.length; i++) {
      // Yield between inputs: the shell parser frees its trees on the next macrotask, as in the server.
      await new Promise((r) => setImmediate(r));
      let result;
      try {
        result = checkAll(inputs[i], env);
      } catch (e) {
        result = { violations: [{ property: 'no-exception', message: `checkAll threw: ${e?.stack ?? e}` }], analysisMs: 0, budgetMs: 1, bytes: inputs[i].length, fixesChecked: 0 };
      }
      process.send({
        type: 'done',
        chunk,
        i,
        ms: result.analysisMs,
        ratio: result.analysisMs / result.budgetMs,
        bytes: result.bytes,
        fixes: result.fixesChecked,
        violations: result.violations.map((v) => ({ property: v.property, message: v.message.slice(0, 2000) })),
        input: result.violations.length ? inputs[i] : undefined,
      });
    }
    process.send({ type: 'chunk-done', chunk });
  });
  process.send({ type: 'ready' });
}

async function parent() {
  const total = opt('inputs', 200_000);
  const workers = opt('workers', Math.max(1, Math.min(os.cpus().length, 8)));
  const seed = opt('seed', 1);
  const hangMs = opt('hang-ms', 60_000);
  const record = argv.includes('--record');
  const maxSeconds = opt('max-seconds', Infinity);
  let stopped = false;
  process.on('SIGINT', () => {
    stopped = true;
    console.log('fuzz: stopping after the chunks under way');
  });
  const chunks = Math.ceil(total / CHUNK);
  const fixtures = fixtureTexts();
  const regressions = join(root, 'test/fuzz/regressions');
  mkdirSync(regressions, { recursive: true });

  const counts = { inputs: 0, bytes: 0, fixes: 0, crashes: 0, hangs: 0, overBudget: 0, maxRatio: 0, maxMs: 0, violations: {} };
  const saved = [];
  const save = (text, why) => {
    const name = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.Dockerfile`;
    writeFileSync(join(regressions, name), text);
    saved.push(`${name}: ${why.split('\n')[0].slice(0, 200)}`);
  };
  const started = Date.now();
  let nextChunk = 0;
  let lastReport = 0;

  const more = () => !stopped && nextChunk < chunks && (Date.now() - started) / 1000 < maxSeconds;
  await new Promise((resolveAll) => {
    let running = 0;
    // A worker takes chunk after chunk; one that hangs or dies is replaced by a fresh one that
    // resumes after the input it stopped on.
    const spawnWorker = (chunk, from) => {
      running++;
      const child = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current = { chunk, i: from };
      let timer;
      let finished = false;
      const finish = (resume) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        child.removeAllListeners();
        running--;
        if (resume && resume.i < CHUNK) spawnWorker(resume.chunk, resume.i);
        else if (resume && more()) spawnWorker(nextChunk++, 0);
        else if (running === 0) resolveAll();
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // No answer: the input after the last one finished is stuck.
          child.kill('SIGKILL');
          counts.hangs++;
          counts.inputs++;
          save(chunkInputs(fixtures, seed, current.chunk)[current.i], `hang: no answer within ${hangMs} ms`);
          finish({ chunk: current.chunk, i: current.i + 1 });
        }, hangMs);
      };
      child.on('message', (m) => {
        if (m.type === 'ready') {
          child.send({ seed, chunk, from });
          arm();
          return;
        }
        if (m.type === 'chunk-done') {
          if (more()) {
            current = { chunk: nextChunk++, i: 0 };
            child.send({ seed, chunk: current.chunk, from: 0 });
            arm();
          } else {
            child.kill();
            finish(undefined);
          }
          return;
        }
        arm();
        current = { chunk: m.chunk, i: m.i + 1 };
        counts.inputs++;
        counts.bytes += m.bytes;
        counts.fixes += m.fixes;
        counts.maxRatio = Math.max(counts.maxRatio, m.ratio);
        counts.maxMs = Math.max(counts.maxMs, m.ms);
        if (m.ratio > 1) counts.overBudget++;
        for (const v of m.violations) {
          counts.violations[v.property] = (counts.violations[v.property] ?? 0) + 1;
          if (v.property === 'no-exception') counts.crashes++;
          if (v.property === 'time-bound') counts.hangs++;
        }
        if (m.violations.length) {
          save(m.input, m.violations.map((v) => `${v.property}: ${v.message}`).join('\n'));
          console.log(`fuzz: chunk ${m.chunk} input ${m.i}: ${m.violations.map((v) => `${v.property}: ${v.message.split('\n')[0]}`).join('; ')}`);
        }
        if (counts.inputs - lastReport >= 10_000) {
          lastReport = counts.inputs;
          console.log(`fuzz: ${counts.inputs} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s, crashes ${counts.crashes}, hangs ${counts.hangs}, violations ${JSON.stringify(counts.violations)}`);
        }
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        // A worker that died mid-chunk (out of memory, a WASM abort) crashed on its current input.
        counts.crashes++;
        counts.inputs++;
        const text = chunkInputs(fixtures, seed, current.chunk)[current.i];
        if (text !== undefined) save(text, `crash: worker exited (${signal ?? code})`);
        finish({ chunk: current.chunk, i: current.i + 1 });
      });
    };
    for (let w = 0; w < Math.min(workers, chunks); w++) spawnWorker(nextChunk++, 0);
  });

  const seconds = (Date.now() - started) / 1000;
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
  // Crashes and hangs are counted above; the rest are broken invariants.
  const others = Object.fromEntries(Object.entries(counts.violations).filter(([p]) => p !== 'no-exception' && p !== 'time-bound'));
  const violationsTotal = Object.values(others).reduce((a, b) => a + b, 0);
  const summary = [
    `- inputs tried: ${counts.inputs.toLocaleString('en-US')}${nextChunk < chunks ? ` (stopped early, of ${total.toLocaleString('en-US')} asked)` : ''} (${(counts.bytes / 2 ** 20).toFixed(1)} MiB; seed ${seed}; ${workers} worker processes)`,
    `- crashes: ${counts.crashes}`,
    `- hangs: ${counts.hangs}`,
    `- other invariant violations (ranges, fixes, fix-all idempotence, estimate bounds): ${violationsTotal}${violationsTotal ? ` ${JSON.stringify(others)}` : ''}`,
    `- code-action fixes applied and re-parsed: ${counts.fixes.toLocaleString('en-US')}`,
    `- analyses over the time budget (50 ms/KB + 200 ms): ${counts.overBudget}; slowest ${(counts.maxRatio * 100).toFixed(0)}% of its budget; longest ${counts.maxMs.toFixed(0)} ms`,
    `- duration: ${seconds.toFixed(0)} s`,
    `- machine: ${machine}`,
    `- date: ${new Date().toISOString().slice(0, 10)}`,
  ];
  console.log(['', 'fuzz summary', ...summary, ...(saved.length ? ['saved to test/fuzz/regressions:', ...saved.map((s) => `  ${s}`)] : [])].join('\n'));
  if (record) {
    writeFileSync(
      join(root, 'test/fuzz/RESULTS.md'),
      [
        '# Long fuzz run',
        '',
        'Recorded by `node scripts/fuzz.mjs --record` (what `npm run fuzz` runs, after compiling). Generated',
        'Dockerfiles and mutated fixtures (test/fuzz/arbitraries.ts) through every invariant of',
        'test/fuzz/properties.ts: no exception, time within a budget per KB, ranges inside the document,',
        'code-action fixes that apply and re-parse, idempotent fix-all, low ≤ bytes ≤ high estimates.',
        'A hang is an input whose worker did not answer within ' + `${hangMs / 1000} s, or an analysis over 10× its budget.`,
        '',
        ...summary,
        '',
      ].join('\n'),
    );
  }
  process.exit(counts.crashes + counts.hangs + violationsTotal > 0 ? 1 : 0);
}
