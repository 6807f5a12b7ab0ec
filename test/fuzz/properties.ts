// The invariants every input must keep, as plain functions: the short fuzz test, the long run
// (scripts/fuzz.mjs) and the limits tests call them. Each returns the violations it found (never
// throws for a violation), so a run can count them and save the input that broke something.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, type Analysis, type AnalysisOptions } from '../../server/src/core/analyze';
import type { SizeRange } from '../../server/src/core/estimate/types';
import { applyEdits } from '../../server/src/core/fix/apply-edits';
import { fixAll } from '../../server/src/core/fix/fix-all';
import { buildModel } from '../../server/src/core/model/build-model';
import type { ShellParser } from '../../server/src/core/shell/syntax';
import { LineIndex, type Range } from '../../server/src/core/text/line-index';
import { openBuildContext } from '../../server/src/node/build-context';
import { canonicalModel, firstDifference } from '../support/model-canonical';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';
import { sizeServices } from '../../server/src/node/size-services';

export type PropertyName = 'no-exception' | 'time-bound' | 'ranges-in-document' | 'fixes-apply-cleanly' | 'fix-all-idempotent' | 'estimate-bounds' | 'incremental-model';

export interface Violation {
  readonly property: PropertyName;
  readonly message: string;
}

export interface FuzzEnv {
  readonly shell: ShellParser;
  /** Analysis options every input is checked with (size facts, a build context, a fixed `today`). */
  readonly options: AnalysisOptions;
  /** Fixes checked one by one per input at most (fixAll still applies all of them). */
  readonly maxFixesPerInput?: number;
}

export interface CheckResult {
  readonly violations: Violation[];
  /** Wall time of analyze() plus the estimate, the figure the time bound is about. */
  readonly analysisMs: number;
  readonly budgetMs: number;
  readonly bytes: number;
  readonly fixesChecked: number;
}

/** The time budget of one analysis: 50 ms per KB plus 200 ms. Measured and reported; tests assert only gross multiples of it. */
export function timeBudgetMs(bytes: number): number {
  return (50 * bytes) / 1024 + 200;
}

/** Over this multiple of the budget an analysis counts as a hang, not just slow. */
export const HANG_FACTOR = 10;

const describe = (e: unknown): string => (e instanceof Error ? e.stack ?? e.message : String(e));

/** Runs every property on one input. */
export function checkAll(text: string, env: FuzzEnv): CheckResult {
  const violations: Violation[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  const budgetMs = timeBudgetMs(bytes);
  let analysis: Analysis | undefined;
  const t0 = performance.now();
  try {
    analysis = analyze(text, env.shell, env.options);
    analysis.estimate();
  } catch (e) {
    violations.push({ property: 'no-exception', message: `analyze threw: ${describe(e)}` });
  }
  const analysisMs = performance.now() - t0;
  if (analysisMs > budgetMs * HANG_FACTOR) violations.push({ property: 'time-bound', message: `analysis took ${analysisMs.toFixed(0)} ms for ${bytes} bytes (budget ${budgetMs.toFixed(0)} ms)` });
  if (!analysis) return { violations, analysisMs, budgetMs, bytes, fixesChecked: 0 };

  violations.push(...noInternalErrors(analysis));
  violations.push(...rangesInsideDocument(text, analysis));
  violations.push(...estimateWithinBounds(analysis));
  const fixes = fixesApplyCleanly(text, analysis, env.shell, env.options, env.maxFixesPerInput ?? 25);
  violations.push(...fixes.violations);
  violations.push(...fixAllIdempotent(text, env.shell, env.options, analysis));
  return { violations, analysisMs, budgetMs, bytes, fixesChecked: fixes.checked };
}

/** A rule that threw is caught by analyze and listed; for the fuzz that is a crash all the same. */
export function noInternalErrors(analysis: Analysis): Violation[] {
  return analysis.internalErrors.map((e) => ({ property: 'no-exception' as const, message: `rule ${e.ruleId} threw: ${e.message}` }));
}

/** Is the range well-formed and inside the text: lines exist, characters within their line, start ≤ end? */
export function rangeProblem(lines: LineIndex, r: Range): string | undefined {
  const ok = (p: Range['start']) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line);
  if (!ok(r.start) || !ok(r.end)) return `range ${fmt(r)} is outside the document (${lines.lineCount} lines)`;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `range ${fmt(r)} ends before it starts`;
  return undefined;
}

const fmt = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Every diagnostic (findings, their related locations, model problems) and every fix edit lies inside the document. */
export function rangesInsideDocument(text: string, analysis: Analysis): Violation[] {
  const lines = new LineIndex(text);
  const out: Violation[] = [];
  const check = (what: string, r: Range) => {
    const p = rangeProblem(lines, r);
    if (p) out.push({ property: 'ranges-in-document', message: `${what}: ${p}` });
  };
  for (const p of analysis.model.problems) check(`model problem "${p.message}"`, p.range);
  for (const f of analysis.findings) {
    check(`finding ${f.ruleId}`, f.range);
    for (const r of f.related ?? []) check(`related location of ${f.ruleId}`, r.range);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) check(`edit of "${fix.title}" (${f.ruleId})`, e.range);
  }
  return out;
}

