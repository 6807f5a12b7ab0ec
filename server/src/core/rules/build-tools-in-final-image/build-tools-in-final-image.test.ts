import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { buildToolsInFinalImage } from './rule';

testRule(buildToolsInFinalImage, {
  valid: [
    {
      name: 'compilers only in a builder stage',
      code: 'FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n',
    },
    {
      name: 'runtime libraries are not build tools',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'purged in the same RUN',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc && make && apt-get purge -y gcc\n',
    },
    {
      name: 'apk virtual package deleted in the same RUN',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n',
    },
    { name: 'unused stage is not built', code: 'FROM debian AS tools\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim AS app\nCMD ["true"]\n' },
  ],
  invalid: [
    {
      name: 'single stage with compilers and headers',
      code: 'FROM python:3.9-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n  build-essential \\\n  libpq-dev\n',
      lines: [3],
      data: { packages: ['build-essential', 'libpq-dev'] },
    },
    {
      name: 'in an ancestor of the final stage',
      code: 'FROM python:3.11-slim AS base\nRUN apt-get install -y git\nFROM base\nCMD ["python"]\n',
      lines: [2],
      message: /stage "base", which the final stage is built on/,
    },
    { name: 'apk build-base', code: 'FROM alpine:3.20\nRUN apk add --no-cache build-base python3-dev\n', lines: [2], data: { packages: ['build-base', 'python3-dev'] } },
    { name: 'versions pinned', code: 'FROM debian:bookworm\nRUN apt-get install -y gcc=4:12.2.0-3\n', lines: [2], data: { packages: ['gcc'] } },
    {
      name: 'the chosen build target decides',
      code: 'FROM debian:bookworm-slim AS dev\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim AS prod\nCMD ["true"]\n',
      options: { target: 'dev' },
      lines: [2],
    },
  ],
});

testRuleFixtures(buildToolsInFinalImage, fromRoot('server/src/core/rules/build-tools-in-final-image/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(buildToolsInFinalImage, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*\n',
      lines: [2],
      message: /≈ \d/,
      data: { bytes: 288540508, packageCount: 56 },
      options: { facts: testFacts() },
    },
  ],
});
