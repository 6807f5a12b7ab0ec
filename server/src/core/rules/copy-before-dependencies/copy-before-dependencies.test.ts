import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { copyBeforeDependencies } from './rule';

testRule(copyBeforeDependencies, {
  valid: [
    {
      name: 'two-step uv idiom: dependencies from the manifests first, the project after COPY . .',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-install-project --no-dev\nCOPY . .\nRUN uv sync --frozen --no-dev\n',
    },
    {
      name: 'two-step poetry idiom',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --without dev --no-root\nCOPY . .\nRUN poetry install --without dev --only-root\n',
    },
    {
      name: 'manifests first, sources after the install',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
    },
    { name: 'no dependency install after the copy', code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python manage.py collectstatic --noinput\n' },
    { name: 'COPY --from of a whole stage is not the build context', code: 'FROM node:20 AS web\nRUN echo\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=web . .\nRUN npm ci\n' },
    { name: 'a specific folder is not the whole context', code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./src/\nRUN pip install -r requirements.txt\n' },
    {
      name: 'install in a later stage built on it',
      code: 'FROM python:3.12-slim AS base\nWORKDIR /app\nCOPY . .\nFROM base\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'stage skipped by the build target',
      code: 'FROM node:20 AS assets\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM python:3.12-slim AS app\nCMD ["python"]\n',
    },
    { name: 'pip install of named packages only', code: 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install gunicorn==22.0.0\n' },
  ],
  invalid: [
    {
      name: 'requirements install after COPY . .',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
      lines: [3],
      data: { copy: 'COPY . .', installs: ['pip install -r requirements.txt'], manifests: ['requirements.txt'] },
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["gunicorn", "app:app"]\n',
    },
    {
      name: 'absolute destination keeps its flags, npm lock pattern',
      code: 'FROM node:20-slim\nWORKDIR /srv\nCOPY --chown=node:node . /app\nWORKDIR /app\nRUN npm ci\nUSER node\n',
      lines: [3],
      data: { installs: ['npm ci'], manifests: ['package*.json'] },
      output: 'FROM node:20-slim\nWORKDIR /srv\nCOPY --chown=node:node package*.json /app/\nWORKDIR /app\nRUN npm ci\nCOPY --chown=node:node . /app\nUSER node\n',
    },
    {
      name: 'relative destination becomes absolute when a WORKDIR in between changes it',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nWORKDIR /app/web\nRUN pipenv install --deploy --system\n',
      lines: [3],
      data: { manifests: ['web/Pipfile', 'web/Pipfile.lock'] },
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY web/Pipfile web/Pipfile.lock ./web/\nWORKDIR /app/web\nRUN pipenv install --deploy --system\nCOPY . /app/\n',
    },
    {
      name: 'ADD . . with poetry --no-root, continuation lines and CRLF',
      code: 'FROM python:3.12-slim\r\nWORKDIR /app\r\nADD . .\r\nRUN pip install poetry \\\r\n && poetry install --no-root --only main\r\nCMD ["python", "-m", "app"]\r\n',
      lines: [3],
      data: { manifests: ['pyproject.toml', 'poetry.lock'] },
      output:
        'FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY pyproject.toml poetry.lock ./\r\nRUN pip install poetry \\\r\n && poetry install --no-root --only main\r\nADD . .\r\nCMD ["python", "-m", "app"]\r\n',
    },
    {
      name: 'poetry install without --no-root needs the sources: reported, no fix',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\n',
      lines: [3],
      data: { installs: ['poetry install'], manifests: [] },
    },
    {
      name: 'a build step between copy and install blocks the move',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python setup.py build_ext\nRUN pip install -r requirements.txt\n',
      lines: [3],
    },
    {
      name: 'only a builder stage that the final stage copies from',
      code: 'FROM node:20 AS assets\nWORKDIR /web\nCOPY . .\nRUN yarn install --frozen-lockfile && yarn build\nFROM nginx:alpine\nCOPY --from=assets /web/dist /usr/share/nginx/html\n',
      lines: [3],
      data: { installs: ['yarn install'] },
    },
    {
      name: 'heredoc install; manifest already copied earlier, so the copy only moves',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/ ./requirements/\nCOPY . .\nRUN <<EOF\nset -e\npip install -r requirements/prod.txt\nEOF\nCMD ["python", "app.py"]\n',
      lines: [4],
      data: { manifests: [] },
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/ ./requirements/\nRUN <<EOF\nset -e\npip install -r requirements/prod.txt\nEOF\nCOPY . .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'requirements in a folder bring the folder (they may -r each other)',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements/prod.txt -c constraints.txt\n',
      lines: [3],
      data: { manifests: ['requirements/', 'constraints.txt'] },
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/ ./requirements/\nCOPY constraints.txt .\nRUN pip install -r requirements/prod.txt -c constraints.txt\nCOPY . .\n',
    },
    {
      name: 'build target names the stage',
      code: 'FROM python:3.12-slim AS dev\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked --no-install-project\nFROM python:3.12-slim\nCMD ["python"]\n',
      options: { target: 'dev' },
      lines: [3],
      data: { installs: ['uv sync'], manifests: ['pyproject.toml', 'uv.lock'] },
      output: 'FROM python:3.12-slim AS dev\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nFROM python:3.12-slim\nCMD ["python"]\n',
    },
  ],
});

testRuleFixtures(copyBeforeDependencies, fromRoot('server/src/core/rules/copy-before-dependencies/fixtures'));
