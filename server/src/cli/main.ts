import * as fs from 'node:fs';
import { analyze } from '../core/analyze';
import { fixAll } from '../core/fix/fix-all';
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
    const analysis = analyze(read.text, shell, { target: args.options.get('target')?.at(-1) });
    for (const e of analysis.internalErrors) io.err(`dockerlean: rule ${e.ruleId} failed on ${file}: ${e.message.split('\n')[0]}\n`);
    results.push({ file, findings: analysis.findings });
  }
  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results, ALL_RULES, VERSION, ruleDocsUrl), null, 2) + '\n');
  else io.out(toText(results));
  if (ioError) return 2;
  const blocking: Severity[] = ['error', 'warning'];
  return results.some((r) => r.findings.some((f) => blocking.includes(f.severity))) ? 1 : 0;
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
  for (const id of ruleIds) if (!ruleById(id)) throw new UsageError(`unknown rule "${id}" (see \`dockerlean rules\`)`);
  checkContext(args.options.get('context')?.at(-1));
  const file = args.files[0];
  const read = readDockerfile(file);
  if ('error' in read) {
    io.err(`dockerlean: ${read.error}\n`);
    return 2;
  }
  const shell = await loadShellParser();
  const result = fixAll(read.text, shell, ruleIds, { target: args.options.get('target')?.at(-1) });
  for (const a of result.appliedFixes) io.err(`${file}:${a.line}: ${a.title} [${a.ruleId}]\n`);
  if (!result.appliedFixes.length) io.err(`${file}: nothing to fix\n`);
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
