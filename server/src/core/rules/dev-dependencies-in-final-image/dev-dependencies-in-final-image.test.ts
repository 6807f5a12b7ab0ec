import { testFacts } from '../../../../../test/support/size-facts';
import * as sizeQuoteFs from 'node:fs';
import * as sizeQuoteOs from 'node:os';
import * as sizeQuotePath from 'node:path';
import { openBuildContext } from '../../../node/build-context';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../analyze';
import { loadShellParser } from '../../../node/shell-parser-loader';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { devDependenciesInFinalImage } from './rule';

testRule(devDependenciesInFinalImage, {
  valid: [
    { name: 'poetry --without dev', code: 'FROM python:3.12-slim\nRUN pip install poetry && poetry install --without dev --no-root\n' },
    { name: 'poetry --only main', code: 'FROM python:3.12-slim\nRUN pip install poetry && poetry install --only=main\n' },
    { name: 'npm ci --omit=dev', code: 'FROM node:20-slim\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n' },
    { name: 'NODE_ENV=production from ENV', code: 'FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\n' },
    { name: 'NODE_ENV exported earlier in the RUN', code: 'FROM node:20-slim\nRUN export NODE_ENV=production && yarn install --frozen-lockfile\n' },
    { name: 'uv sync --no-dev', code: 'FROM python:3.12-slim\nRUN uv sync --locked --no-dev\n' },
    { name: 'pnpm -P', code: 'FROM node:20-slim\nRUN pnpm install -P --frozen-lockfile\n' },
    { name: 'pipenv without --dev', code: 'FROM python:3.12-slim\nRUN pipenv install --deploy --system\n' },
    {
      name: 'only in a builder stage',
      code: 'FROM python:3.12 AS build\nRUN pip install poetry && poetry install\nFROM python:3.12-slim\nCOPY --from=build /app /app\n',
    },
    {
      name: 'build target is a test stage',
      code: 'FROM python:3.12-slim AS base\nRUN pip install poetry\nFROM base AS test\nRUN poetry install\nFROM base\nRUN poetry install --only main\n',
      options: { target: 'test' },
    },
    { name: 'global tool install', code: 'FROM node:20-slim\nRUN npm install -g pnpm\n' },
    { name: 'pruned in the same RUN after the build', code: 'FROM node:20-slim\nRUN npm ci && npm run build && npm prune --omit=dev\nCMD ["node", "dist/index.js"]\n' },
  ],
  invalid: [
    {
      name: 'poetry install, poetry installed unpinned',
      code: 'FROM python:3.12-slim\nRUN pip install poetry\nRUN poetry install --no-interaction\n',
      lines: [3],
      data: { tool: 'poetry', change: '--without dev' },
      output: 'FROM python:3.12-slim\nRUN pip install poetry\nRUN poetry install --without dev --no-interaction\n',
    },
    {
      name: 'poetry pinned below 1.2 through POETRY_VERSION and the official installer',
      code: 'FROM python:3.8-slim\nENV POETRY_VERSION=1.1.4\nRUN curl -sSL https://install.python-poetry.org | python3 -\nRUN . /app/venv/bin/activate \\\n    && poetry install\n',
      lines: [5],
      data: { change: '--no-dev' },
      output: 'FROM python:3.8-slim\nENV POETRY_VERSION=1.1.4\nRUN curl -sSL https://install.python-poetry.org | python3 -\nRUN . /app/venv/bin/activate \\\n    && poetry install --no-dev\n',
    },
    {
      name: 'poetry from the base image: spelling unknown, fix is a suggestion',
      code: 'FROM acme/python-poetry:3.12\nRUN poetry install\n',
      lines: [2],
      data: { change: '--without dev' },
      output: 'FROM acme/python-poetry:3.12\nRUN poetry install --without dev\n',
    },
    {
      name: 'variable arguments: information, no fix',
      code: 'FROM python:3.8-slim\nARG POETRY_OPTIONS\nRUN pip install "poetry==1.1.4" && poetry install $POETRY_OPTIONS\n',
      lines: [3],
      data: { unsure: true },
    },
    {
      name: 'npm ci on node 20, CRLF',
      code: 'FROM node:20-slim\r\nWORKDIR /app\r\nRUN npm ci\r\nCMD ["node", "server.js"]\r\n',
      lines: [3],
      data: { tool: 'npm', change: '--omit=dev' },
      output: 'FROM node:20-slim\r\nWORKDIR /app\r\nRUN npm ci --omit=dev\r\nCMD ["node", "server.js"]\r\n',
    },
    {
      name: 'npm 6 (node 14) gets --production',
      code: 'FROM node:14-slim\nRUN ["npm", "install"]\n',
      lines: [2],
      data: { change: '--production' },
      output: 'FROM node:14-slim\nRUN ["npm", "install", "--production"]\n',
    },
    {
      name: 'npm run build afterwards needs the dev dependencies: information, no fix',
      code: 'FROM python:3.12-slim AS dev\nRUN apt-get update && apt-get install -y nodejs npm\nRUN npm install\nFROM dev\nRUN npm run build\n',
      lines: [3],
      data: { tool: 'npm', neededBy: 'npm run build' },
    },
    {
      name: 'pipenv --dev is dropped, in a heredoc',
      code: 'FROM python:3.12-slim\nRUN <<EOF\npip install pipenv\npipenv install --system --dev\nEOF\n',
      lines: [4],
      data: { tool: 'pipenv' },
      output: 'FROM python:3.12-slim\nRUN <<EOF\npip install pipenv\npipenv install --system\nEOF\n',
    },
    {
      name: 'uv sync and pnpm install',
      code: 'FROM python:3.12-slim\nRUN uv sync --locked\nRUN pnpm install\n',
      lines: [2, 3],
      output: 'FROM python:3.12-slim\nRUN uv sync --no-dev --locked\nRUN pnpm install --prod\n',
    },
    {
      name: 'bare yarn gets --production as a suggestion',
      code: 'FROM node:18-alpine\nRUN yarn && yarn cache clean\n',
      lines: [2],
      data: { tool: 'yarn', change: '--production' },
      output: 'FROM node:18-alpine\nRUN yarn --production && yarn cache clean\n',
    },
    {
      name: 'build target selects the stage that installs; exec form poetry',
      code: 'FROM python:3.12-slim AS app\nRUN pip install poetry\nRUN ["poetry", "install", "--no-root"]\nFROM app AS docs\nRUN pip install mkdocs\n',
      options: { target: 'app' },
      lines: [3],
      output: 'FROM python:3.12-slim AS app\nRUN pip install poetry\nRUN ["poetry", "install", "--without", "dev", "--no-root"]\nFROM app AS docs\nRUN pip install mkdocs\n',
    },
    {
      name: 'development requirements file by name',
      code: 'FROM python:3.12-slim\nCOPY requirements-dev.txt .\nRUN pip install -r requirements-dev.txt\n',
      lines: [3],
      data: { tool: 'pip' },
    },
  ],
});

