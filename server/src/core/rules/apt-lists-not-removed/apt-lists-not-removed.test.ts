import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { aptListsNotRemoved } from './rule';

testRule(aptListsNotRemoved, {
  valid: [
    { name: 'lists removed', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
    { name: 'lists dir removed', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists\n' },
    {
      name: 'cache mount',
      code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
    },
    { name: 'only in a builder', code: 'FROM debian AS b\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n' },
    { name: 'hadolint pragma', code: 'FROM debian:bookworm-slim\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n' },
  ],
  invalid: [
    {
      name: 'no cleanup',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'cleanup in a later RUN does not count',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'fix lands after the last apt command, before a trailing comment',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl # tools\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* # tools\n',
    },
    {
      name: 'continuation lines and CRLF',
      code: 'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n && apt-get install -y curl\r\nCMD ["curl"]\r\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\nCMD ["curl"]\r\n',
    },
    {
      name: 'heredoc body',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
      lines: [3],
      output: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF\n',
    },
  ],
});

testRuleFixtures(aptListsNotRemoved, fromRoot('server/src/core/rules/apt-lists-not-removed/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(aptListsNotRemoved, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      lines: [2],
      message: /≈ \d/,
      data: { bytes: 19003596 },
      options: { facts: testFacts() },
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});
