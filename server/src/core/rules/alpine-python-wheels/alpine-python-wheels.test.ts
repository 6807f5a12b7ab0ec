import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { alpinePythonWheels } from './rule';

testRule(alpinePythonWheels, {
  valid: [
    { name: 'slim Debian image', code: 'FROM python:3.12-slim\nRUN pip install numpy pandas\n' },
    { name: 'pure-Python packages, no compilers', code: 'FROM python:3.12-alpine\nRUN pip install --no-cache-dir flask gunicorn\n' },
    { name: 'requirements file without build deps: nothing to go on', code: 'FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n' },
    {
      name: 'compiled in an Alpine builder, final stage only copies',
      code: 'FROM python:3.12-alpine AS build\nRUN apk add --no-cache build-base libffi-dev\nRUN pip install --prefix=/install cryptography\nFROM python:3.12-alpine\nCOPY --from=build /install /usr/local\nCMD ["python", "-m", "app"]\n',
    },
    { name: 'binary variant of psycopg2', code: 'FROM python:3.12-alpine\nRUN pip install psycopg2-binary\n' },
    { name: 'Alpine without Python', code: 'FROM alpine:3.20\nRUN apk add --no-cache build-base && make\n' },
  ],
  invalid: [
    {
      name: 'known package on the official alpine image',
      code: 'FROM python:3.12-alpine\nRUN pip install --no-cache-dir "psycopg2==2.9.9" gunicorn\nCMD ["gunicorn", "app:app"]\n',
      lines: [2],
      data: { image: 'python:3.12-alpine', slim: 'python:3.12-slim', packages: ['psycopg2'], buildDeps: [] },
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir "psycopg2==2.9.9" gunicorn\nCMD ["gunicorn", "app:app"]\n',
    },
    {
      name: 'build-base alongside a requirements install: no fix (apk would fail on Debian)',
      code: 'FROM python:3.11.9-alpine3.20\nRUN apk add --no-cache build-base musl-dev libffi-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      lines: [4],
      data: { slim: 'python:3.11.9-slim', packages: [], buildDeps: ['build-base', 'musl-dev', 'libffi-dev'] },
    },
    {
      name: 'plain alpine with apk python3 (seed 003 shape), continuation lines',
      code: 'FROM alpine:3.19\nRUN apk --update --no-cache add python3 py3-pip \\\n    build-base python3-dev libffi-dev openssl-dev\nRUN pip3 install --break-system-packages -r ./requirements.txt\n',
      lines: [4],
      data: { image: 'alpine:3.19 with apk\'s python3', slim: 'python:3.11-slim' },
    },
    {
      name: 'CRLF, exec form, untagged version',
      code: 'FROM python:alpine\r\nRUN ["pip", "install", "numpy", "Pillow>=10"]\r\n',
      lines: [2],
      data: { slim: 'python:slim', packages: ['numpy', 'pillow'] },
      output: 'FROM python:slim\r\nRUN ["pip", "install", "numpy", "Pillow>=10"]\r\n',
    },
    {
      name: 'heredoc with uv pip, final stage built on an alpine stage',
      code: 'FROM python:3.13-alpine AS base\nWORKDIR /app\nFROM base\nRUN <<EOF\nuv pip install --system lxml\nEOF\n',
      lines: [5],
      data: { packages: ['lxml'] },
      output: 'FROM python:3.13-slim AS base\nWORKDIR /app\nFROM base\nRUN <<EOF\nuv pip install --system lxml\nEOF\n',
    },
    {
      name: 'build target selects the alpine stage',
      code: 'FROM python:3.12-alpine AS api\nRUN pip install cryptography\nFROM python:3.12-slim AS docs\nRUN pip install mkdocs\n',
      options: { target: 'api' },
      lines: [2],
      output: 'FROM python:3.12-slim AS api\nRUN pip install cryptography\nFROM python:3.12-slim AS docs\nRUN pip install mkdocs\n',
    },
  ],
});

testRuleFixtures(alpinePythonWheels, fromRoot('server/src/core/rules/alpine-python-wheels/fixtures'));
