import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFacts, parsePythonTag } from '../../knowledge/python-tags';
import { parseImageRef } from '../../model/image-ref';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { stagePythonMismatch } from './rule';

const venv = (builder: string, runtime: string, runtimeBody = '') =>
  `FROM ${builder} AS build\nRUN python -m venv /opt/venv\nFROM ${runtime}\n${runtimeBody}COPY --from=build /opt/venv /opt/venv\n`;

testRule(stagePythonMismatch, {
  valid: [
    { name: 'same version and release, full → slim', code: venv('python:3.12-bookworm', 'python:3.12-slim-bookworm') },
    { name: 'implicit release on one side is not compared', code: venv('python:3.12', 'python:3.12-slim-bullseye') },
    { name: 'patch version against minor version', code: venv('python:3.11', 'python:3.11.9-slim') },
    { name: 'both floating the same way', code: venv('python:latest', 'python:slim') },
    { name: 'ARG-substituted tags that agree', code: 'ARG PY=3.12\nFROM python:${PY} AS build\nRUN python -m venv /opt/venv\nFROM python:${PY}-slim\nCOPY --from=build /opt/venv /opt/venv\n' },
    {
      name: 'alpine to alpine with pip --user',
      code: 'FROM alpine:3.20 AS build\nRUN apk add --no-cache python3 py3-pip\nENV PYTHONUSERBASE=/install\nRUN pip3 install --user -r requirements.txt\nFROM alpine:3.20\nRUN apk add --no-cache python3\nCOPY --from=build /install /install\n',
    },
    { name: 'nothing Python copied', code: 'FROM node:20 AS assets\nRUN npm ci && npm run build\nFROM python:3.12-slim\nCOPY --from=assets /app/static /app/static\n' },
    { name: 'copied into a stage outside the final image', code: 'FROM python:3.8 AS build\nRUN python -m venv /opt/venv\nFROM python:3.12 AS test\nCOPY --from=build /opt/venv /opt/venv\nFROM python:3.8-slim\nCOPY --from=build /opt/venv /opt/venv\n' },
  ],
  invalid: [
    {
      name: 'python 3.8 built, 3.14 runs',
      code: venv('python:3.8', 'python:3.14-slim'),
      lines: [4],
      data: { kind: 'python-version', builderPython: '3.8', runtimePython: '3.14' },
      output: venv('python:3.8', 'python:3.8-slim'),
    },
    {
      name: 'bookworm built, bullseye runs: glibc too old',
      code: venv('python:3.12-bookworm', 'python:3.12-slim-bullseye'),
      lines: [4],
      data: { kind: 'release', builderRelease: 'bookworm', runtimeRelease: 'bullseye' },
      output: venv('python:3.12-bookworm', 'python:3.12-slim-bookworm'),
    },
    {
      name: 'bullseye built, bookworm runs: information',
      code: venv('python:3.12-bullseye', 'python:3.12-slim-bookworm'),
      lines: [4],
      data: { kind: 'release' },
      output: venv('python:3.12-bullseye', 'python:3.12-slim-bullseye'),
    },
    {
      name: 'debian builder, alpine runtime',
      code: venv('python:3.12-slim', 'python:3.12-alpine'),
      lines: [4],
      data: { kind: 'libc' },
      output: venv('python:3.12-slim', 'python:3.12-slim'),
    },
    {
      name: 'alpine builder with --user, debian runtime',
      code: 'FROM python:3.11-alpine3.20 AS build\nENV PYTHONUSERBASE=/install\nRUN pip install --user -r requirements.txt\nFROM python:3.11-slim-bookworm\nCOPY --from=build /install /install\n',
      lines: [5],
      data: { kind: 'libc' },
      output: 'FROM python:3.11-alpine3.20 AS build\nENV PYTHONUSERBASE=/install\nRUN pip install --user -r requirements.txt\nFROM python:3.11-alpine3.20\nCOPY --from=build /install /install\n',
    },
    {
      name: 'python builder, debian runtime without a python dockerlean can see',
      code: venv('python:3.12-slim-bookworm', 'debian:bookworm-slim'),
      lines: [4],
      data: { kind: 'python-unknown' },
    },
    {
      name: "debian runtime with the distribution's older python3",
      code: venv('python:3.12-slim-bookworm', 'debian:bookworm-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*\n'),
      lines: [5],
      data: { kind: 'python-version', runtimePython: '3.11' },
    },
    {
      name: 'same version, interpreter in another place (distroless)',
      code: venv('python:3.11-slim-bookworm', 'gcr.io/distroless/python3-debian12'),
      lines: [4],
      data: { kind: 'interpreter-path' },
    },
    {
      name: 'site-packages of another version, with a continuation and CRLF',
      code: 'FROM python:3.11 AS build\r\nRUN pip install flask\r\nFROM python:3.12-slim\r\nCOPY --from=build \\\r\n    /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\r\n',
      lines: [5],
      data: { kind: 'python-version' },
      output: 'FROM python:3.11 AS build\r\nRUN pip install flask\r\nFROM python:3.11-slim\r\nCOPY --from=build \\\r\n    /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\r\n',
    },
    {
      name: 'floating builder: information',
      code: venv('python:latest', 'python:3.12-slim'),
      lines: [4],
      data: { kind: 'python-unpinned' },
      output: venv('python:latest', 'python:slim'),
    },
    {
      name: 'poetry in-project venv inside a copied app directory, runtime built on a base stage',
      code: 'FROM python:3.10-bookworm AS py-build\nWORKDIR /app\nRUN poetry config virtualenvs.in-project true && poetry install\nFROM python:3.10-slim-bullseye AS base\nFROM base\nCOPY --from=py-build /app /app\n',
      lines: [6],
      data: { kind: 'release' },
      output: 'FROM python:3.10-bookworm AS py-build\nWORKDIR /app\nRUN poetry config virtualenvs.in-project true && poetry install\nFROM python:3.10-slim-bookworm AS base\nFROM base\nCOPY --from=py-build /app /app\n',
    },
  ],
});

