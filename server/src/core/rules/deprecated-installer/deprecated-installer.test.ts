import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { deprecatedInstaller } from './rule';

const GET_POETRY = 'https://raw.githubusercontent.com/python-poetry/poetry/master/get-poetry.py';

testRule(deprecatedInstaller, {
  valid: [
    { name: 'official installer', code: 'FROM python:3.12 AS build\nRUN curl -sSL https://install.python-poetry.org | python3 -\n' },
    { name: 'pipx', code: 'FROM python:3.12-slim\nRUN pip install pipx && pipx install poetry\nRUN poetry install --only main\n' },
    { name: 'pip install poetry in a builder stage', code: 'FROM python:3.12 AS build\nRUN pip install poetry && poetry install\nFROM python:3.12-slim\nCOPY --from=build /app /app\n' },
    { name: 'poetry in its own venv', code: 'FROM python:3.12-slim\nRUN python -m venv /opt/poetry && /opt/poetry/bin/pip install poetry\nRUN /opt/poetry/bin/poetry install\n' },
    { name: 'poetry is the runtime command', code: 'FROM python:3.12-slim\nRUN pip install poetry && poetry install\nCMD ["poetry", "run", "app"]\n' },
    { name: 'node from an image', code: 'FROM node:20-slim AS node\nFROM python:3.12-slim\nCOPY --from=node /usr/local/bin/node /usr/local/bin/node\n' },
    { name: 'get-poetry.py in a stage the build skips', code: `FROM python:3.8 AS old\nRUN curl -sSL ${GET_POETRY} | python\nFROM python:3.12-slim\nCMD ["python"]\n` },
  ],
  invalid: [
    {
      name: 'get-poetry.py piped to python (seed 002 shape)',
      code: `FROM python:3.8.6-buster AS venv\nENV POETRY_VERSION=1.1.4\nRUN curl -sSL ${GET_POETRY} | python\nENV PATH /root/.poetry/bin:$PATH\nFROM python:3.8.6-slim-buster\nCOPY --from=venv /app/venv /app/venv\n`,
      lines: [3],
      data: { installer: 'get-poetry.py', url: GET_POETRY },
      output: 'FROM python:3.8.6-buster AS venv\nENV POETRY_VERSION=1.1.4\nRUN curl -sSL https://install.python-poetry.org | python3 -\nENV PATH /root/.poetry/bin:$PATH\nFROM python:3.8.6-slim-buster\nCOPY --from=venv /app/venv /app/venv\n',
    },
    {
      name: 'quoted URL, python - with options, continuation and CRLF',
      code: `FROM python:3.9\r\nRUN apt-get update \\\r\n && curl -sSL "${GET_POETRY}" | python - --version 1.1.13\r\n`,
      lines: [3],
      output: 'FROM python:3.9\r\nRUN apt-get update \\\r\n && curl -sSL "https://install.python-poetry.org" | python3 - --version 1.1.13\r\n',
    },
    {
      name: 'wget in a heredoc',
      code: `FROM python:3.9\nRUN <<EOF\nwget -qO- ${GET_POETRY} | python3\nEOF\n`,
      lines: [3],
      output: 'FROM python:3.9\nRUN <<EOF\nwget -qO- https://install.python-poetry.org | python3 -\nEOF\n',
    },
    {
      name: 'npm install -g n && n 18.8.0',
      code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y npm\nRUN npm install n -g && \\\n    n 18.8.0\n',
      lines: [4],
      data: { installer: 'n', version: '18.8.0', image: 'node:18.8.0-slim' },
    },
    {
      name: 'nvm install in a builder that the final stage copies from',
      code: 'FROM debian:bookworm AS tools\nRUN . "$NVM_DIR/nvm.sh" && nvm install 20\nFROM debian:bookworm-slim\nCOPY --from=tools /root/.nvm /root/.nvm\n',
      lines: [2],
      data: { installer: 'nvm', image: 'node:20-slim' },
    },
    {
      name: 'pip install poetry in the final stage, used only to install',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir "poetry==1.8.3"\nRUN poetry config virtualenvs.create false && poetry install --only main --no-root\nCMD ["gunicorn", "shop.wsgi"]\n',
      lines: [2],
      data: { installer: 'pip install poetry' },
    },
    {
      name: 'build target is the stage with pip install poetry',
      code: 'FROM python:3.12-slim AS app\nRUN python3 -m pip install poetry && poetry install\nCMD ["python", "-m", "app"]\nFROM app AS debug\nRUN pip install debugpy\n',
      options: { target: 'app' },
      lines: [2],
    },
  ],
});

testRuleFixtures(deprecatedInstaller, fromRoot('server/src/core/rules/deprecated-installer/fixtures'));
