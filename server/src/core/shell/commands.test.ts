import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../node/shell-parser-loader';
import { basename, extractCommands, type ScriptCommand } from './commands';
import type { ShellParser } from './syntax';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

function commands(script: string, vars: Record<string, string> = {}): ScriptCommand[] {
  const tree = parser.parse(script);
  assert.ok(tree);
  return extractCommands(tree, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined));
}

/** `name arg arg` per command, as the shell would see the words. */
function lines(script: string, vars: Record<string, string> = {}): string[][] {
  return commands(script, vars).map((c) => [c.name.value, ...c.args.map((a) => a.value)]);
}

describe('extractCommands: words', () => {
  test('quotes are removed and escapes resolved', () => {
    assert.deepEqual(lines(`echo "a b" 'c d' e\\ f "x"y'z' "q\\"r" "\\$HOME"`), [['echo', 'a b', 'c d', 'e f', 'xyz', 'q"r', '$HOME']]);
  });

  test('word offsets cover the word as written, quotes included', () => {
    const [c] = commands(`apt-get install -y "gcc" 'make'`);
    assert.deepEqual([c.name, ...c.args].map((w) => [w.start, w.end]), [[0, 7], [8, 15], [16, 18], [19, 24], [25, 31]]);
    assert.equal(c.start, 0);
    assert.equal(c.end, 31);
  });

  test('variables known to the instruction are expanded', () => {
    const vars = { A: '1', V: '/opt/venv', EMPTY: '' };
    assert.deepEqual(lines('echo $A ${A} "${A}x" --p=$V "$V/bin" ${B:-dflt} ${A:+set} "${EMPTY:-e}" "${EMPTY-e}"', vars), [
      ['echo', '1', '1', '1x', '--p=/opt/venv', '/opt/venv/bin', 'dflt', 'set', 'e', ''],
    ]);
  });

  test('unknown variables, substitutions and fancy expansions stay dynamic', () => {
    const [c] = commands('echo $B "$B" ${B} ${#A} $(uname -m) `date` plain', { A: 'x' });
    assert.deepEqual(
      c.args.map((a) => [a.value, a.dynamic]),
      [['$B', true], ['$B', true], ['${B}', true], ['${#A}', true], ['$(uname -m)', true], ['`date`', true], ['plain', false]],
    );
  });

  test('an unquoted expansion splits into fields; each keeps the expansion range', () => {
    const [c] = commands('apt-get install -y $DEPS "$DEPS" $NONE x', { DEPS: 'gcc  libpq-dev', NONE: '' });
    assert.deepEqual(c.args.map((a) => a.value), ['install', '-y', 'gcc', 'libpq-dev', 'gcc  libpq-dev', 'x']);
    assert.deepEqual([c.args[2].start, c.args[2].end, c.args[3].start, c.args[3].end], [19, 24, 19, 24]);
  });

  test('numbers are words', () => {
    assert.deepEqual(lines('nvm install 18'), [['nvm', 'install', '18']]);
  });

  test('redirections are not arguments', () => {
    assert.deepEqual(lines('pip install x > /dev/null 2>&1 < /dev/null'), [['pip', 'install', 'x']]);
  });
});

describe('extractCommands: structure', () => {
  test('lists, subshells, groups, conditionals, loops, functions and case arms', () => {
    const script =
      'a && b || c; (cd /x && make); { d; }; if [ -f x ]; then e; else f; fi; for p in q r; do g $p; done; ' +
      'while read l; do h; done < list; fn() { i; }; case $x in y) j;; esac; ! k';
    assert.deepEqual(
      commands(script).map((c) => c.name.value),
      ['a', 'b', 'c', 'cd', 'make', 'd', 'e', 'f', 'g', 'read', 'h', 'i', 'j', 'k'],
    );
  });

  test('pipelines record where their input comes from', () => {
    const cs = commands('curl -sSL https://x | tee /tmp/f | sh && echo done | cat');
    assert.deepEqual(cs.map((c) => [c.name.value, c.pipedFrom]), [['curl', undefined], ['tee', 0], ['sh', 1], ['echo', undefined], ['cat', 3]]);
  });

  test('inline assignments are kept apart from the words', () => {
    const [c] = commands('DEBIAN_FRONTEND=noninteractive PIP_X="a b" apt-get install -y x', {});
    assert.equal(c.name.value, 'apt-get');
    assert.deepEqual([...c.assignments], [['DEBIAN_FRONTEND', 'noninteractive'], ['PIP_X', 'a b']]);
  });

  test('heredoc bodies fed to a command are recorded', () => {
    const script = 'cat <<EOF > /etc/x\nhello\nEOF';
    const [c] = commands(script);
    assert.equal(c.name.value, 'cat');
    assert.equal(c.heredocs.length, 1);
    assert.equal(script.slice(c.heredocs[0].start, c.heredocs[0].end), 'hello\n');
  });

  test('an empty or comment-only script has no commands', () => {
    assert.deepEqual(commands(''), []);
    assert.deepEqual(commands('# nothing\n\n'), []);
  });

  test('a script with syntax errors still yields the commands it can', () => {
    assert.deepEqual(lines('apt-get install -y x && echo "unterminated'), [['apt-get', 'install', '-y', 'x'], ['echo', 'unterminated']]);
  });
});

describe('extractCommands: wrappers', () => {
  const cases: Array<[string, string[]]> = [
    ['sudo apt-get install x', ['apt-get', 'install', 'x']],
    ['sudo -E apt-get install x', ['apt-get', 'install', 'x']],
    ['sudo -u app -H pip install x', ['pip', 'install', 'x']],
    ['sudo --user=app pip install x', ['pip', 'install', 'x']],
    ['gosu app pip install x', ['pip', 'install', 'x']],
    ['su-exec app:app python -m venv /v', ['python', '-m', 'venv', '/v']],
    ['nice -n 10 make', ['make']],
    ['nohup time -f %e exec make', ['make']],
    ['command pip install x', ['pip', 'install', 'x']],
    ['eatmydata apt-get install x', ['apt-get', 'install', 'x']],
    ['/usr/bin/sudo apt-get update', ['apt-get', 'update']],
    ['env DEBIAN_FRONTEND=noninteractive apt-get install x', ['apt-get', 'install', 'x']],
    ['env -u HOME -i A=1 pip install x', ['pip', 'install', 'x']],
    ['sudo', ['sudo']],
  ];
  for (const [script, expected] of cases) {
    test(script, () => assert.deepEqual(lines(script), [expected]));
  }

  test('`command -v` only looks a command up', () => {
    assert.deepEqual(lines('command -v pip && pip install x'), [['pip', 'install', 'x']]);
  });

  test('env assignments become inline assignments', () => {
    const [c] = commands('env -u X PIP_NO_CACHE_DIR=1 pip install x');
    assert.deepEqual([...c.assignments], [['PIP_NO_CACHE_DIR', '1']]);
  });
});

describe('basename', () => {
  test('strips directories', () => {
    assert.equal(basename('/usr/local/bin/pip3'), 'pip3');
    assert.equal(basename('pip'), 'pip');
    assert.equal(basename('dir/'), '');
  });
});
