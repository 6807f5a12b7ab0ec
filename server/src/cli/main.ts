import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateImage } from '../core/estimate/estimate-image';
import { buildModel } from '../core/model/build-model';
import type { ModelProblem } from '../core/model/types';
import { openBuildContext } from '../node/build-context';
import { sizeServices } from '../node/size-services';
import { estimateToJson, estimateToText } from './format-estimate';
import { analyze } from '../core/analyze';
import { fixAll } from '../core/fix/fix-all';
import { formatBytes, formatRange } from '../core/estimate/range';
import { compareWithReal } from '../node/compare-real';
import { SPLIT_REFACTOR_ID } from '../core/refactor/split-build-runtime';
import { splitDockerfile } from '../core/refactor/split-dockerfile';
import { ALL_RULES, ruleById } from '../core/rules';
import type { Severity } from '../core/rules/types';
import { ruleDocsUrl } from '../node/docs-location';
import { loadShellParser } from '../node/shell-parser-loader';
import { parseArgs, UsageError } from './args';
import { toJson, toSarif, toText, type FileResult } from './format-findings';
import { readDockerfile, writeFileAtomic } from './read-dockerfile';

declare const DOCKERLEAN_VERSION: string | undefined;
const VERSION = typeof DOCKERLEAN_VERSION === 'string' ? DOCKERLEAN_VERSION : '0.0.0-dev';

const USAGE = `usage:
  dockerlean check [--format text|json|sarif] [--context DIR] [--target STAGE] FILE...
  dockerlean fix [--rule ID]... [--write] [--context DIR] [--target STAGE] FILE
  dockerlean estimate [--format text|json] [--context DIR] [--target STAGE] FILE
  dockerlean verify [--image REF] [--format text|json] [--context DIR] [--target STAGE] FILE
  dockerlean rules
exit codes: 0 no finding at warning or above, 1 findings, 2 usage or I/O error
`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Entry point shared by bin/dockerlean.js and the tests. Returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const [command] = argv;
    switch (command) {
      case 'check':
        return await check(argv, io);
      case 'fix':
        return await fix(argv, io);
      case 'estimate':
        return await estimate(argv, io);
      case 'verify':
        return await verify(argv, io);
      case 'rules':
        for (const r of ALL_RULES) io.out(`${r.meta.id.padEnd(34)} ${r.meta.defaultSeverity.padEnd(11)} ${r.meta.title}\n`);
        return 0;
      case '--version':
      case 'version':
        io.out(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`dockerlean: ${e.message}\n${USAGE}`);
      return 2;
    }
    io.err(`dockerlean: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

async function check(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { valued: ['format', 'context', 'target'], flags: [] });
  const format = args.options.get('format')?.at(-1) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}"`);
  if (!args.files.length) throw new UsageError('check needs at least one FILE');
  checkContext(args.options.get('context')?.at(-1));
  const shell = await loadShellParser();
  const results: FileResult[] = [];
  let ioError = false;
  for (const file of args.files) {
    const read = readDockerfile(file);
    if ('error' in read) {
      io.err(`dockerlean: ${read.error}\n`);
      ioError = true;
      continue;
    }
    const analysis = analyze(read.text, shell, {
      target: args.options.get('target')?.at(-1),
      facts: sizeServices((m) => io.err(`dockerlean: ${m}\n`))?.facts,
      buildContext: openBuildContext(args.options.get('context')?.at(-1) ?? path.dirname(file)),
    });
    for (const e of analysis.internalErrors) io.err(`dockerlean: rule ${e.ruleId} failed on ${file}: ${e.message.split('\n')[0]}\n`);
    noteProblems(io, file, analysis.model.problems);
    results.push({ file, findings: analysis.findings });
  }
  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results, ALL_RULES, VERSION, ruleDocsUrl), null, 2) + '\n');
  else io.out(toText(results));
  if (ioError) return 2;
  const blocking: Severity[] = ['error', 'warning'];
  return results.some((r) => r.findings.some((f) => blocking.includes(f.severity))) ? 1 : 0;
}

async function estimate(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { valued: ['format', 'context', 'target'], flags: [] });
  const format = args.options.get('format')?.at(-1) ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError(`unknown format "${format}"`);
  if (args.files.length !== 1) throw new UsageError('estimate needs exactly one FILE');
  const contextDir = args.options.get('context')?.at(-1);
  checkContext(contextDir);
  const file = args.files[0];
  const read = readDockerfile(file);
  if ('error' in read) {
    io.err(`dockerlean: ${read.error}\n`);
    return 2;
  }
  const services = sizeServices((m) => io.err(`dockerlean: ${m}\n`));
  if (!services) return 2;
  const shell = await loadShellParser();
  const model = buildModel(read.text, shell, { target: args.options.get('target')?.at(-1) });
  noteProblems(io, file, model.problems);
  const result = estimateImage(model, services.facts, openBuildContext(contextDir ?? path.dirname(file)));
  io.out(format === 'json' ? JSON.stringify(estimateToJson(file, model, result), null, 2) + '\n' : estimateToText(file, model, result));
  return 0;
}

