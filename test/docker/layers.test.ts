// The pieces of the layer measurement that need no engine: matching the classic builder's steps to
// Dockerfile lines only works if both count instructions the same way.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseBuildSteps } from './engine';
import { externalBaseImages, parseDockerfile } from './layers';

test('parseDockerfile counts instructions like the classic builder', () => {
  const parsed = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=debian:bookworm',
      'FROM ${BASE} AS build',
      'RUN apt-get update \\',
      '    # dropped inside a continuation',
      ' && apt-get install -y libpq-dev',
      '',
      'from debian:bookworm-slim',
      'COPY --from=build /x /x',
      'FROM build AS again',
      'CMD ["bash"]',
    ].join('\n'),
  );
  assert.deepEqual(
    parsed.instructions.map((i) => [i.keyword, i.line, i.endLine, i.stage]),
    [
      ['ARG', 2, 2, null],
      ['FROM', 3, 3, 0],
      ['RUN', 4, 6, 0],
      ['FROM', 8, 8, 1],
      ['COPY', 9, 9, 1],
      ['FROM', 10, 10, 2],
      ['CMD', 11, 11, 2],
    ],
  );
  assert.equal(parsed.instructions[2].text, 'RUN apt-get update  && apt-get install -y libpq-dev');
  assert.deepEqual(
    parsed.stages.map((s) => [s.name, s.from, s.fromStage]),
    [
      ['build', 'debian:bookworm', undefined],
      [undefined, 'debian:bookworm-slim', undefined],
      ['again', 'build', 0],
    ],
  );
  assert.deepEqual(externalBaseImages(parsed), ['debian:bookworm', 'debian:bookworm-slim']);
});

test('parseDockerfile honours the escape directive', () => {
  const parsed = parseDockerfile('# escape=`\nFROM debian:bookworm-slim\nRUN echo a `\n  b\n');
  assert.deepEqual(parsed.instructions.map((i) => [i.keyword, i.line, i.endLine]), [
    ['FROM', 2, 2],
    ['RUN', 3, 4],
  ]);
});

test('parseBuildSteps takes each step’s committed image, not its container', () => {
  const steps = parseBuildSteps(
    [
      'Sending build context to Docker daemon  2.048kB',
      'Step 1/4 : ARG BASE=debian:bookworm',
      'Step 2/4 : FROM ${BASE} AS one',
      ' ---> 2ad3f684df06',
      'Step 3/4 : RUN echo hi',
      ' ---> Running in c7d40408b704',
      'hi',
      'Removing intermediate container c7d40408b704',
      ' ---> 3560b943714a',
      'Step 4/4 : ENV A=b',
      ' ---> Using cache',
      ' ---> b64b7ed99550',
      'Successfully built b64b7ed99550',
    ].join('\n'),
  );
  assert.deepEqual(
    steps.map((s) => [s.index, s.total, s.imageId, s.cached]),
    [
      [1, 4, undefined, false],
      [2, 4, '2ad3f684df06', false],
      [3, 4, '3560b943714a', false],
      [4, 4, 'b64b7ed99550', true],
    ],
  );
});