testRuleFixtures(devDependenciesInFinalImage, fromRoot('server/src/core/rules/dev-dependencies-in-final-image/fixtures'));

test('dev-dependencies-in-final-image: safety follows what the Dockerfile tells about the tool version', async () => {
  const shell = await loadShellParser();
  const safetyOf = (code: string) =>
    analyze(code, shell, { ruleSet: [devDependenciesInFinalImage] }).findings.map((f) => `${f.severity}:${(f.fixes ?? []).map((x) => x.safety).join(',')}`);
  assert.deepEqual(safetyOf('FROM python:3.12-slim\nRUN pipx install poetry==1.8.3 && poetry install\n'), ['warning:safe']);
  assert.deepEqual(safetyOf('FROM acme/poetry\nRUN poetry install\n'), ['warning:suggestion']);
  assert.deepEqual(safetyOf('FROM python:3.12-slim\nRUN apt-get install -y npm && npm ci\n'), ['warning:suggestion']);
  assert.deepEqual(safetyOf('FROM python:3.12-slim\nRUN npm install -g npm@8.18.0 && npm ci\n'), ['warning:safe']);
  assert.deepEqual(safetyOf('FROM node:20\nRUN npm ci && npm run build\n'), ['information:']);
});

// A build context with a package-lock.json of 3 packages (2 of them dev), for the node_modules estimate.
const sizeQuoteDir = sizeQuoteFs.mkdtempSync(sizeQuotePath.join(sizeQuoteOs.tmpdir(), 'dockerlean-node-'));
sizeQuoteFs.writeFileSync(
  sizeQuotePath.join(sizeQuoteDir, 'package-lock.json'),
  JSON.stringify({ packages: { '': {}, 'node_modules/a': {}, 'node_modules/b': { dev: true }, 'node_modules/c': { dev: true } } }),
);
process.on('exit', () => sizeQuoteFs.rmSync(sizeQuoteDir, { recursive: true, force: true }));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(devDependenciesInFinalImage, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM node:20-slim\nWORKDIR /app\nRUN npm ci\nCMD ["node", "server.js"]\n',
      lines: [3],
      message: /≈ \d/,
      data: { tool: 'npm', bytes: 1050000 },
      options: { facts: testFacts(), buildContext: openBuildContext(sizeQuoteDir) },
      output: 'FROM node:20-slim\nWORKDIR /app\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
    },
  ],
});
