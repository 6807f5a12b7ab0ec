// dockerlean inside a real VS Code: code-server (VS Code 1.100 workbench and extension host)
// driven by Chromium, with the packaged dockerlean.vsix installed. Skips with the reason when
// the tooling or the .vsix is absent, fails instead under DOCKERLEAN_E2E=require (CI).
//
//   bash scripts/e2e/install-code-server.sh && npm run package && npm test -- vscode.e2e
//
// One code-server session serves every scenario (startup is most of the cost); each scenario
// works in its own fresh copy of test/e2e/workspace/ inside the session's temp workspace.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { defaultVsixPath, e2eAvailable, packageExtension, startVSCode, waitUntil, type ProblemRow, type VSCodeSession } from './harness';
import { writeBigDockerfile } from './big-dockerfile';

const vsixPath = process.env.DOCKERLEAN_VSIX ?? defaultVsixPath;
const skip = e2eAvailable({ vsixPath });
const fixtures = fromRoot('test', 'e2e', 'workspace');

const S1 = 's1-diagnostics';
const S2 = 's2-quickfix';
const S3 = 's3-hover';
const S4 = 's4-report';
const S5 = 's5-split';
const S6 = 's6-inline-costs';
const S7 = 's7-robustness';
const S8 = 's8-coexistence';
const S9 = 's9-highlighting';
const BIG_FILE = 'generated-5mb.Dockerfile';
// Each burst of keystrokes in the 5 MB document must show up within this bound. VS Code alone
// needs ~1.5 s for the first burst on this 2-CPU machine; the margin absorbs a loaded CI run.
const TYPING_BOUND_MS = 8_000;

const fromDockerlean = (row: ProblemRow, rule: string): boolean => row.source === 'dockerlean' && row.code === rule;