testRuleFixtures(stagePythonMismatch, fromRoot('server/src/core/rules/stage-python-mismatch/fixtures'));

test('python tags: version, variant and release', () => {
  assert.deepEqual(parsePythonTag('3.12.1-slim-bookworm'), { version: '3.12.1', variant: 'slim', debianRelease: 'bookworm', alpineVersion: undefined });
  assert.deepEqual(parsePythonTag('3.11-alpine3.20'), { version: '3.11', variant: 'alpine', debianRelease: undefined, alpineVersion: '3.20' });
  assert.deepEqual(parsePythonTag('slim'), { version: undefined, variant: 'slim', debianRelease: undefined, alpineVersion: undefined });
  assert.deepEqual(parsePythonTag('latest'), { version: undefined, variant: 'full', debianRelease: undefined, alpineVersion: undefined });
  assert.equal(parsePythonTag('3.12')?.debianRelease, undefined);
  assert.equal(parsePythonTag('3.14-rc-slim')?.version, '3.14');
  assert.equal(parsePythonTag('3.12-windowsservercore-ltsc2022'), undefined);
});

test('image facts: distribution images and distroless', () => {
  assert.equal(imageFacts(parseImageRef('debian:12-slim')!)?.release, 'bookworm');
  assert.equal(imageFacts(parseImageRef('debian:stable-slim')!)?.release, undefined);
  assert.equal(imageFacts(parseImageRef('ubuntu:22.04')!)?.distroPython, '3.10');
  assert.equal(imageFacts(parseImageRef('alpine:3.20.1')!)?.libc, 'musl');
  assert.equal(imageFacts(parseImageRef('gcr.io/distroless/python3-debian12')!)?.shipsDistroPython, true);
  assert.equal(imageFacts(parseImageRef('node:20')!), undefined);
});