/** Runs docker: only this command does, and only when asked. */
async function verify(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { valued: ['format', 'context', 'target', 'image'], flags: [] });
  const format = args.options.get('format')?.at(-1) ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError(`unknown format "${format}"`);
  if (args.files.length !== 1) throw new UsageError('verify needs exactly one FILE');
  const contextDir = args.options.get('context')?.at(-1);
  checkContext(contextDir);
  const file = args.files[0];
  const services = sizeServices((m) => io.err(`dockerlean: ${m}\n`));
  if (!services) return 2;
  const shell = await loadShellParser();
  const result = await compareWithReal(
    { file, context: contextDir ?? path.dirname(file), image: args.options.get('image')?.at(-1), target: args.options.get('target')?.at(-1) },
    shell,
    services.facts,
  );
  if ('error' in result) {
    io.err(`dockerlean: ${result.error}\n`);
    return 2;
  }
  if (format === 'json') {
    io.out(JSON.stringify({ file, ...result }, null, 2) + '\n');
    return 0;
  }
  const pct = (e: number, r: number) => (r > 0 ? `${(((e - r) / r) * 100).toFixed(0)}%` : '');
  io.out(`${file}: ${result.built ? 'built as' : 'compared with'} ${result.image}\n`);
  io.out(`  ${'line'.padStart(5)}  ${'instr'.padEnd(8)} ${'estimate'.padStart(10)} ${'real'.padStart(10)}  error\n`);
  for (const l of result.layers) {
    if (Math.max(l.estimate, l.real) < 1e5) continue;
    io.out(`  ${String(l.line).padStart(5)}  ${l.instruction.padEnd(8)} ${formatBytes(l.estimate).padStart(10)} ${formatBytes(l.real).padStart(10)}  ${pct(l.estimate, l.real)}\n`);
  }
  const t = result.total;
  io.out(`  total image: estimate ${formatRange({ bytes: t.estimate, low: t.low, high: t.high })}, real ${t.real !== undefined ? formatBytes(t.real) : 'unknown'} ${t.real ? pct(t.estimate, t.real) : ''}\n`);
  return 0;
}

/** What the model could not read (a file analysed only in part, a script too long): one line each on stderr, never a finding. */
function noteProblems(io: Io, file: string, problems: readonly ModelProblem[]): void {
  for (const p of problems) io.err(`${file}:${p.range.start.line + 1}: ${p.severity === 'information' ? 'note' : p.severity}: ${p.message}\n`);
}

/** The build context is read (never executed) to size COPY layers; a wrong path is a usage error. */
function checkContext(dir: string | undefined): void {
  if (dir === undefined) return;
  let ok = false;
  try {
    ok = fs.statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--context ${dir}: not a directory`);
}

async function fix(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { valued: ['rule', 'context', 'target'], flags: ['write'] });
  if (args.files.length !== 1) throw new UsageError('fix needs exactly one FILE');
  const ruleIds = args.options.get('rule') ?? [];
  for (const id of ruleIds) if (!ruleById(id) && id !== SPLIT_REFACTOR_ID) throw new UsageError(`unknown rule "${id}" (see \`dockerlean rules\`)`);
  checkContext(args.options.get('context')?.at(-1));
  const file = args.files[0];
  const read = readDockerfile(file);
  if ('error' in read) {
    io.err(`dockerlean: ${read.error}\n`);
    return 2;
  }
  const shell = await loadShellParser();
  const options = {
    target: args.options.get('target')?.at(-1),
    facts: sizeServices((m) => io.err(`dockerlean: ${m}\n`))?.facts,
    buildContext: openBuildContext(args.options.get('context')?.at(-1) ?? path.dirname(file)),
  };
  let input = read.text;
  if (ruleIds.includes(SPLIT_REFACTOR_ID)) {
    // The refactor runs first: it rewrites the whole file; the other named rules then fix its output.
    const split = splitDockerfile(input, shell, options);
    if (!split.ok) io.err(`${file}: ${SPLIT_REFACTOR_ID} not applied: ${split.reason}\n`);
    else {
      input = split.result.text;
      const p = split.preview;
      if (p?.before && p.after) io.err(`${file}: split into build and runtime stages: estimated ${formatRange(p.before)} → ${formatRange(p.after)}\n`);
      for (const n of split.result.notes) io.err(`  ${n}\n`);
    }
  }
  const others = ruleIds.filter((id) => id !== SPLIT_REFACTOR_ID);
  const result = others.length || !ruleIds.length ? fixAll(input, shell, others, options) : { text: input, appliedFixes: [] };
  for (const a of result.appliedFixes) io.err(`${file}:${a.line}: ${a.title} [${a.ruleId}]\n`);
  if (!result.appliedFixes.length && input === read.text) io.err(`${file}: nothing to fix\n`);
  if (args.flags.has('write')) {
    if (result.text !== read.text) {
      try {
        writeFileAtomic(file, result.text);
      } catch (e) {
        io.err(`dockerlean: could not write ${file}: ${(e as Error).message}\n`);
        return 2;
      }
    }
  } else io.out(result.text);
  return 0;
}
