// Precision / recall of dockerlean's rules on a hand-labelled corpus of realistic Dockerfiles.
//
//   node scripts/precision.mjs            print the per-rule table
//   node scripts/precision.mjs --write    also write docs/accuracy/precision.md
//   node scripts/precision.mjs --json     print the evaluation as JSON (used by test/precision)
//   node scripts/precision.mjs --spawn    run `node bin/dockerlean.js check ...` as a child process per
//                                         entry instead of calling the same bundle's main() in-process
//
// Corpus: test/precision/corpus/<name>/Dockerfile with its build context (the folder) and
// expected.json = { "findings": [{ "rule", "line", "severity"?, "why" }] }, labelled by hand.
// Matching: a reported finding and an expected one match when they have the same rule and their
// lines fall in the same Dockerfile instruction (a rule may point at a word inside a multi-line RUN).
// Several findings of one rule on one instruction count once, on both sides.
// Severity: a finding the tool reports at `information` goes to the information table (those rules
// are allowed to be unsure); an expected finding the tool missed goes to the table of its labelled
// severity (default: warning-or-above).
//
// The CLI must be built first (`node scripts/build.mjs`; `npm test` does it).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(root, 'test/precision/corpus');
const notesFile = join(root, 'test/precision/labelling-notes.md');
const outFile = join(root, 'docs/accuracy/precision.md');
const flags = new Set(process.argv.slice(2));

/** Maps each 1-based line to the 1-based first line of the instruction it belongs to. */
export function instructionStarts(text) {
  const lines = text.split(/\r?\n/);
  const escape = /^#\s*escape\s*=\s*`/im.test(lines.slice(0, 5).join('\n')) ? '`' : '\\';
  const startOf = new Array(lines.length + 1);
  let i = 0;
  while (i < lines.length) {
    const start = i + 1;
    const first = lines[i];
    startOf[i + 1] = start;
    if (/^\s*(#|$)/.test(first)) { i++; continue; }
    // Collect the instruction: continuations, then heredoc bodies opened anywhere on it.
    let cur = i;
    const body = [first];
    while (lines[cur].trimEnd().endsWith(escape) && cur + 1 < lines.length) {
      cur++;
      startOf[cur + 1] = start;
      body.push(lines[cur]);
    }
    const heredocs = [...body.join('\n').matchAll(/<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)].map((m) => m[2]);
    for (const word of heredocs) {
      while (cur + 1 < lines.length) {
        cur++;
        startOf[cur + 1] = start;
        if (lines[cur].replace(/^\t+/, '') === word) break;
      }
    }
    i = cur + 1;
  }
  return startOf;
}

function loadCorpus() {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(corpusDir, d.name, 'Dockerfile')))
    .map((d) => {
      const dir = join(corpusDir, d.name);
      const file = join(dir, 'Dockerfile');
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).findings;
      return { name: d.name, dir, file, text: readFileSync(file, 'utf8'), expected };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function runCheck(entry) {
  const argv = ['check', '--format', 'json', '--context', entry.dir, entry.file];
  let stdout = '';
  let stderr = '';
  if (flags.has('--spawn')) {
    const r = spawnSync(process.execPath, [join(root, 'bin/dockerlean.js'), ...argv], { cwd: root, encoding: 'utf8' });
    stdout = r.stdout;
    stderr = r.stderr;
    if (r.status !== 0 && r.status !== 1) throw new Error(`dockerlean exited ${r.status} on ${entry.name}: ${stderr}`);
  } else {
    // The same bundle bin/dockerlean.js launches, called with the same arguments.
    const code = await cliMain()(argv, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } });
    if (code !== 0 && code !== 1) throw new Error(`dockerlean exited ${code} on ${entry.name}: ${stderr}`);
  }
  if (stderr.trim()) process.stderr.write(`[${entry.name}] ${stderr}`);
  return JSON.parse(stdout)[0].findings;
}

