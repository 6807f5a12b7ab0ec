import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ALL_RULES } from '../server/src/core/rules';
import { fromRoot } from './support/paths';

const rulesDir = fromRoot('server/src/core/rules');
// `shared/` holds helpers several rules use; every other folder is one rule.
const folders = fs.readdirSync(rulesDir).filter((f) => f !== 'shared' && fs.statSync(`${rulesDir}/${f}`).isDirectory());

test('every rule folder is registered and every registered rule has a folder', () => {
  assert.deepEqual([...folders].sort(), ALL_RULES.map((r) => r.meta.id).sort());
});

test('ids are unique kebab-case', () => {
  const ids = ALL_RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
});

for (const rule of ALL_RULES) {
  const id = rule.meta.id;
  test(`${id}: docs page, tests and fixtures beside it`, () => {
    assert.ok(fs.existsSync(fromRoot(`docs/rules/${id}.md`)), 'docs/rules page');
    assert.match(fs.readFileSync(fromRoot(`docs/rules/${id}.md`), 'utf8'), new RegExp(`^# ${id}\\n`));
    assert.equal(fs.realpathSync(`${rulesDir}/${id}/docs.md`), fs.realpathSync(fromRoot(`docs/rules/${id}.md`)), 'docs.md links the page');
    assert.ok(fs.existsSync(`${rulesDir}/${id}/${id}.test.ts`), 'test file');
    assert.ok(fs.existsSync(`${rulesDir}/${id}/fixtures`), 'fixtures folder');
    const index = fs.readFileSync(fromRoot('docs/rules/README.md'), 'utf8');
    assert.ok(index.includes(`[${id}](${id}.md)`), 'listed in docs/rules/README.md');
    for (const h of rule.meta.hadolint ?? []) assert.ok(index.includes(h), `hadolint ${h} in the index`);
  });
}

test('package.json settings accept every rule id and severity', () => {
  const pkg = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8'));
  const rules = pkg.contributes.configuration.properties['dockerlean.rules'];
  assert.deepEqual(rules.additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off']);
});
