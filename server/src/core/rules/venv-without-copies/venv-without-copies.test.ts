import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { venvWithoutCopies } from './rule';

const twoStage = (create: string, copy = 'COPY --from=build /opt/venv /opt/venv') =>
  `FROM python:3.12 AS build\n${create}\nFROM python:3.12-slim\n${copy}\n`;

testRule(venvWithoutCopies, {
  valid: [
    { name: 'already --copies', code: twoStage('RUN python -m venv --copies /opt/venv') },
    { name: 'venv never copied out', code: 'FROM python:3.12-slim\nRUN python -m venv /opt/venv\n' },
    { name: 'another path copied', code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=build /wheels /wheels') },
    { name: 'uv venv has no --copies', code: twoStage('RUN uv venv /opt/venv') },
    { name: 'virtualenv --always-copy', code: twoStage('RUN virtualenv --always-copy /opt/venv') },
  ],
  invalid: [
    {
      name: 'python -m venv copied',
      code: twoStage('RUN python -m venv /opt/venv'),
      lines: [2],
      data: { path: '/opt/venv' },
      output: twoStage('RUN python -m venv --copies /opt/venv'),
    },
    {
      name: 'path from ENV, relative to WORKDIR and copied with its parent',
      code: 'FROM python:3.12 AS build\nWORKDIR /app\nENV VENV=venv\nRUN python3 -m venv $VENV\nFROM python:3.12-slim\nCOPY --from=build /app /app\n',
      lines: [4],
      data: { path: '/app/venv' },
      output: 'FROM python:3.12 AS build\nWORKDIR /app\nENV VENV=venv\nRUN python3 -m venv --copies $VENV\nFROM python:3.12-slim\nCOPY --from=build /app /app\n',
    },
    {
      name: 'inside a longer RUN',
      code: twoStage('RUN apt-get update && python3 -m venv /opt/venv && /opt/venv/bin/pip install -U pip'),
      lines: [2],
      output: twoStage('RUN apt-get update && python3 -m venv --copies /opt/venv && /opt/venv/bin/pip install -U pip'),
    },
    {
      name: 'exec form',
      code: twoStage('RUN ["python", "-m", "venv", "/opt/venv"]'),
      lines: [2],
      output: twoStage('RUN ["python", "-m", "venv", "--copies", "/opt/venv"]'),
    },
    {
      name: 'virtualenv',
      code: twoStage('RUN virtualenv /opt/venv'),
      lines: [2],
      output: twoStage('RUN virtualenv --always-copy /opt/venv'),
    },
    {
      name: 'copied by stage index',
      code: twoStage('RUN python -m venv /opt/venv', 'COPY --from=0 /opt/venv/ /opt/venv/'),
      lines: [2],
      output: twoStage('RUN python -m venv --copies /opt/venv', 'COPY --from=0 /opt/venv/ /opt/venv/'),
    },
  ],
});

testRuleFixtures(venvWithoutCopies, fromRoot('server/src/core/rules/venv-without-copies/fixtures'));
