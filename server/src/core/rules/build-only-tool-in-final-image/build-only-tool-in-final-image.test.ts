import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../analyze';
import { loadShellParser } from '../../../node/shell-parser-loader';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { buildOnlyToolInFinalImage } from './rule';

testRule(buildOnlyToolInFinalImage, {
  valid: [
    {
      name: 'poetry only in the builder',
      code: 'FROM python:3.12 AS build\nRUN pip install poetry && poetry install --only main\nFROM python:3.12-slim\nCOPY --from=build /app /app\nCMD ["python", "-m", "app"]\n',
    },
    { name: 'poetry run is the command', code: 'FROM python:3.12-slim\nRUN pip install poetry && poetry install --only main\nCMD ["poetry", "run", "serve"]\n' },
    { name: 'a Node app needs node', code: 'FROM node:20-slim\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n' },
    { name: 'uv run in the entrypoint', code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nRUN uv sync --frozen\nENTRYPOINT ["uv", "run", "app"]\n' },
    {
      name: 'node only in an asset stage; built files copied',
      code: 'FROM node:20 AS assets\nRUN npm ci && npm run build\nFROM python:3.12-slim\nCOPY --from=assets /src/dist /app/static\nCMD ["gunicorn", "app:app"]\n',
    },
    {
      name: 'built assets copied from a node stage do not bring node',
      code: 'FROM node:20 AS assets\nRUN npm ci && npm run build\nFROM python:3.12-slim\nCOPY --from=assets /build/static /app/static\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
    },
  ],
  invalid: [
    {
      name: 'pip install poetry in the final stage',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3 \\\n && poetry config virtualenvs.create false \\\n && poetry install --only main --no-root\nCMD ["gunicorn", "shop.wsgi"]\n',
      lines: [2],
      data: { tool: 'poetry', installedBy: 'pip install', uses: 2 },
    },
    {
      name: 'nodejs and npm from apt for a tailwind build (CRLF)',
      code: 'FROM python:3.11-slim\r\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs npm\r\nRUN pip install -r requirements.txt\r\nRUN python manage.py tailwind install && python manage.py tailwind build\r\nCMD ["gunicorn", "site.wsgi"]\r\n',
      lines: [2],
      data: { tool: 'node', installedBy: 'apt-get install' },
    },
    {
      name: 'node copied from a node stage into a stage the final one is built on',
      code: 'FROM node:20 AS node\nRUN node --version\nFROM python:3.11-slim AS dev\nCOPY --from=node /usr/local/bin /usr/local/bin\nRUN npm install\nFROM dev AS final\nRUN npx tailwindcss -i in.css -o out.css --minify\nCMD ["uvicorn", "app:app"]\n',
      lines: [4],
      data: { tool: 'node', uses: 2 },
    },
    {
      name: 'uv copied from its image, used for pip install; heredoc',
      code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nRUN <<EOF\nuv pip install --system -r requirements.txt\nEOF\nCMD ["python", "main.py"]\n',
      lines: [2],
      data: { tool: 'uv' },
    },
    {
      name: 'pipenv with a start script: information',
      code: 'FROM python:3.12-slim\nRUN pip install pipenv && pipenv install --system --deploy\nCMD ["/app/start.sh"]\n',
      lines: [2],
      data: { tool: 'pipenv' },
    },
    {
      name: 'official poetry installer',
      code: 'FROM python:3.12-slim\nRUN curl -sSL https://install.python-poetry.org | python3 -\nRUN /root/.local/bin/poetry install --no-root\nCMD ["python", "-m", "api"]\n',
      lines: [2],
      data: { tool: 'poetry', installedBy: 'curl | python3' },
    },
    {
      name: 'pip-tools with pip-sync, build target picks the stage',
      code: 'FROM python:3.12-slim AS prod\nRUN pip install pip-tools && pip-sync requirements.txt\nCMD ["python", "app.py"]\nFROM prod AS debug\nCMD ["sh"]\n',
      options: { target: 'prod' },
      lines: [2],
      data: { tool: 'pip-tools' },
    },
  ],
});

testRuleFixtures(buildOnlyToolInFinalImage, fromRoot('server/src/core/rules/build-only-tool-in-final-image/fixtures'));

test('build-only-tool-in-final-image: information when the container command is not visible', async () => {
  const shell = await loadShellParser();
  const severities = (code: string) => analyze(code, shell, { ruleSet: [buildOnlyToolInFinalImage] }).findings.map((f) => f.severity);
  assert.deepEqual(severities('FROM python:3.12-slim\nRUN pip install poetry && poetry install\nCMD ["python", "app.py"]\n'), ['warning']);
  assert.deepEqual(severities('FROM python:3.12-slim\nRUN pip install poetry && poetry install\nCMD ["/app/run.sh"]\n'), ['information']);
  assert.deepEqual(severities('FROM python:3.12-slim\nRUN pip install poetry && poetry install\n'), ['information']);
  assert.deepEqual(severities('FROM python:3.12-slim\nRUN pip install poetry\nCMD ["python", "app.py"]\n'), ['information']);
});
