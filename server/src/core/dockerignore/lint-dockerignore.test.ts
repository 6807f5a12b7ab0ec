import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerignoreFinding, lintDockerignore } from './lint-dockerignore';

const lint = (text: string, dockerfile = 'Dockerfile', ignoreFilePath?: string) =>
  lintDockerignore(text, dockerfile, ignoreFilePath ? { ignoreFilePath } : {});
const brief = (findings: DockerignoreFinding[]) => findings.map((f) => `${f.line}:${f.id}:${f.severity}`);

describe('lintDockerignore: clean files', () => {
  test('a typical .dockerignore has no findings', () => {
    const text = [
      '# Keep the context small',
      '**/__pycache__',
      '**/*.py[cod]',
      '.git',
      '.venv/',
      '!.venv/keep.txt',
      'docs/**/*.md',
      '!docs/README.md',
      '/build',
      '*.log',
      '',
    ].join('\n');
    assert.deepEqual(lint(text), []);
  });

  test('an empty file and a file of comments have no findings', () => {
    assert.deepEqual(lint(''), []);
    assert.deepEqual(lint('# only\n#comments\n\n'), []);
  });
});

describe('lintDockerignore: patterns that never match', () => {
  test('patterns Docker rejects are warnings that say the build fails', () => {
    const findings = lint('[a-z\nbuild\\\n!\n[]x\n');
    assert.deepEqual(brief(findings), [
      '0:dockerignore-never-matches:warning',
      '1:dockerignore-never-matches:warning',
      '2:dockerignore-never-matches:warning',
      '3:dockerignore-never-matches:warning',
    ]);
    for (const f of findings) assert.match(f.message, /syntax error in pattern.*builds with this file fail/);
  });

  test('a reversed range matches nothing', () => {
    const [f] = lint('file[z-a].txt\n');
    assert.equal(f.id, 'dockerignore-never-matches');
    assert.match(f.message, /z-a is reversed/);
  });

  test('the context root, a bare slash and parent paths never match', () => {
    assert.deepEqual(brief(lint('.\n./\n/\n../secrets\nsub/../..\n')), [
      '0:dockerignore-never-matches:warning',
      '1:dockerignore-never-matches:warning',
      '2:dockerignore-never-matches:warning',
      '3:dockerignore-never-matches:warning',
      '4:dockerignore-never-matches:warning',
    ]);
  });

  test('end-of-line and indented comments are part of the pattern', () => {
    const findings = lint('node_modules # dependencies\n   # indented note\n');
    assert.deepEqual(brief(findings), ['0:dockerignore-never-matches:warning', '1:dockerignore-never-matches:warning']);
    assert.match(findings[0].message, /no end-of-line comments/);
    assert.match(findings[1].message, /first column/);
  });

  test('a class that can match no character is reported', () => {
    assert.deepEqual(brief(lint('x[^\u0000-\u{10FFFF}]\n')), ['0:dockerignore-never-matches:warning']);
  });

  test('the range covers the trimmed pattern on its line', () => {
    const [f] = lint('ok\n\n   [a-z   \r\n');
    assert.deepEqual([f.line, f.startCharacter, f.endCharacter], [2, 3, 7]);
  });
});

describe('lintDockerignore: negations that re-include nothing', () => {
  test('a negation with nothing excluded before it is information', () => {
    const findings = lint('!keep.txt\n*.log\n');
    assert.deepEqual(brief(findings), ['0:dockerignore-never-matches:information']);
    assert.match(findings[0].message, /re-includes nothing/);
  });

  test('a negation after an unrelated exclusion is information', () => {
    assert.deepEqual(brief(lint('*.log\n!keep.txt\n')), ['1:dockerignore-never-matches:information']);
  });

  test('negations that take back an earlier exclusion are fine', () => {
    assert.deepEqual(lint('*.txt\n!keep.txt\n'), []);
    assert.deepEqual(lint('docs\n!docs/keep.md\n'), []);
    assert.deepEqual(lint('src/**/*.tmp\n!src\n'), []);
    assert.deepEqual(lint('*\n!Dockerfile\n!.dockerignore\n!src/\n'), []);
  });

  test('a negation only looks at patterns above it', () => {
    assert.deepEqual(brief(lint('!a/b\na\n')), ['0:dockerignore-never-matches:information']);
  });
});

describe('lintDockerignore: the Dockerfile and the ignore file', () => {
  test('excluding the Dockerfile is information on the deciding line', () => {
    const findings = lint('*.md\nDockerfile\n');
    assert.deepEqual(brief(findings), ['1:dockerignore-excludes-dockerfile:information']);
    assert.match(findings[0].message, /Docker still reads it/);
    assert.match(findings[0].message, /!Dockerfile/);
  });

  test('a Dockerfile in a subdirectory is excluded through its directory or a ** pattern', () => {
    assert.deepEqual(brief(lint('docker\n', 'docker/Dockerfile.prod')), ['0:dockerignore-excludes-dockerfile:information']);
    assert.deepEqual(brief(lint('**/Dockerfile*\n', './docker/Dockerfile.prod')), [
      '0:dockerignore-excludes-dockerfile:information',
    ]);
    assert.deepEqual(brief(lint('**/Dockerfile*\n', 'docker\\Dockerfile.prod')), [
      '0:dockerignore-excludes-dockerfile:information',
    ]);
  });

  test('the last exclusion decides; a later negation takes it back', () => {
    const both = lint('*\n!src\n');
    assert.deepEqual(brief(both), ['0:dockerignore-excludes-dockerfile:information']);
    assert.match(both[0].message, /the Dockerfile \(`Dockerfile`\) and the ignore file \(`\.dockerignore`\)/);
    assert.match(both[0].message, /`!Dockerfile` or `!\.dockerignore`/);
    assert.deepEqual(lint('*\n!Dockerfile\n!.dockerignore\n'), []);
    assert.deepEqual(brief(lint('Dockerfile\n!Dockerfile\nDocker*\n')), ['2:dockerignore-excludes-dockerfile:information']);
  });

  test('matching is case-sensitive and anchored at the context root', () => {
    assert.deepEqual(lint('dockerfile\n'), []);
    assert.deepEqual(lint('Dockerfile\n', 'app/Dockerfile'), []);
  });

  test('excluding the ignore file itself is reported too', () => {
    const findings = lint('.dockerignore\n');
    assert.deepEqual(brief(findings), ['0:dockerignore-excludes-dockerfile:information']);
    assert.match(findings[0].message, /the ignore file \(`\.dockerignore`\)/);
    assert.deepEqual(brief(lint('*.dockerignore\n', 'Dockerfile', 'docker/Dockerfile.prod.dockerignore')), []);
    assert.deepEqual(brief(lint('docker/\n', 'Dockerfile', 'docker/Dockerfile.prod.dockerignore')), [
      '0:dockerignore-excludes-dockerfile:information',
    ]);
  });

  test('a Dockerfile outside the context is not checked', () => {
    assert.deepEqual(lint('*\n!src\n', '../Dockerfile', '../x.dockerignore'), []);
    assert.deepEqual(brief(lint('*\n', '/abs/Dockerfile', '/abs/.dockerignore')), []);
    assert.deepEqual(brief(lint('*\n', 'C:\\src\\Dockerfile', 'C:\\src\\.dockerignore')), []);
  });
});