/** Each code action's edits apply without overlap and leave a file the model still parses. */
export function fixesApplyCleanly(text: string, analysis: Analysis, shell: ShellParser, options: AnalysisOptions, max = Infinity): { violations: Violation[]; checked: number } {
  const out: Violation[] = [];
  let checked = 0;
  for (const f of analysis.findings) {
    for (const fix of f.fixes ?? []) {
      if (checked >= max) return { violations: out, checked };
      checked++;
      const what = `"${fix.title}" (${f.ruleId}, line ${f.range.start.line + 1})`;
      try {
        const result = applyEdits(text, fix.edits);
        if (result.skipped) out.push({ property: 'fixes-apply-cleanly', message: `${what}: ${result.skipped} of ${fix.edits.length} edits overlap` });
        if (fix.edits.length && result.text === text) out.push({ property: 'fixes-apply-cleanly', message: `${what}: the edits change nothing` });
        // A fix is an edit: the model built from the input's model (as the language server
        // does after a keystroke) must be the one a whole build gives.
        const whole = buildModel(result.text, shell, options);
        const diff = firstDifference(canonicalModel(buildModel(result.text, shell, options, analysis.model)), canonicalModel(whole));
        if (diff) out.push({ property: 'incremental-model', message: `${what}: the model built from the previous one differs from a whole build\n${diff}` });
      } catch (e) {
        out.push({ property: 'fixes-apply-cleanly', message: `${what}: ${describe(e)}` });
      }
    }
  }
  return { violations: out, checked };
}

/**
 * Fixing everything safe, then fixing again, changes nothing the second time. Given the input's
 * analysis (same options) without a safe fix, fixAll returns the text unchanged and the property
 * holds without running it: analysis is deterministic.
 */
export function fixAllIdempotent(text: string, shell: ShellParser, options: AnalysisOptions, analysis?: Analysis): Violation[] {
  if (analysis && !analysis.findings.some((f) => f.fixes?.some((x) => x.safety === 'safe'))) return [];
  try {
    const once = fixAll(text, shell, [], options);
    const twice = fixAll(once.text, shell, [], options);
    if (twice.text !== once.text) {
      return [{ property: 'fix-all-idempotent', message: `a second fixAll still applied ${twice.appliedFixes.map((a) => `${a.ruleId}@${a.line}`).join(', ')}` }];
    }
    return [];
  } catch (e) {
    return [{ property: 'no-exception', message: `fixAll threw: ${describe(e)}` }];
  }
}

/** The estimate's figures are finite, non-negative and ordered low ≤ bytes ≤ high, for the image and every part of it. */
export function estimateWithinBounds(analysis: Analysis): Violation[] {
  let estimate;
  try {
    estimate = analysis.estimate();
  } catch (e) {
    return [{ property: 'no-exception', message: `estimate threw: ${describe(e)}` }];
  }
  if (!estimate) return [];
  const out: Violation[] = [];
  const check = (what: string, r: SizeRange | undefined) => {
    if (!r) return;
    const { low, bytes, high } = r;
    if (![low, bytes, high].every(Number.isFinite)) out.push({ property: 'estimate-bounds', message: `${what}: not finite (${low}, ${bytes}, ${high})` });
    else if (!(low <= bytes && bytes <= high)) out.push({ property: 'estimate-bounds', message: `${what}: low ${low} ≤ bytes ${bytes} ≤ high ${high} does not hold` });
    else if (low < 0) out.push({ property: 'estimate-bounds', message: `${what}: negative size ${low}` });
  };
  check('image', estimate);
  check('image base', estimate.base);
  for (const l of estimate.layers) {
    check(`layer line ${l.line}`, l);
    for (const item of l.items) check(`item "${item.name}" of layer line ${l.line}`, item);
  }
  for (const s of estimate.stages) {
    check(`stage ${s.index}`, s);
    check(`own layers of stage ${s.index}`, s.ownLayers);
    check(`base of stage ${s.index}`, s.base);
  }
  return out;
}

/**
 * The environment the fuzz checks inputs in: the real shell parser, the shipped size data, a
 * small build context made on disk (so COPY layers are sized and requirements files read), a fixed date.
 */
export async function createFuzzEnv(): Promise<FuzzEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-fuzz-context-'));
  const files: Record<string, string> = {
    'requirements.txt': 'flask==3.0.0\npsycopg2\nnumpy\n-r other.txt\n',
    'other.txt': 'gunicorn\n',
    'package.json': '{"name":"x","dependencies":{"express":"4"},"devDependencies":{"typescript":"5","webpack":"5"}}',
    'pyproject.toml': '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "*"\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n',
    'poetry.lock': '',
    'src/app.py': 'print("hi")\n',
    '.dockerignore': '.git\nnode_modules\n**/*.pyc\n!keep.pyc\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const env: FuzzEnv = {
    shell: await loadShellParser(),
    options: { facts: sizeServices()?.facts, buildContext: openBuildContext(dir), today: '2025-06-01' },
  };
  // The size data loads on first use (a second or so per Debian release): load it now, so the
  // time bound measures analysis, not the first input's data loading.
  for (const base of ['python:3.12', 'debian:bullseye', 'debian:trixie', 'debian:buster', 'alpine:3.19', 'node:20', 'ubuntu:22.04']) {
    analyze(`FROM ${base}\nRUN apt-get update && apt-get install -y gcc libpq-dev && pip install flask psycopg2 && apk add gcc && npm ci\nCOPY . .\n`, env.shell, env.options).estimate();
  }
  return env;
}
