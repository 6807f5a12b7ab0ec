import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { finalStageInheritsBuildStage } from './rule';

testRule(finalStageInheritsBuildStage, {
  valid: [
    { name: 'fresh runtime base', code: 'FROM python:3.12 AS build\nRUN apt-get install -y gcc\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n' },
    { name: 'built on a clean base stage', code: 'FROM python:3.12-slim AS base\nRUN useradd app\nFROM base\nUSER app\n' },
    { name: 'build stage is not the final one', code: 'FROM python:3.12 AS build\nRUN apt-get install -y gcc\nFROM build AS test\nRUN true\nFROM python:3.12-slim\n' },
  ],
  invalid: [
    {
      name: 'FROM dev as final',
      code: 'FROM python:3.11-slim AS dev\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nRUN npm ci\nFROM dev AS final\nRUN python manage.py collectstatic\n',
      lines: [4],
      data: { tools: ['build-essential', 'libpq-dev', 'node_modules'] },
    },
    {
      name: 'through two levels',
      code: 'FROM node:20 AS a\nRUN npm install -g n && n 18.8.0\nFROM a AS b\nRUN true\nFROM b\n',
      lines: [5],
    },
  ],
});

testRuleFixtures(finalStageInheritsBuildStage, fromRoot('server/src/core/rules/final-stage-inherits-build-stage/fixtures'));