let mainFn;
function cliMain() {
  if (!mainFn) {
    const bundle = join(root, 'dist/cli.js');
    if (!existsSync(bundle)) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` first');
    mainFn = createRequire(import.meta.url)(bundle).main;
  }
  return mainFn;
}

const isInfo = (sev) => sev === 'information' || sev === 'hint';

export async function evaluate() {
  const corpus = loadCorpus();
  const rows = new Map(); // `${table}\t${rule}` -> counts
  const fps = [];
  const fns = [];
  const tps = [];
  const severityMismatches = [];
  const bump = (table, rule, k) => {
    const key = `${table}\t${rule}`;
    if (!rows.has(key)) rows.set(key, { table, rule, tp: 0, fp: 0, fn: 0 });
    rows.get(key)[k]++;
  };
  for (const entry of corpus) {
    const starts = instructionStarts(entry.text);
    const at = (line) => starts[line] ?? line;
    const reported = new Map();
    for (const f of await runCheck(entry)) {
      const key = `${f.rule}@${at(f.line)}`;
      if (!reported.has(key)) reported.set(key, f);
    }
    const expected = new Map();
    for (const e of entry.expected) {
      const key = `${e.rule}@${at(e.line)}`;
      if (!expected.has(key)) expected.set(key, e);
    }
    const loc = (line) => `${relative(root, entry.file)}:${line}`;
    for (const [key, f] of reported) {
      const table = isInfo(f.severity) ? 'information' : 'warning+';
      const e = expected.get(key);
      if (e) {
        bump(table, f.rule, 'tp');
        tps.push({ entry: entry.name, rule: f.rule, line: f.line, severity: f.severity });
        if (isInfo(f.severity) !== isInfo(e.severity ?? 'warning')) {
          severityMismatches.push({ where: loc(f.line), rule: f.rule, reported: f.severity, labelled: e.severity ?? 'warning' });
        }
      } else {
        bump(table, f.rule, 'fp');
        fps.push({ where: loc(f.line), rule: f.rule, severity: f.severity, message: f.message });
      }
    }
    for (const [key, e] of expected) {
      if (reported.has(key)) continue;
      const table = isInfo(e.severity ?? 'warning') ? 'information' : 'warning+';
      bump(table, e.rule, 'fn');
      fns.push({ where: loc(e.line), rule: e.rule, severity: e.severity ?? 'warning', why: e.why });
    }
  }
  const ratio = (a, b) => (b === 0 ? null : a / b);
  const withRates = (r) => ({ ...r, precision: ratio(r.tp, r.tp + r.fp), recall: ratio(r.tp, r.tp + r.fn) });
  const perRule = [...rows.values()].map(withRates).sort((a, b) => a.table.localeCompare(b.table) || a.rule.localeCompare(b.rule));
  const total = (table) => withRates(perRule.filter((r) => r.table === table).reduce(
    (acc, r) => ({ ...acc, tp: acc.tp + r.tp, fp: acc.fp + r.fp, fn: acc.fn + r.fn }),
    { table, rule: '(all)', tp: 0, fp: 0, fn: 0 }));
  return {
    corpus: corpus.map((e) => ({ name: e.name, expected: e.expected.length })),
    perRule,
    overall: { 'warning+': total('warning+'), information: total('information') },
    truePositives: tps,
    falsePositives: fps,
    falseNegatives: fns,
    severityMismatches,
  };
}

const pct = (x) => (x === null ? '–' : `${(x * 100).toFixed(0)}%`);
function table(result, which) {
  const rows = [...result.perRule.filter((r) => r.table === which), result.overall[which]];
  const head = '| rule | TP | FP | FN | precision | recall |\n|---|---:|---:|---:|---:|---:|\n';
  return head + rows.map((r) => {
    const name = r.rule === '(all)' ? '**all**' : `\`${r.rule}\``;
    return `| ${name} | ${r.tp} | ${r.fp} | ${r.fn} | ${pct(r.precision)} | ${pct(r.recall)} |`;
  }).join('\n') + '\n';
}

function plainTable(result, which) {
  const rows = [...result.perRule.filter((r) => r.table === which), result.overall[which]];
  const w = Math.max(...rows.map((r) => r.rule.length), 4);
  const lines = [`${'rule'.padEnd(w)}  TP  FP  FN  precision  recall`];
  for (const r of rows) {
    lines.push(`${r.rule.padEnd(w)} ${String(r.tp).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.fn).padStart(3)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}`);
  }
  return lines.join('\n');
}

function gitDescribe() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server/src'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  return head.stdout.trim() + (dirty.stdout.trim() ? ' (with uncommitted changes under server/src)' : '');
}

