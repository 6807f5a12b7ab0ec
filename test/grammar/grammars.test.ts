// Grammar tests: scope assertions (test/grammar/cases) and snapshots (test/grammar/snapshots)
// run through the vscode-tmgrammar-test CLI against VS Code's built-in Dockerfile grammar with
// our injections. Set UPDATE_GRAMMAR_SNAPSHOTS=1 to rewrite the .snap files after a deliberate
// grammar change (then read the diff).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import {
  CliResult,
  GRAMMAR_CONTRIBUTIONS,
  LANGUAGE_CONTRIBUTIONS,
  filesIn,
  runNode,
  runTmGrammarCli,
  writeConfig,
} from './grammar-setup';

const casesDir = fromRoot('test/grammar/cases');
const snapshotsDir = fromRoot('test/grammar/snapshots');
const dockerfileCases = filesIn(casesDir, ['.Dockerfile']);
const dockerignoreCases = filesIn(casesDir, ['.dockerignore']);
const dockerfileSnapshots = filesIn(snapshotsDir, ['.Dockerfile']);
const dockerignoreSnapshots = filesIn(snapshotsDir, ['.dockerignore']);
const updateSnapshots = process.env.UPDATE_GRAMMAR_SNAPSHOTS === '1';

// This case asserts scopes that only the injection grammars produce.
const INJECTION_ONLY_CASE = path.join(casesDir, 'run-shell-form.Dockerfile');

describe('syntaxes', () => {
  let dir = '';
  // The CLI runs are independent and each takes a second or two (mostly start-up), so they
  // are started together and each test awaits its own.
  const runs: Record<string, Promise<CliResult>> = {};

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-grammar-'));
    const withInjections = writeConfig(fs.mkdtempSync(path.join(dir, 'with-')), { injections: true });
    const baseOnly = writeConfig(fs.mkdtempSync(path.join(dir, 'base-')), { injections: false });
    const update = updateSnapshots ? ['--updateSnapshot'] : [];
    runs.generator = runNode([fromRoot('scripts/syntaxes/generate-dockerfile-grammars.mjs'), '--check']);
    runs.assertions = runTmGrammarCli('unit', ['--config', withInjections, ...dockerfileCases, ...dockerignoreCases]);
    runs.withoutInjections = runTmGrammarCli('unit', ['--config', baseOnly, INJECTION_ONLY_CASE]);
    runs.dockerfileSnapshots = runTmGrammarCli('snapshot', [
      '--config', withInjections, '--scope', 'source.dockerfile', ...update, ...dockerfileSnapshots,
    ]);
    runs.dockerignoreSnapshots = runTmGrammarCli('snapshot', [
      '--config', withInjections, '--scope', 'source.dockerignore', ...update, ...dockerignoreSnapshots,
    ]);
  });

  after(async () => {
    await Promise.allSettled(Object.values(runs));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the generated injection grammars match their generator', async () => {
    const r = await runs.generator;
    assert.equal(r.code, 0, r.output);
  });

  test('every scope assertion in test/grammar/cases holds', async () => {
    assert.ok(dockerfileCases.length >= 4 && dockerignoreCases.length >= 1, 'the assertion cases are missing');
    const r = await runs.assertions;
    assert.equal(r.code, 0, r.output);
    for (const file of [...dockerfileCases, ...dockerignoreCases]) {
      assert.match(r.output, new RegExp(`${escape(path.basename(file))} run successfuly`), `${file} did not run`);
    }
  });

  test('the assertions depend on the injection grammars', async () => {
    const r = await runs.withoutInjections;
    assert.notEqual(r.code, 0, 'the case passed with the built-in grammar alone, so it tests nothing of ours');
    assert.match(r.output, /meta\.embedded\.line\.shell\.dockerfile/);
  });

  for (const [name, files] of [
    ['Dockerfile', dockerfileSnapshots],
    ['.dockerignore', dockerignoreSnapshots],
  ] as const) {
    test(`${name} snapshots are unchanged`, async () => {
      assert.ok(files.length > 0, `no ${name} snapshot sources`);
      if (!updateSnapshots) {
        // The CLI writes a missing .snap and reports success, which would prove nothing.
        for (const file of files) assert.ok(fs.existsSync(`${file}.snap`), `${file}.snap is missing`);
      }
      const r = await runs[name === 'Dockerfile' ? 'dockerfileSnapshots' : 'dockerignoreSnapshots'];
      assert.equal(r.code, 0, r.output);
    });
  }

  test('package.json contributes the grammars and the language the tests use', (t) => {
    const manifest = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as {
      contributes?: { grammars?: unknown[]; languages?: unknown[] };
    };
    const grammars = manifest.contributes?.grammars ?? [];
    const languages = manifest.contributes?.languages ?? [];
    const grammarFor = (scopeName: string) => grammars.find((g) => (g as { scopeName?: string }).scopeName === scopeName);
    const languageFor = (id: string) => languages.find((l) => (l as { id?: string }).id === id);
    const integrated =
      GRAMMAR_CONTRIBUTIONS.some((g) => grammarFor(g.scopeName)) || LANGUAGE_CONTRIBUTIONS.some((l) => languageFor(l.id));
    if (!integrated) {
      t.skip('package.json does not contribute the syntaxes yet');
      return;
    }
    for (const expected of GRAMMAR_CONTRIBUTIONS) {
      assert.deepEqual(grammarFor(expected.scopeName), expected, `contributes.grammars entry for ${expected.scopeName}`);
    }
    for (const expected of LANGUAGE_CONTRIBUTIONS) {
      assert.deepEqual(languageFor(expected.id), expected, `contributes.languages entry for ${expected.id}`);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
