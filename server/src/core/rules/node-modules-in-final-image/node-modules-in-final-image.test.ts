import { testFacts } from '../../../../../test/support/size-facts';
import * as sizeQuoteFs from 'node:fs';
import * as sizeQuoteOs from 'node:os';
import * as sizeQuotePath from 'node:path';
import { openBuildContext } from '../../../node/build-context';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { nodeModulesInFinalImage } from './rule';

testRule(nodeModulesInFinalImage, {
  valid: [
    {
      name: 'assets built in their own stage',
      code: 'FROM node:20 AS assets\nWORKDIR /web\nRUN npm ci && npm run build\nFROM python:3.12-slim\nCOPY --from=assets /web/dist /app/static\nCMD ["gunicorn", "app:app"]\n',
    },
    { name: 'node_modules removed in the same RUN', code: 'FROM python:3.12-slim\nRUN npm ci && npm run build && rm -rf node_modules\nCMD ["gunicorn", "app:app"]\n' },
    {
      name: 'node_modules on a cache mount',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/app/node_modules npm ci && npm run build\nCMD ["gunicorn", "app:app"]\n',
    },
    { name: 'a Node server needs its node_modules', code: 'FROM node:20-slim\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n' },
    { name: 'install without a build', code: 'FROM python:3.12-slim\nRUN npm ci\nCMD ["gunicorn", "app:app"]\n' },
    { name: 'yarn cache clean is not a build', code: 'FROM python:3.12-slim\nRUN yarn install && yarn cache clean\nCMD ["gunicorn", "app:app"]\n' },
  ],
  invalid: [
    {
      name: 'npm run build where the app runs',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nRUN npm ci\nRUN npm run build\nCMD ["gunicorn", "app:app"]\n',
      lines: [4],
      data: { install: 'npm ci', build: 'npm run build', removedLater: false },
    },
    {
      name: 'seed 001 shape: install in dev, npx tailwindcss in the final stage built on it',
      code: 'FROM python:3.11-slim AS dev\nWORKDIR /app\nRUN npm install\nFROM dev AS final\nRUN npx tailwindcss -i ./static/src/in.css -o ./static/css/out.css --minify\nCMD ["gunicorn", "cms.wsgi"]\n',
      lines: [5],
      data: { install: 'npm install', build: 'npx tailwindcss' },
    },
    {
      name: 'removed in a later layer still counts',
      code: 'FROM python:3.12-slim\nRUN yarn install --frozen-lockfile && yarn build\nRUN rm -rf node_modules\nCMD ["gunicorn", "app:app"]\n',
      lines: [2],
      data: { build: 'yarn build', removedLater: true },
    },
    {
      name: 'django-tailwind in one RUN with continuations and CRLF',
      code: 'FROM python:3.12-slim\r\nRUN python manage.py tailwind install --no-input \\\r\n && python manage.py tailwind build --no-input\r\nCMD ["gunicorn", "cms.wsgi"]\r\n',
      lines: [3],
      data: { install: 'manage.py tailwind install', build: 'manage.py tailwind build' },
    },
    {
      name: 'heredoc with pnpm and webpack',
      code: 'FROM nginx:alpine\nRUN <<EOF\napk add --no-cache nodejs npm\nnpm install -g pnpm\npnpm install\n./node_modules/.bin/webpack --mode production\nEOF\n',
      lines: [6],
      data: { install: 'pnpm install', build: 'webpack' },
    },
    {
      name: 'build target picks the stage that builds',
      code: 'FROM python:3.12-slim AS web\nRUN npm ci && npx vite build\nCMD ["gunicorn", "app:app"]\nFROM python:3.12-slim AS worker\nCMD ["celery", "worker"]\n',
      options: { target: 'web' },
      lines: [2],
      data: { build: 'npx vite' },
    },
  ],
});

testRuleFixtures(nodeModulesInFinalImage, fromRoot('server/src/core/rules/node-modules-in-final-image/fixtures'));

// A build context with a package-lock.json of 3 packages (2 of them dev), for the node_modules estimate.
const sizeQuoteDir = sizeQuoteFs.mkdtempSync(sizeQuotePath.join(sizeQuoteOs.tmpdir(), 'dockerlean-node-'));
sizeQuoteFs.writeFileSync(
  sizeQuotePath.join(sizeQuoteDir, 'package-lock.json'),
  JSON.stringify({ packages: { '': {}, 'node_modules/a': {}, 'node_modules/b': { dev: true }, 'node_modules/c': { dev: true } } }),
);
process.on('exit', () => sizeQuoteFs.rmSync(sizeQuoteDir, { recursive: true, force: true }));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(nodeModulesInFinalImage, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nRUN npm install tailwindcss && npx tailwindcss -o out.css\nCMD ["python", "app.py"]\n',
      lines: [3],
      message: /≈ \d/,
      data: { bytes: 1050000 },
      options: { facts: testFacts(), buildContext: openBuildContext(sizeQuoteDir) },
    },
  ],
});
