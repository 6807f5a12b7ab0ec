import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisOptions } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix/fix-all';
import type { Rule } from '../../server/src/core/rules/types';
import type { ShellParser } from '../../server/src/core/shell/syntax';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';

export interface InvalidCase {
  readonly name: string;
  readonly code: string;
  /** 1-based lines where the rule must report, in order. */
  readonly lines: readonly number[];
  /** Expected text after applying the rule's fixes; required whenever a finding offers a fix. */
  readonly output?: string;
  readonly message?: RegExp;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly options?: AnalysisOptions;
}

export interface ValidCase {
  readonly name: string;
  readonly code: string;
  readonly options?: AnalysisOptions;
}

const run = (shell: ShellParser, rule: Rule, code: string, options: AnalysisOptions = {}) =>
  analyze(code, shell, { ...options, ruleSet: [rule] });

/**
 * In the spirit of ESLint's RuleTester: valid code gives no finding; invalid code gives findings
 * on the declared lines; every fix declares its output, which must parse, clear the finding,
 * add no new one of this rule, and be a fixed point (fixing again changes nothing).
 */
export function testRule(rule: Rule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const id = rule.meta.id;
  for (const c of cases.valid) {
    test(`${id} valid: ${c.name}`, async () => {
      const shell = await loadShellParser();
      const { findings, internalErrors } = run(shell, rule, c.code, c.options);
      assert.deepEqual(internalErrors, []);
      assert.deepEqual(findings.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${id} invalid: ${c.name}`, async () => {
      const shell = await loadShellParser();
      const { findings, internalErrors } = run(shell, rule, c.code, c.options);
      assert.deepEqual(internalErrors, []);
      assert.deepEqual(findings.map((f) => f.range.start.line + 1), [...c.lines], 'finding lines');
      for (const f of findings) {
        assert.equal(f.ruleId, id);
        if (c.message) assert.match(f.message, c.message);
        if (c.data) for (const [k, v] of Object.entries(c.data)) assert.deepEqual(f.data?.[k], v, `data.${k}`);
      }
      const hasFix = findings.some((f) => f.fixes?.length);
      if (!hasFix) {
        assert.equal(c.output, undefined, 'case declares an output but no fix was offered');
        return;
      }
      assert.notEqual(c.output, undefined, 'a fix was offered: declare its output');
      checkFixOutput(shell, rule, c.code, c.output!, c.options);
    });
  }
}

function checkFixOutput(shell: ShellParser, rule: Rule, code: string, expected: string, options?: AnalysisOptions): void {
  const fixed = fixAll(code, shell, [rule.meta.id], { ...options, ruleSet: [rule] });
  assert.equal(fixed.text, expected, 'fixed text');
  const after = run(shell, rule, fixed.text, options);
  assert.deepEqual(after.model.problems.filter((p) => p.severity === 'error'), [], 'fixed file parses without errors');
  const fixable = after.findings.filter((f) => f.fixes?.length);
  assert.deepEqual(fixable.map((f) => f.message), [], 'no fixable finding survives the fix');
  assert.equal(fixAll(fixed.text, shell, [rule.meta.id], { ...options, ruleSet: [rule] }).text, fixed.text, 'fixing twice changes nothing');
}

/**
 * Fixture files beside a rule: `bad-*.Dockerfile` must report, `good-*.Dockerfile` must not;
 * `bad-x.fixed.Dockerfile`, when present, is what fixing `bad-x.Dockerfile` must produce.
 */
export function testRuleFixtures(rule: Rule, dir: string, options?: AnalysisOptions): void {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.Dockerfile') && !f.endsWith('.fixed.Dockerfile')) : [];
  test(`${rule.meta.id} has positive and negative fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('bad-')), `no bad-*.Dockerfile in ${dir}`);
    assert.ok(files.some((f) => f.startsWith('good-')), `no good-*.Dockerfile in ${dir}`);
  });
  for (const f of files) {
    test(`${rule.meta.id} fixture ${f}`, async () => {
      const shell = await loadShellParser();
      const code = fs.readFileSync(path.join(dir, f), 'utf8');
      const { findings } = run(shell, rule, code, options);
      if (f.startsWith('good-')) {
        assert.deepEqual(findings.map((x) => x.message), []);
        return;
      }
      assert.ok(findings.length > 0, 'expected a finding');
      const fixedPath = path.join(dir, f.replace(/\.Dockerfile$/, '.fixed.Dockerfile'));
      if (findings.some((x) => x.fixes?.length)) {
        assert.ok(fs.existsSync(fixedPath), `a fix is offered: add ${path.basename(fixedPath)}`);
        checkFixOutput(shell, rule, code, fs.readFileSync(fixedPath, 'utf8'), options);
      }
    });
  }
}