function markdown(result, ms) {
  const exercised = new Set(result.perRule.map((r) => r.rule));
  const expectedCount = result.corpus.reduce((a, e) => a + e.expected, 0);
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '_None._';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const esc = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  let md = `# Rule precision on a hand-labelled corpus

Generated by \`node scripts/precision.mjs --write\`; do not edit by hand (labelling notes come from
\`test/precision/labelling-notes.md\`).

- **Date:** ${new Date().toISOString().slice(0, 10)}
- **Machine:** ${os.type()} ${os.release()} ${os.arch()}, ${cpu} × ${os.cpus().length}, Node.js ${process.version}
- **dockerlean:** commit ${gitDescribe()}; ${flags.has('--spawn') ? '`node bin/dockerlean.js check` per entry' : '`dist/cli.js` main() in-process, same arguments as `bin/dockerlean.js check --format json --context <dir> <Dockerfile>`'}; ${ms} ms
- **Corpus:** ${result.corpus.length} Dockerfiles in \`test/precision/corpus/\`, ${expectedCount} labelled findings (${result.corpus.filter((e) => e.expected === 0).length} files with none)

The ground truth (\`expected.json\` beside each Dockerfile) was written by hand from the rule
documentation in \`docs/rules/\` before the tool was run on the corpus. A reported finding matches a
labelled one when the rule is the same and both lines fall in the same instruction.
Precision = TP / (TP + FP), recall = TP / (TP + FN). False positives are worse than misses.

## Warning and error findings

${table(result, 'warning+')}
## Information findings

Information severity is the rules' way of saying they cannot be sure, so these are tracked apart.

${table(result, 'information')}
Rules never exercised by the corpus (no labelled and no reported finding): ${
    ['build-tools-in-final-image', 'full-base-image', 'venv-without-copies', 'apt-no-install-recommends', 'apt-lists-not-removed',
      'final-stage-inherits-build-stage', 'missing-runtime-library', 'stage-python-mismatch', 'venv-path-mismatch',
      'cleanup-in-later-layer', 'recursive-chown-layer', 'package-cache-kept', 'consecutive-run-layers', 'copy-before-dependencies',
      'dev-dependencies-in-final-image', 'build-only-tool-in-final-image', 'node-modules-in-final-image', 'alpine-python-wheels',
      'deprecated-installer'].filter((r) => !exercised.has(r)).map((r) => `\`${r}\``).join(', ') || 'none'}.
(The \`.dockerignore\` rules are out of scope: the corpus is Dockerfiles.)

## False positives (reported, not labelled)

`;
  md += result.falsePositives.length
    ? result.falsePositives.map((f) => `- \`${f.where}\` **${f.rule}** (${f.severity}): ${esc(f.message)}`).join('\n') + '\n'
    : '_None._\n';
  md += `\n## False negatives (labelled, not reported)\n\n`;
  md += result.falseNegatives.length
    ? result.falseNegatives.map((f) => `- \`${f.where}\` **${f.rule}** (labelled ${f.severity}): ${esc(f.why)}`).join('\n') + '\n'
    : '_None._\n';
  if (result.severityMismatches.length) {
    md += `\n## Severity differences (matched, but one side says information)\n\n`;
    md += result.severityMismatches.map((m) => `- \`${m.where}\` **${m.rule}**: reported ${m.reported}, labelled ${m.labelled}`).join('\n') + '\n';
  }
  md += `\n## Labelling notes\n\n${notes}\n`;
  return md;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const t0 = Date.now();
  const result = await evaluate();
  const ms = Date.now() - t0;
  if (flags.has('--json')) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    console.log(`corpus: ${result.corpus.length} Dockerfiles, ${result.corpus.reduce((a, e) => a + e.expected, 0)} labelled findings (${ms} ms)\n`);
    console.log('warning and error findings\n' + plainTable(result, 'warning+') + '\n');
    console.log('information findings\n' + plainTable(result, 'information') + '\n');
    console.log('false positives');
    for (const f of result.falsePositives) console.log(`  ${f.where} ${f.rule} (${f.severity}): ${f.message}`);
    console.log('false negatives');
    for (const f of result.falseNegatives) console.log(`  ${f.where} ${f.rule} (labelled ${f.severity}): ${f.why}`);
    for (const m of result.severityMismatches) console.log(`severity: ${m.where} ${m.rule} reported ${m.reported}, labelled ${m.labelled}`);
  }
  if (flags.has('--write')) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, markdown(result, ms));
    if (!flags.has('--json')) console.log(`\nwrote ${relative(root, outFile)}`);
  }
}
