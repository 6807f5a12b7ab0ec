import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { consecutiveRunLayers } from './rule';

const deb = (body: string) => `FROM debian:bookworm-slim\n${body}\n`;

testRule(consecutiveRunLayers, {
  valid: [
    { name: 'one RUN', code: deb('RUN apt-get update && apt-get install -y curl') },
    { name: 'separated by another instruction', code: deb('RUN mkdir /app\nWORKDIR /app\nRUN touch x') },
    { name: 'only in a builder stage', code: 'FROM debian AS build\nRUN make\nRUN make install\nFROM debian:bookworm-slim\nCOPY --from=build /usr/local/bin/x /usr/local/bin/x\n' },
    { name: 'different mounts', code: deb('RUN --mount=type=cache,target=/var/cache/apt apt-get update\nRUN echo done') },
    { name: 'exec form', code: deb('RUN ["/bin/setup"]\nRUN ["/bin/check"]') },
    { name: 'heredoc', code: deb('RUN <<EOF\nset -e\nmake\nEOF\nRUN make install') },
    { name: 'hadolint pragma', code: deb('# hadolint ignore=DL3059\nRUN a\nRUN b') },
  ],
  invalid: [
    {
      name: 'two RUNs',
      code: deb('RUN apt-get update\nRUN apt-get install -y curl'),
      lines: [2],
      data: { count: 2, lines: ['2', '3'] },
      output: deb('RUN apt-get update \\\n    && apt-get install -y curl'),
    },
    {
      name: 'three RUNs, one finding, continuation lines kept',
      code: deb('RUN apt-get update \\\n && apt-get install -y curl\nRUN curl -o /x https://example.com/x\nRUN chmod +x /x'),
      lines: [2],
      data: { count: 3 },
      output: deb('RUN apt-get update \\\n && apt-get install -y curl \\\n    && curl -o /x https://example.com/x \\\n    && chmod +x /x'),
    },
    {
      name: 'CRLF and comments between',
      code: 'FROM debian:bookworm-slim\r\nRUN mkdir /data\r\n\r\n# permissions\r\nRUN chmod 700 /data\r\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\r\nRUN mkdir /data \\\r\n# permissions\r\n    && chmod 700 /data\r\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM debian:bookworm-slim\nRUN mkdir /data\nRUN touch /data/x\n',
      lines: [3],
      output: '# escape=`\nFROM debian:bookworm-slim\nRUN mkdir /data `\n    && touch /data/x\n',
    },
    {
      name: 'same mount flags',
      code: deb('RUN --mount=type=cache,target=/root/.cache pip install a\nRUN --mount=type=cache,target=/root/.cache pip install b'),
      lines: [2],
      output: deb('RUN --mount=type=cache,target=/root/.cache pip install a \\\n    && pip install b'),
    },
    {
      name: 'a later script with ; is not a plain chain: reported without a fix',
      code: deb('RUN make\nRUN make test; echo tested'),
      lines: [2],
    },
    {
      name: 'the first script may end in anything that exits with its status',
      code: deb('RUN cd /tmp; make || true\nRUN make install'),
      lines: [2],
      output: deb('RUN cd /tmp; make || true \\\n    && make install'),
    },
    {
      name: 'trailing comment on the first RUN blocks the fix',
      code: deb('RUN make # build\nRUN make install'),
      lines: [2],
    },
    {
      name: 'a stage the final image is built on',
      code: 'FROM debian:bookworm-slim AS base\nRUN useradd app\nRUN mkdir /app\nFROM base\nUSER app\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim AS base\nRUN useradd app \\\n    && mkdir /app\nFROM base\nUSER app\n',
    },
    {
      name: 'two runs split by WORKDIR',
      code: deb('RUN a\nRUN b\nWORKDIR /x\nRUN c\nRUN d'),
      lines: [2, 5],
      output: deb('RUN a \\\n    && b\nWORKDIR /x\nRUN c \\\n    && d'),
    },
  ],
});

testRuleFixtures(consecutiveRunLayers, fromRoot('server/src/core/rules/consecutive-run-layers/fixtures'));
