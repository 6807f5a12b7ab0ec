import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { applyEdits } from '../../server/src/core/fix/apply-edits';
import type { Rule } from '../../server/src/core/rules/types';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';

export interface AlternativeFixCase {
  readonly name: string;
  readonly code: string;
  /** Picks the fix by its title, among those of the first finding that offers one matching. */
  readonly title: RegExp;
  readonly output: string;
  /** The fix's declared safety. */
  readonly safety?: 'safe' | 'suggestion';
}

/**
 * The rule tester applies each finding's first fix; rules offering alternatives (a flag, or a
 * cache mount) check the others here: the output is exact, parses, clears the finding, and the
 * same fix is not offered again.
 */
export function testAlternativeFixes(rule: Rule, cases: readonly AlternativeFixCase[]): void {
  for (const c of cases) {
    test(`${rule.meta.id} alternative fix: ${c.name}`, async () => {
      const shell = await loadShellParser();
      const before = analyze(c.code, shell, { ruleSet: [rule] });
      const finding = before.findings.find((f) => f.fixes?.some((x) => c.title.test(x.title)));
      assert.ok(finding, `no fix titled ${c.title}; offered: ${before.findings.flatMap((f) => f.fixes ?? []).map((x) => x.title).join(' | ')}`);
      const fix = finding.fixes!.find((x) => c.title.test(x.title))!;
      if (c.safety) assert.equal(fix.safety, c.safety, 'safety');
      const fixed = applyEdits(c.code, fix.edits).text;
      assert.equal(fixed, c.output, 'fixed text');
      const after = analyze(fixed, shell, { ruleSet: [rule] });
      assert.deepEqual(after.model.problems.filter((p) => p.severity === 'error'), [], 'fixed file parses without errors');
      assert.deepEqual(after.internalErrors, []);
      const sameLine = after.findings.filter((f) => f.range.start.line === finding.range.start.line && f.fixes?.some((x) => c.title.test(x.title)));
      assert.deepEqual(sameLine.map((f) => f.message), [], 'the fix is not offered again');
    });
  }
}
