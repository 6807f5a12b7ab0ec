import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWithin, mentionsPath, removalCovers, resolvePath } from './paths';

test('resolvePath: workdir, home, unresolved variables', () => {
  assert.equal(resolvePath('venv', '/app'), '/app/venv');
  assert.equal(resolvePath('./a/../b/', '/app'), '/app/b');
  assert.equal(resolvePath('~/.cache/pip', '/app', '/root'), '/root/.cache/pip');
  assert.equal(resolvePath('$HOME/.npm', '/', '/home/node'), '/home/node/.npm');
  assert.equal(resolvePath('~/.cache', '/'), undefined);
  assert.equal(resolvePath('$TARGET/x', '/'), undefined);
});

test('removalCovers: globs, parents and parts', () => {
  assert.equal(removalCovers('/var/lib/apt/lists/*', '/var/lib/apt/lists'), 'covers');
  assert.equal(removalCovers('/root/.cache', '/root/.cache/pip'), 'covers');
  assert.equal(removalCovers('/tmp/*.tar.gz', '/tmp/cli.tar.gz'), 'covers');
  assert.equal(removalCovers('/app/tests', '/app'), 'inside');
  assert.equal(removalCovers('/etc/nginx/conf.d/default.conf', '/etc/nginx/conf.d/site.conf'), 'none');
});

test('isWithin and mentionsPath respect path boundaries', () => {
  assert.equal(isWithin('/app/src', '/app'), true);
  assert.equal(isWithin('/application', '/app'), false);
  assert.equal(mentionsPath('cd /app/src && make', '/app'), true);
  assert.equal(mentionsPath('ls /application', '/app'), false);
  assert.equal(mentionsPath('PATH="/venv/bin:$PATH"', '/venv'), true);
});
