import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { testFacts } from '../../../../../test/support/size-facts';
import { missingRuntimeLibrary } from './rule';

const facts = testFacts();
const options = { facts };

const builder = (pkgs: string, extra = '') =>
  `FROM python:3.12-slim-bookworm AS build\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential ${pkgs} && rm -rf /var/lib/apt/lists/*\nRUN python -m venv --copies /opt/venv && /opt/venv/bin/pip install --no-cache-dir psycopg2==2.9.9\n${extra}`;

testRule(missingRuntimeLibrary, {
  valid: [
    { name: 'runtime library installed', options, code: builder('libpq-dev', 'FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /opt/venv /opt/venv\n') },
    { name: 'the -dev package in the runtime brings the library along', options, code: builder('libpq-dev', 'FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY --from=build /opt/venv /opt/venv\n') },
    { name: 'library already in the base image (libffi)', options, code: builder('libffi-dev', 'FROM python:3.12-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\n') },
    { name: 'only a static asset copied', options, code: builder('libpq-dev', 'FROM python:3.12-slim-bookworm\nCOPY --from=build /app/static /app/static\n') },
    { name: 'no size data: no judgement', code: builder('libpq-dev', 'FROM python:3.12-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\n') },
    { name: 'single stage', options, code: 'FROM python:3.12-slim-bookworm\nRUN apt-get install -y libpq-dev\n' },
  ],
  invalid: [
    {
      name: 'venv built against libpq-dev, runtime without libpq5',
      options,
      code: builder('libpq-dev', 'FROM python:3.12-slim-bookworm AS release\nCOPY --from=build /opt/venv /opt/venv\nCMD ["python", "-c", "import psycopg2"]\n'),
      lines: [5],
      data: { libraries: ['libpq5'] },
      message: /libpq\.so\.5: cannot open shared object file/,
      output: builder(
        'libpq-dev',
        'FROM python:3.12-slim-bookworm AS release\nCOPY --from=build /opt/venv /opt/venv\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCMD ["python", "-c", "import psycopg2"]\n',
      ),
    },
    {
      name: 'several -dev packages, image libraries included',
      options,
      code: builder('libpq-dev libjpeg62-turbo-dev libxml2-dev', 'FROM python:3.12-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\n'),
      lines: [5],
      data: { libraries: ['libpq5', 'libjpeg62-turbo', 'libxml2'] },
      output: builder(
        'libpq-dev libjpeg62-turbo-dev libxml2-dev',
        'FROM python:3.12-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 libjpeg62-turbo libxml2 && rm -rf /var/lib/apt/lists/*\n',
      ),
    },
    {
      name: "Debian's python3-psycopg2 copied out of dist-packages",
      options,
      code: 'FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends python3 python3-psycopg2\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /usr/lib/python3/dist-packages/psycopg2 /usr/lib/python3/dist-packages/psycopg2\n',
      lines: [5],
      data: { libraries: ['libpq5'] },
      output:
        'FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends python3 python3-psycopg2\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /usr/lib/python3/dist-packages/psycopg2 /usr/lib/python3/dist-packages/psycopg2\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'buster images use bullseye data for the mapping',
      options,
      code: 'FROM python:3.9.6-slim-buster AS build-base\nRUN apt-get update && apt-get -y install --no-install-recommends libpq-dev build-essential\nRUN python3 -m venv /opt/.venv\nFROM python:3.9.6-slim-buster AS release\nCOPY --from=build-base /opt/.venv /opt/.venv\n',
      lines: [5],
      data: { libraries: ['libpq5'] },
      output:
        'FROM python:3.9.6-slim-buster AS build-base\nRUN apt-get update && apt-get -y install --no-install-recommends libpq-dev build-essential\nRUN python3 -m venv /opt/.venv\nFROM python:3.9.6-slim-buster AS release\nCOPY --from=build-base /opt/.venv /opt/.venv\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});

testRuleFixtures(missingRuntimeLibrary, fromRoot('server/src/core/rules/missing-runtime-library/fixtures'), options);