test('dockerlean in VS Code (code-server + Chromium)', { skip, timeout: 10 * 60_000 }, async (t) => {
  // Real path: the Problems panel reports files by their resolved location.
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-e2e-ws-')));
  const at = (folder: string, name: string): string => path.join(root, folder, name);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-e2e-scratch-'));
  let session: VSCodeSession | undefined;
  try {
    // Everything is on disk before the workbench starts, so Quick Open's file index has it.
    for (const s of [S1, S2, S3, S4, S5, S6, S7, S8, S9]) fs.cpSync(fixtures, path.join(root, s), { recursive: true });
    writeBigDockerfile(path.join(root, S7, BIG_FILE), 5 * 1024 * 1024);

    session = await startVSCode({ workspaceDir: root, vsixPath });
    t.diagnostic(`startup (ms): ${JSON.stringify(session.timings)}`);
    const vs = session;

    // DOCKERLEAN_E2E_ONLY="5 6" runs just those scenarios, for working on one of them.
    const only = (process.env.DOCKERLEAN_E2E_ONLY ?? '').split(/[\s,]+/).filter(Boolean);
    const scenario = (name: string, fn: (t: TestContext) => Promise<void>, options: { todo?: string } = {}) =>
      t.test(name, { ...options, skip: only.length && !only.includes(name.split(' ')[0]) ? 'not selected by DOCKERLEAN_E2E_ONLY' : undefined }, async (st) => {
        const started = Date.now();
        await vs.resetUI();
        try {
          await fn(st);
        } catch (e) {
          await vs.screenshot(`${name.split(' ')[0]}-failure.tmp`).catch(() => undefined);
          throw e;
        } finally {
          st.diagnostic(`${name}: ${Date.now() - started} ms`);
        }
      });

    await scenario('1 warnings show as squiggles and in the Problems panel', async () => {
      await vs.openFile(`${S1}/Dockerfile`);
      // The first Dockerfile activates the extension and starts its language server.
      await vs.waitForSquiggle(undefined, 60_000);
      const rows = await vs.waitForProblems(
        'dockerlean',
        (r) => r.some((row) => row.file === at(S1, 'Dockerfile') && fromDockerlean(row, 'build-tools-in-final-image')),
        'build-tools-in-final-image from dockerlean did not reach the Problems panel',
      );
      const mine = rows.filter((r) => r.file === at(S1, 'Dockerfile'));
      assert.ok(mine.every((r) => r.source === 'dockerlean' && /^[a-z-]+$/.test(r.code)), `every row names a dockerlean rule: ${JSON.stringify(mine)}`);
      const buildTools = mine.find((r) => r.code === 'build-tools-in-final-image');
      assert.ok(buildTools && /build-essential/.test(buildTools.message), 'the finding names the build tool');
      await vs.screenshot('1-diagnostics');
    });

    await scenario('2 quick fix swaps the final full base image for its slim variant', async () => {
      const file = at(S2, 'Dockerfile.full');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const finalFrom = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0).pop();
      assert.ok(finalFrom !== undefined && lines[finalFrom] === 'FROM python:3.8.6-buster', 'fixture: final stage is FROM python:3.8.6-buster');
      const builderLine = lines.findIndex((l) => /^FROM\s/i.test(l));

      await vs.openFile(`${S2}/Dockerfile.full`);
      await vs.waitForProblems('full-base-image', (r) => r.some((row) => row.file === file && fromDockerlean(row, 'full-base-image')), 'full-base-image was not reported', 60_000);
      // Cursor on the image reference of the final FROM, where the finding sits.
      await vs.gotoLine(finalFrom + 1, lines[finalFrom].indexOf('python') + 1);
      await vs.quickFix('Use slim runtime base', { screenshot: '2-quickfix-menu' });
      await vs.waitForLine('FROM python:3.8.6-slim-buster');

      const after = (await vs.editorText()).split('\n');
      assert.equal(after[finalFrom], 'FROM python:3.8.6-slim-buster');
      assert.equal(after[builderLine], lines[builderLine], 'the build stage keeps its full image');
      assert.equal(after.length, lines.length, 'the fix edits one line only');
      await vs.waitForProblems('full-base-image', (r) => !r.some((row) => row.file === file && row.code === 'full-base-image'), 'full-base-image stayed in the Problems panel after the fix');
      await vs.problems({ filter: '' });
      await vs.screenshot('2-after-quickfix');
    });

    await scenario('3 hovering an apt-get install line shows the layer cost and its contributors', async () => {
      await vs.openFile(`${S3}/Dockerfile`);
      await vs.waitForSquiggle(undefined, 60_000);
      const text = await vs.hoverOnText('apt-get update', { contains: 'layer' });
      assert.match(text, /RUN layer \+\d+(\.\d)? MB/, text);
      assert.match(text, /build-essential/, 'the biggest contributor is named');
      assert.match(text, /Installed-Size/, 'the source of the figure is named');
      await vs.screenshot('3-hover-layer-cost');
      await vs.dismissHover();
    });

    await scenario('4 "Estimate final image size" opens the report with the total and the chart', async () => {
      await vs.openFile(`${S4}/Dockerfile`);
      await vs.waitForSquiggle(undefined, 60_000);
      await vs.runCommand('dockerlean: Estimate final image size');
      const text = await vs.webviewText({ contains: 'Estimated final image size', timeoutMs: 30_000 });
      assert.match(text, /\d+ MB/, 'a total in MB');
      assert.match(text, /Layers in the final image/);
      assert.match(text, /What the available fixes would save/);
      const bars = await vs.webview().locator('.bar').count();
      assert.ok(bars >= 2, `a bar per big layer (saw ${bars})`);
      await vs.screenshot('4-estimate-report');
    });

    await scenario('5 "Split into build and runtime stages" shows the refactor preview and clears the finding', async () => {
      const file = at(S5, 'Dockerfile');
      await vs.openFile(`${S5}/Dockerfile`);
      await vs.waitForProblems('build-tools-in-final-image', (r) => r.some((row) => row.file === file && fromDockerlean(row, 'build-tools-in-final-image')), 'build-tools finding before the split', 60_000);
      await vs.runCommand('dockerlean: Split into build and runtime stages');
      const apply = vs.page.getByRole('button', { name: 'Apply', exact: true });
      await apply.waitFor({ state: 'visible', timeout: 30_000 });
      // The change needs confirmation: the preview lists it unchecked until the user ticks it.
      const row = vs.page.locator('.monaco-list-row', { hasText: 'Dockerfile' }).filter({ has: vs.page.locator('input[type=checkbox], .monaco-checkbox, .codicon-check') });
      const box = vs.page.locator('.monaco-pane-view input[type=checkbox], .monaco-pane-view .monaco-checkbox').first();
      if (await box.count()) await box.click();
      else await row.first().click();
      await vs.screenshot('5-split-preview');
      await apply.click();
      await vs.waitForLine('AS builder', 30_000);
      await vs.waitForProblems('build-tools-in-final-image', (r) => !r.some((row) => row.file === file && row.code === 'build-tools-in-final-image'), 'build-tools-in-final-image still reported after the split', 30_000);
      const after = await vs.editorText();
      assert.match(after, /COPY --from=builder \/opt\/venv \/opt\/venv/);
      await vs.screenshot('5-after-split');
      await vs.revertFile();
    });

    await scenario('6 the status bar shows the estimate, and the settings hide it and the inline costs', async () => {
      await vs.openFile(`${S6}/Dockerfile`);
      await vs.waitForSquiggle(undefined, 60_000);
      const status = await vs.waitForStatusBar('dockerlean.size', 30_000);
      assert.match(status, /\d+ MB/, status);
      const hints = await inlineHints(vs);
      assert.ok(hints.some((h) => /^\+\d+(\.\d)? MB/.test(h)), `inline costs shown: ${JSON.stringify(hints)}`);
      await vs.screenshot('6-inline-costs');
      await vs.setSettings({ 'dockerlean.statusBar': false, 'dockerlean.inlineCosts': false });
      await waitUntil(async () => ((await vs.statusBarText('dockerlean.size')) === undefined ? true : null), { timeoutMs: 15_000, message: 'status bar item stayed' });
      await waitUntil(async () => ((await inlineHints(vs)).length === 0 ? true : null), { timeoutMs: 15_000, message: 'inline costs stayed' });
      await vs.screenshot('6-costs-hidden');
      await vs.setSettings({ 'dockerlean.statusBar': true, 'dockerlean.inlineCosts': true });
    });

    await scenario('7a a damaged Dockerfile (binary junk, unterminated heredoc) is analysed', async () => {
      await vs.openFile(`${S7}/broken.Dockerfile`);
      assert.equal(await vs.languageMode(), 'Docker', 'broken.Dockerfile opens in the dockerfile language');
      // Findings on its readable lines prove the server analysed the junk instead of giving up.
      await vs.waitForProblems(
        'dockerlean',
        (r) => r.some((row) => row.file === at(S7, 'broken.Dockerfile') && row.source === 'dockerlean'),
        'no dockerlean finding for broken.Dockerfile',
      );
      await vs.waitForSquiggle();
      await vs.screenshot('7a-broken-file');
      await assertNoCrash(vs);
    });

    await scenario('7b typing stays responsive in a 5 MB Dockerfile and nothing crashes', async (st) => {
      await vs.openFile(`${S7}/${BIG_FILE}`, { timeoutMs: 60_000 });
      assert.equal(await vs.languageMode(), 'Docker');
      await vs.focusEditor();
      await vs.page.keyboard.press('Control+End');
      for (const marker of ['# typed-while-huge', ' and again']) {
        const typedAt = Date.now();
        await vs.typeText(marker);
        await vs.waitForLine(marker.trim(), TYPING_BOUND_MS);
        st.diagnostic(`"${marker}" showed up after ${Date.now() - typedAt} ms`);
      }
      await vs.screenshot('7b-huge-file');
      await vs.revertFile();
      // Give a crash time to surface before looking for one.
      await new Promise((r) => setTimeout(r, 3_000));
      await assertNoCrash(vs);
    });

    await scenario('7c dockerlean still answers other files after the huge one', async () => {
      await vs.openFile(`${S7}/Dockerfile`);
      await vs.focusEditor();
      await vs.page.keyboard.press('Control+End');
      await vs.pasteText('\nRUN apt-get update && apt-get install -y curl\n');
      try {
        await vs.waitForProblems(
          'apt-no-install-recommends',
          (r) => r.some((row) => row.file === at(S7, 'Dockerfile') && fromDockerlean(row, 'apt-no-install-recommends')),
          'a new finding in a small Dockerfile did not appear within 30 s of opening the 5 MB one (is the server still busy with it?)',
          30_000,
        );
      } finally {
        await vs.revertFile();
      }
      await assertNoCrash(vs);
    });

    await scenario('9 shell and Python in RUN and heredocs are highlighted (compared with VS Code alone)', async () => {
      // "After": with dockerlean's grammars, tokens inside the RUN heredoc get shell colours.
      await vs.openFile(`${S9}/heredocs.Dockerfile`);
      await vs.waitForLine('apt-get install -y --no-install-recommends gcc libpq-dev');
      const withGrammar = await distinctColours(vs, 'apt-get install -y --no-install-recommends gcc libpq-dev');
      await vs.screenshot('9-heredocs-highlighted');
      // "Before": the same file in a VS Code without dockerlean.
      const plain = await startVSCode({ workspaceDir: path.join(root, S9) });
      try {
        await plain.openFile('heredocs.Dockerfile');
        await plain.waitForLine('apt-get install -y --no-install-recommends gcc libpq-dev');
        const without = await distinctColours(plain, 'apt-get install -y --no-install-recommends gcc libpq-dev');
        await plain.screenshot('9-heredocs-without-dockerlean');
        assert.ok(withGrammar > without, `heredoc body has more token colours with dockerlean (${withGrammar}) than without (${without})`);
      } finally {
        await plain.close();
      }
    });

    await scenario('8 another extension contributing the dockerfile language coexists', async () => {
      const vsix = packageExtension(writeCoexistingExtension(path.join(scratch, 'coexist')), path.join(scratch, 'coexist.vsix'));
      vs.installExtension(vsix);
      await vs.reloadWindow();

      await vs.openFile(`${S8}/Dockerfile`);
      await vs.waitForSquiggle(undefined, 60_000);
      await vs.waitForProblems(
        'build-tools-in-final-image',
        (r) => r.some((row) => row.file === at(S8, 'Dockerfile') && fromDockerlean(row, 'build-tools-in-final-image')),
        'dockerlean diagnostics missing next to the other dockerfile extension',
      );
      // Both extensions activated on the same language.
      await vs.waitForStatusBar('Coexist: active');
      const errors = (await vs.notificationsSeen()).filter((n) => n.severity === 'error' || /activat|already registered|duplicate/i.test(n.text));
      assert.deepEqual(errors, [], 'no error notification');
      await assertNoCrash(vs);
      await vs.screenshot('8-coexistence');
    });
  } finally {
    await session?.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

/** How many different text colours the line containing `needle` is drawn with. */
async function distinctColours(vs: VSCodeSession, needle: string): Promise<number> {
  return vs.page.evaluate(`(() => {
    for (const line of document.querySelectorAll('.editor-instance .view-line')) {
      if (!(line.textContent || '').replace(/\\u00a0/g, ' ').includes(${JSON.stringify(needle)})) continue;
      const colours = new Set();
      for (const span of line.querySelectorAll('span span')) if ((span.textContent || '').trim()) colours.add(getComputedStyle(span).color);
      return colours.size;
    }
    return 0;
  })()`) as Promise<number>;
}

/** Inlay hints are drawn as injected text: read their labels (text or CSS content) from the editor's DOM. */
async function inlineHints(vs: VSCodeSession): Promise<string[]> {
  // A string expression: the test is compiled without DOM typings, the page has the DOM.
  return vs.page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('.editor-instance .view-lines span')) {
      const texts = [el.textContent || '', getComputedStyle(el, '::before').content, getComputedStyle(el, '::after').content];
      for (const t of texts) {
        const v = String(t).replace(/^"|"$/g, '').replace(/\\u00a0/g, ' ').trim();
        if (/^[+][0-9.]+ (kB|MB|GB)/.test(v)) out.push(v);
      }
    }
    return out;
  })()`) as Promise<string[]>;
}

/** Neither a crash notification in the workbench nor an abnormal extension host exit in the log. */
async function assertNoCrash(vs: VSCodeSession): Promise<void> {
  const crashes = (await vs.notificationsSeen()).filter((n) => /terminated unexpectedly|extension host/i.test(n.text));
  assert.deepEqual(crashes, [], 'no extension host crash notification');
  assert.deepEqual(vs.extensionHostCrashes(), [], 'no abnormal extension host exit in the code-server log');
}


/** A minimal extension that also contributes the `dockerfile` language id and shows it is active. */
function writeCoexistingExtension(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'other-dockerfile-support',
    displayName: 'Other Dockerfile Support',
    description: 'Second extension claiming the dockerfile language, for the coexistence test',
    version: '0.0.1',
    publisher: 'e2etest',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    main: './extension.js',
    activationEvents: ['onLanguage:dockerfile'],
    contributes: {
      languages: [{ id: 'dockerfile', aliases: ['Dockerfile'], filenames: ['Dockerfile', 'Containerfile'], extensions: ['.dockerfile'] }],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    `const vscode = require('vscode');
exports.activate = (context) => {
  const item = vscode.window.createStatusBarItem('otherDockerfile.status', vscode.StatusBarAlignment.Right, 10);
  item.text = 'Coexist: active';
  item.show();
  context.subscriptions.push(item);
};
exports.deactivate = () => {};
`,
  );
  fs.writeFileSync(path.join(dir, 'README.md'), '# Other Dockerfile Support\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  return dir;
}
