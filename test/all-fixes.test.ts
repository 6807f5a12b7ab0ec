import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/core/analyze';
import { applyEdits } from '../server/src/core/fix/apply-edits';
import { buildModel } from '../server/src/core/model/build-model';
import { openBuildContext } from '../server/src/node/build-context';
import { loadShellParser } from '../server/src/node/shell-parser-loader';
import { fromRoot } from './support/paths';
import { testFacts } from './support/size-facts';

/** Every Dockerfile the repository keeps as a fixture, wherever it lives. */
function fixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'snapshots', 'screenshots'].includes(e.name)) walk(p);
      } else if (/(^|\.)Dockerfile(\..*)?$/.test(e.name) && !e.name.endsWith('.fixed.Dockerfile') && !/\.snap$/.test(e.name)) out.push(p);
    }
  };
  for (const d of ['test/fixtures', 'test/e2e/workspace', 'test/docker/fixtures', 'server/src/core/rules']) walk(fromRoot(d));
  return out.sort();
}

/**
 * The catalogue's promise, checked across all fixtures rather than rule by rule: each fix offered
 * anywhere yields a Dockerfile that parses, clears its finding, adds no new error, and is not
 * offered again at the same place.
 */
test('every quick fix on every fixture parses, clears its finding and is not offered twice', async () => {
  const shell = await loadShellParser();
  const facts = testFacts();
  let checked = 0;
  const failures: string[] = [];
  for (const file of fixtureFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    const options = { facts, buildContext: openBuildContext(path.dirname(file)) };
    const before = analyze(text, shell, options);
    const errorsBefore = before.findings.filter((f) => f.severity === 'error').length;
    for (const finding of before.findings) {
      for (const fix of finding.fixes ?? []) {
        checked++;
        const where = `${path.relative(fromRoot(), file)}:${finding.range.start.line + 1} [${finding.ruleId}] ${fix.title}`;
        const fixed = applyEdits(text, fix.edits);
        if (fixed.skipped) failures.push(`${where}: overlapping edits`);
        const model = buildModel(fixed.text, shell);
        if (model.problems.some((p) => p.severity === 'error')) failures.push(`${where}: result does not parse cleanly`);
        const after = analyze(fixed.text, shell, options);
        // Same rule, same line, same fix: the finding survived its own fix (edits on that line keep it there).
        const again = after.findings.filter(
          (f) => f.ruleId === finding.ruleId && f.range.start.line === finding.range.start.line && (f.fixes ?? []).some((x) => x.title === fix.title),
        );
        if (again.length) failures.push(`${where}: the same finding and fix are offered again`);
        if (after.findings.filter((f) => f.severity === 'error').length > errorsBefore) failures.push(`${where}: adds an error-level finding`);
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} fixes exercised`);
  assert.deepEqual(failures, []);
});
