import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testAlternativeFixes } from '../../../../../test/support/fix-tester';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { recursiveChownLayer } from './rule';

const py = (body: string) => `FROM python:3.12-slim\nRUN useradd --create-home app\n${body}\n`;

testRule(recursiveChownLayer, {
  valid: [
    { name: 'COPY --chown', code: py('COPY --chown=app:app . /app') },
    { name: 'chown -R of a directory no COPY wrote to', code: py('COPY . /app\nRUN mkdir -p /data && chown -R app /data') },
    { name: 'non-recursive chown', code: py('WORKDIR /app\nCOPY . .\nRUN chown app:app /app') },
    { name: 'a subdirectory the COPY only contains', code: py('COPY . /app\nRUN mkdir /app/media && chown -R app /app/media') },
    { name: 'only in the builder', code: 'FROM python:3.12 AS build\nCOPY . /src\nRUN chown -R 1000 /src\nFROM python:3.12-slim\nCOPY --from=build /src/dist /dist\n' },
    { name: 'COPY after the chown', code: py('RUN mkdir /app && chown -R app /app\nCOPY --chown=app . /app') },
    { name: 'path from an unknown variable', code: py('COPY . /app\nRUN chown -R app "$TARGET"') },
  ],
  invalid: [
    {
      name: 'WORKDIR made the directory: a plain chown keeps its owner',
      code: py('WORKDIR /app\nCOPY . .\nRUN chown -R app:app /app'),
      lines: [5],
      data: { tool: 'chown', spec: 'app:app', path: '/app', copies: 1, lines: ['4'] },
      output: py('WORKDIR /app\nCOPY --chown=app:app . .\nRUN chown app:app /app'),
    },
    {
      name: 'the COPY made the directory: the RUN goes',
      code: py('COPY . /app\nRUN chown -R app:app /app\nUSER app'),
      lines: [4],
      output: py('COPY --chown=app:app . /app\nUSER app'),
    },
    {
      name: 'relative path and numeric ids',
      code: py('WORKDIR /srv\nCOPY . .\nRUN chown -R 1000:1000 .'),
      lines: [5],
      data: { path: '/srv' },
      output: py('WORKDIR /srv\nCOPY --chown=1000:1000 . .\nRUN chown 1000:1000 .'),
    },
    {
      name: 'two COPYs, one inside the other, in a longer RUN',
      code: py('COPY requirements.txt /app/\nCOPY src /app/src\nRUN chown -R app /app && echo ready'),
      lines: [5],
      data: { copies: 2 },
      output: py('COPY --chown=app requirements.txt /app/\nCOPY --chown=app src /app/src\nRUN echo ready'),
    },
    {
      name: 'chmod with an octal mode',
      code: py('COPY bin /opt/tool/bin\nRUN chmod -R 755 /opt/tool/bin'),
      lines: [4],
      data: { tool: 'chmod', spec: '755' },
      output: py('COPY --chmod=755 bin /opt/tool/bin'),
    },
    {
      name: 'bundled -Rv, continuation lines and CRLF',
      code: 'FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY . .\r\nRUN chown -Rv app \\\r\n    /app\r\n',
      lines: [4],
      output: 'FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY --chown=app . .\r\nRUN chown -v app \\\r\n    /app\r\n',
    },
    {
      name: 'ENV-substituted path under /home',
      code: py('ENV APP_HOME=/home/app/web\nWORKDIR $APP_HOME\nCOPY . $APP_HOME\nRUN chown -R app:app $APP_HOME'),
      lines: [6],
      data: { path: '/home/app/web' },
      output: py('ENV APP_HOME=/home/app/web\nWORKDIR $APP_HOME\nCOPY --chown=app:app . $APP_HOME\nRUN chown app:app $APP_HOME'),
    },
    {
      name: 'existing --chown is replaced',
      code: py('COPY --chown=root . /app\nRUN chown -R app /app'),
      lines: [4],
      output: py('COPY --chown=app . /app'),
    },
    {
      name: 'user created after the COPY: no fix',
      code: 'FROM python:3.12-slim\nCOPY . /app\nRUN useradd app && chown -R app /app\n',
      lines: [3],
    },
    {
      name: 'COPY in a stage the final one is built on: no fix',
      code: 'FROM python:3.12-slim AS base\nCOPY . /app\nFROM base\nRUN chown -R nobody /app\n',
      lines: [4],
    },
    {
      name: 'COPY two levels down: no fix',
      code: py('COPY conf /app/etc/conf\nRUN chown -R app /app'),
      lines: [4],
    },
    {
      name: 'COPY already gave that owner: unsure, information',
      code: py('COPY --chown=app . /app\nRUN chown -R app /app'),
      lines: [4],
    },
  ],
});

testAlternativeFixes(recursiveChownLayer, [
  {
    name: 'RUN alone, directory made here: safe',
    code: py('WORKDIR /app\nCOPY . .\nRUN chown -R app:app /app'),
    title: /--chown=app:app/,
    safety: 'safe',
    output: py('WORKDIR /app\nCOPY --chown=app:app . .\nRUN chown app:app /app'),
  },
  {
    name: 'an earlier RUN wrote there too: suggestion',
    code: py('WORKDIR /app\nCOPY . .\nRUN python -m venv /app/.venv\nRUN chown -R app:app /app'),
    title: /--chown/,
    safety: 'suggestion',
    output: py('WORKDIR /app\nCOPY --chown=app:app . .\nRUN python -m venv /app/.venv\nRUN chown app:app /app'),
  },
  {
    name: 'chmod needs BuildKit: suggestion',
    code: py('COPY bin /opt/tool/bin\nRUN chmod -R 755 /opt/tool/bin'),
    title: /chmod/,
    safety: 'suggestion',
    output: py('COPY --chmod=755 bin /opt/tool/bin'),
  },
]);

testRuleFixtures(recursiveChownLayer, fromRoot('server/src/core/rules/recursive-chown-layer/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(recursiveChownLayer, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir flask --target /app/deps\nCOPY . /app\nRUN chown -R app:app /app\n',
      lines: [5],
      message: /≈ \d/,
      data: { bytes: 310272 },
      options: { facts: testFacts() },
      output: 'FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir flask --target /app/deps\nCOPY --chown=app:app . /app\nRUN chown app:app /app\n',
    },
  ],
});
