import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { aptNoInstallRecommends } from './rule';

testRule(aptNoInstallRecommends, {
  valid: [
    { name: 'flag given', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n' },
    { name: 'apt option form', code: 'FROM debian:bookworm-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
    { name: 'builder stage only', code: 'FROM debian AS b\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n' },
    { name: 'update is not install', code: 'FROM debian:bookworm-slim\nRUN apt-get update\n' },
    {
      name: 'hadolint pragma honoured',
      code: 'FROM debian:bookworm-slim\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n',
    },
    { name: 'dockerlean pragma', code: 'FROM debian:bookworm-slim\n# dockerlean ignore=apt-no-install-recommends\nRUN apt-get install -y curl\n' },
    { name: 'turned off in settings', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y curl\n', options: { rules: { 'apt-no-install-recommends': 'off' } } },
  ],
  invalid: [
    {
      name: 'plain install',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
      lines: [2],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'apt instead of apt-get, on a continuation line',
      code: 'FROM debian:bookworm-slim\nRUN apt update && \\\n    apt install -y git\n',
      lines: [3],
      output: 'FROM debian:bookworm-slim\nRUN apt update && \\\n    apt install --no-install-recommends -y git\n',
    },
    {
      name: 'a pragma for another rule does not silence it',
      code: 'FROM debian:bookworm-slim\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n',
      lines: [3],
      output: 'FROM debian:bookworm-slim\n# hadolint ignore=DL3008\nRUN apt-get install --no-install-recommends -y curl\n',
    },
  ],
});

testRuleFixtures(aptNoInstallRecommends, fromRoot('server/src/core/rules/apt-no-install-recommends/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(aptNoInstallRecommends, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      lines: [2],
      message: /≈ \d/,
      data: { bytes: 3373078, recommendedPackages: 6 },
      options: { facts: testFacts() },
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});
