import { fromRoot } from '../../../../../test/support/paths';
import { testAlternativeFixes } from '../../../../../test/support/fix-tester';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { venvPathMismatch } from './rule';

const twoStage = (create: string, copy: string, after = '') =>
  `FROM python:3.12-slim AS build\n${create}\nFROM python:3.12-slim\n${copy}\n${after}`;

testRule(venvPathMismatch, {
  valid: [
    { name: 'same path', code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /opt/venv') },
    { name: 'same path, trailing slashes', code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv/ /opt/venv/') },
    { name: 'parent directory copied to the same place', code: twoStage('WORKDIR /app\nRUN python -m venv .venv', 'COPY --from=build /app /app') },
    { name: 'part of the venv (site-packages) copied elsewhere', code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages') },
    { name: 'uv venv --relocatable', code: twoStage('RUN uv venv --relocatable /opt/venv', 'COPY --from=build /opt/venv /venv') },
    { name: 'pip --prefix is not a venv', code: twoStage('RUN pip install --prefix=/install flask', 'COPY --from=build /install /usr/local') },
    { name: 'another directory copied', code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/app /venv') },
    { name: 'ENV-substituted paths that agree', code: twoStage('ENV VIRTUAL_ENV=/opt/venv\nRUN python -m venv $VIRTUAL_ENV', 'ENV VIRTUAL_ENV=/opt/venv\nCOPY --from=build ${VIRTUAL_ENV} ${VIRTUAL_ENV}') },
  ],
  invalid: [
    {
      name: 'venv copied to another path',
      code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /venv'),
      lines: [4],
      data: { venv: '/opt/venv', landing: '/venv' },
      output: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /opt/venv'),
    },
    {
      name: 'mentions of the old path move with it (suggestion)',
      code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /venv', 'ENV PATH="/venv/bin:$PATH"\nCMD ["/venv/bin/gunicorn", "app:app"]\n'),
      lines: [4],
      output: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /opt/venv', 'ENV PATH="/opt/venv/bin:$PATH"\nCMD ["/opt/venv/bin/gunicorn", "app:app"]\n'),
    },
    {
      name: 'poetry in-project venv, parent copied to another place',
      code: twoStage('ENV POETRY_VIRTUALENVS_IN_PROJECT=true\nWORKDIR /src\nRUN poetry install --only main', 'COPY --from=build /src /app'),
      lines: [4 + 2],
      data: { venv: '/src/.venv', landing: '/app/.venv', via: 'poetry install' },
      output: twoStage('ENV POETRY_VIRTUALENVS_IN_PROJECT=true\nWORKDIR /src\nRUN poetry install --only main', 'COPY --from=build /src /src'),
    },
    {
      name: 'relative destination resolved against WORKDIR',
      code: twoStage('RUN python -m venv /opt/venv', 'WORKDIR /app\nCOPY --from=build /opt/venv ./venv'),
      lines: [5],
      data: { landing: '/app/venv' },
      output: twoStage('RUN python -m venv /opt/venv', 'WORKDIR /app\nCOPY --from=build /opt/venv /opt/venv'),
    },
    {
      name: 'uv sync with UV_PROJECT_ENVIRONMENT, continuation and CRLF',
      code: 'FROM python:3.12-slim AS build\r\nENV UV_PROJECT_ENVIRONMENT=/opt/env\r\nRUN uv sync \\\r\n    --frozen\r\nFROM python:3.12-slim\r\nCOPY --from=build /opt/env /env\r\n',
      lines: [6],
      output: 'FROM python:3.12-slim AS build\r\nENV UV_PROJECT_ENVIRONMENT=/opt/env\r\nRUN uv sync \\\r\n    --frozen\r\nFROM python:3.12-slim\r\nCOPY --from=build /opt/env /opt/env\r\n',
    },
    {
      name: 'destination from a variable: no fix',
      code: twoStage('RUN python -m venv /opt/venv', 'ARG DEST=/venv\nCOPY --from=build /opt/venv $DEST'),
      lines: [5],
      data: { landing: '/venv' },
    },
    {
      name: 'several sources: no fix',
      code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /opt/tools /srv/'),
      lines: [4],
    },
    {
      name: 'into a builder-only stage, copied on by stage index',
      code: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nFROM python:3.12 AS test\nCOPY --from=0 /opt/venv /venv\nFROM python:3.12-slim\nCOPY --from=test /venv /opt/venv\n',
      lines: [4],
      output: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nFROM python:3.12 AS test\nCOPY --from=0 /opt/venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=test /opt/venv /opt/venv\n',
    },
    {
      name: 'copied on through an intermediate stage and back to its own path',
      code: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nFROM python:3.12 AS test\nCOPY --from=build /opt/venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=test /opt /srv\n',
      lines: [6],
      data: { venv: '/opt/venv', landing: '/srv/venv' },
      output: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nFROM python:3.12 AS test\nCOPY --from=build /opt/venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=test /opt /opt\n',
    },
    {
      name: 'exec-form COPY',
      code: twoStage('RUN virtualenv /opt/venv', 'COPY --from=build ["/opt/venv", "/venv"]'),
      lines: [4],
      output: twoStage('RUN virtualenv /opt/venv', 'COPY --from=build ["/opt/venv", "/opt/venv"]'),
    },
  ],
});

testAlternativeFixes(venvPathMismatch, [
  {
    name: 'nothing else mentions the old path: safe',
    code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /venv'),
    title: /^Copy the venv to \/opt\/venv$/,
    safety: 'safe',
    output: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /opt/venv /opt/venv'),
  },
  {
    name: 'an ENV before the COPY names the old path: suggestion',
    code: twoStage('RUN python -m venv /opt/venv', 'ENV VIRTUAL_ENV=/venv\nCOPY --from=build /opt/venv /venv\nENV PATH=$VIRTUAL_ENV/bin:$PATH'),
    title: /update 1 mention/,
    safety: 'suggestion',
    output: twoStage('RUN python -m venv /opt/venv', 'ENV VIRTUAL_ENV=/opt/venv\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=$VIRTUAL_ENV/bin:$PATH'),
  },
]);

testRuleFixtures(venvPathMismatch, fromRoot('server/src/core/rules/venv-path-mismatch/fixtures'));
