import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAndChain, scriptShape } from './script-shape';

test('script shape: top-level operators only', () => {
  assert.deepEqual(scriptShape('a && b | c').operators, ['&&', '|']);
  assert.deepEqual(scriptShape('a "x;y" && echo $(b; c) \'d || e\'').operators, ['&&']);
  assert.deepEqual(scriptShape('make 2>&1 && x >/dev/null').operators, ['&&']);
  assert.deepEqual(scriptShape('a; b || c &').operators, [';', '||', '&']);
});

test('script shape: comments, compound commands, balance', () => {
  assert.equal(scriptShape('make # build && test').comment, true);
  assert.equal(scriptShape('echo a#b').comment, false);
  assert.equal(scriptShape('if true; then x; fi').compound, true);
  assert.equal(scriptShape('(cd /x && make)').compound, true);
  assert.equal(scriptShape('echo "unclosed').balanced, false);
  assert.equal(scriptShape('a &&').endsWithOperator, true);
});

test('and-chains: what `&&` can join without changing failures', () => {
  assert.equal(isAndChain('apt-get update && apt-get install -y x | tee log'), true);
  assert.equal(isAndChain('make test; echo done'), false);
  assert.equal(isAndChain('rm x || true'), false);
  assert.equal(isAndChain('for f in *; do x; done'), false);
  assert.equal(isAndChain('echo "a && b; c"'), true);
});
