import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { cleanupInLaterLayer } from './rule';

const deb = (body: string) => `FROM debian:bookworm-slim\n${body}\n`;
const py = (body: string) => `FROM python:3.12-slim\n${body}\n`;

testRule(cleanupInLaterLayer, {
  valid: [
    { name: 'clean-up in the same RUN', code: deb('RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*') },
    { name: 'nothing in the Dockerfile created it', code: deb('RUN rm -rf /usr/share/doc/*') },
    { name: 'only in a builder stage', code: 'FROM debian AS build\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:bookworm-slim\nCOPY --from=build /etc/hostname /x\n' },
    { name: 'the later RUN made its own lists first', code: deb('RUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*') },
    { name: 'another file next to a copied one', code: deb('COPY nginx.conf /etc/nginx/conf.d/\nRUN rm /etc/nginx/conf.d/default.conf') },
    { name: 'the earlier RUN already cleaned up', code: py('RUN pip install flask && pip cache purge\nRUN pip cache purge') },
    { name: 'cache on a mount', code: py('RUN --mount=type=cache,target=/root/.cache/pip pip install flask\nRUN rm -rf /root/.cache/pip') },
    { name: "build output inside a copied tree, removed after the RUN's own work", code: py('COPY . /app\nRUN pip install --no-cache-dir /app && rm -rf /app/build') },
    { name: 'different apt package removed', code: deb('RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y wget') },
  ],
  invalid: [
    {
      name: 'apt lists removed in the next RUN',
      code: deb('RUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*'),
      lines: [3],
      data: { command: 'rm', resource: 'the apt package lists', creatorLine: 2 },
      output: deb('RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    },
    {
      name: 'pip cache purged later, with continuation lines and CRLF',
      code: 'FROM python:3.12-slim\r\nRUN pip install \\\r\n    flask\r\nENV APP=1\r\nRUN pip cache purge && python -c "import flask"\r\n',
      lines: [5],
      data: { resource: 'the pip cache' },
      output: 'FROM python:3.12-slim\r\nRUN pip install \\\r\n    flask && pip cache purge\r\nENV APP=1\r\nRUN python -c "import flask"\r\n',
    },
    {
      name: 'build packages purged after another RUN used them: no fix',
      code: deb('RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\nRUN make\nRUN apt-get purge -y gcc'),
      lines: [4],
      data: { command: 'apt-get', resource: 'installed packages' },
    },
    {
      name: 'apk virtual package deleted later',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev\nRUN apk del .build-deps\n',
      lines: [3],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && apk del .build-deps\n',
    },
    {
      name: 'download removed later, path from ARG',
      code: deb('ARG TARBALL=/tmp/tool.tgz\nRUN curl -fsSL -o $TARBALL https://example.com/tool.tgz && tar -xzf $TARBALL -C /opt\nRUN rm -f $TARBALL && echo done'),
      lines: [4],
      data: { resource: 'files written by curl -o' },
      output: deb('ARG TARBALL=/tmp/tool.tgz\nRUN curl -fsSL -o $TARBALL https://example.com/tool.tgz && tar -xzf $TARBALL -C /opt && rm -f $TARBALL\nRUN echo done'),
    },
    {
      name: 'git clone removed later (relative path, same WORKDIR)',
      code: deb('WORKDIR /src\nRUN git clone https://example.com/lib.git && make -C lib install\nRUN rm -rf lib'),
      lines: [4],
      output: deb('WORKDIR /src\nRUN git clone https://example.com/lib.git && make -C lib install && rm -rf lib'),
    },
    {
      name: 'file COPYed then removed: no fix',
      code: py('COPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nRUN rm /tmp/requirements.txt'),
      lines: [4],
      data: { resource: 'files added by COPY', creatorLine: 2 },
      message: /\.dockerignore/,
    },
    {
      name: 'part of a copied directory: information',
      code: py('WORKDIR /app\nCOPY . .\nRUN rm -rf tests docs'),
      lines: [4],
    },
    {
      name: 'heredoc clean-up',
      code: py('RUN pip install flask\nRUN <<EOF\nrm -rf /root/.cache/pip\nEOF'),
      lines: [4],
    },
    {
      name: 'stage built on a stage that left the lists',
      code: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN rm -rf /var/lib/apt/lists/*\n',
      lines: [4],
    },
    {
      name: 'several clean-ups: the whole RUN moves over passes',
      code: deb('RUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN apt-get autoremove -y && rm -rf /var/lib/apt/lists/*'),
      lines: [3, 3],
      output: deb('RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*'),
    },
  ],
});

testRuleFixtures(cleanupInLaterLayer, fromRoot('server/src/core/rules/cleanup-in-later-layer/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(cleanupInLaterLayer, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      lines: [3],
      message: /≈ \d/,
      data: { creatorLine: 2, bytes: 19003596 },
      options: { facts: testFacts() },
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});
