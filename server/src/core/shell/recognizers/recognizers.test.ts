import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../../node/shell-parser-loader';
import { extractCommands, type ScriptWord } from '../commands';
import type { RecognizedCommand } from '../recognized';
import type { ShellParser } from '../syntax';
import { recognize } from './index';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

function recognizeAll(script: string, vars: Record<string, string> = {}): Array<RecognizedCommand<ScriptWord> | undefined> {
  const tree = parser.parse(script);
  assert.ok(tree);
  const found = extractCommands(tree, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined));
  return found.map((c) => recognize(c, found));
}

/** Words become their values and absent optional fields disappear, so tables stay readable. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    if ('value' in v && 'start' in v && 'end' in v && 'dynamic' in v) return (v as ScriptWord).value;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}

/** What the last command of a line is recognized as (the interpreter, for `curl ... | sh`). */
function last(script: string, vars?: Record<string, string>): unknown {
  const all = recognizeAll(script, vars);
  return plain(all[all.length - 1]);
}

type Row = readonly [script: string, expected: unknown];

function table(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    for (const [script, expected] of rows) test(script, () => assert.deepEqual(last(script), expected));
  });
}

const apt = (action: string, packages: string[], noInstallRecommends = false, assumeYes = false) => ({ tool: 'apt', action, packages, noInstallRecommends, assumeYes });
table('apt and apt-get', [
  ['apt-get -y install --no-install-recommends a b=1.2', apt('install', ['a', 'b=1.2'], true, true)],
  ['apt-get -o APT::Install-Recommends=false install x', apt('install', ['x'], true, false)],
  ['apt-get install -y --option=APT::Install-Recommends=0 x', apt('install', ['x'], true, true)],
  ['apt-get install -y -o Dpkg::Options::=--force-confold -t bookworm-backports x', apt('install', ['x'], false, true)],
  ['DEBIAN_FRONTEND=noninteractive apt-get install -yq x', apt('install', ['x'], false, true)],
  // debconf's frontend does not answer apt's own "Do you want to continue?".
  ['DEBIAN_FRONTEND=noninteractive apt-get install x', apt('install', ['x'], false, false)],
  ['sudo apt-get install x', apt('install', ['x'], false, false)],
  ['sudo -E apt-get -qq install x', apt('install', ['x'], false, true)],
  ['apt-get -q -q install x', apt('install', ['x'], false, true)],
  ['apt-get -q install x', apt('install', ['x'], false, false)],
  ['apt-get --quiet=2 install x', apt('install', ['x'], false, true)],
  ['apt-get -o APT::Get::Assume-Yes=true install x', apt('install', ['x'], false, true)],
  ['apt install --yes python3=3.11.2-1+b1 ./local.deb', apt('install', ['python3=3.11.2-1+b1', './local.deb'], false, true)],
  ['/usr/bin/apt-get install --assume-yes x', apt('install', ['x'], false, true)],
  ['aptitude install -y x', apt('install', ['x'], false, true)],
  ['apt-get update', apt('update', [])],
  ['apt-get purge -y --auto-remove gcc', apt('purge', ['gcc'], false, true)],
  ['apt-get remove gcc', apt('remove', ['gcc'])],
  ['apt-get autoremove -y', apt('autoremove', [], false, true)],
  ['apt-get clean', apt('clean', [])],
  ['apt-get dist-upgrade -y', apt('upgrade', [], false, true)],
  ['apt-get source x', apt('other', [])],
  ['apt-get', apt('other', [])],
]);

table('apk', [
  ['apk add --no-cache --virtual .build-deps gcc musl-dev', { tool: 'apk', action: 'add', packages: ['gcc', 'musl-dev'], noCache: true, virtual: '.build-deps' }],
  ['apk add -t .deps gcc', { tool: 'apk', action: 'add', packages: ['gcc'], noCache: false, virtual: '.deps' }],
  ['apk --update add curl', { tool: 'apk', action: 'add', packages: ['curl'], noCache: false }],
  ['apk add --repository http://dl-cdn/edge/testing foo', { tool: 'apk', action: 'add', packages: ['foo'], noCache: false }],
  ['apk del .build-deps', { tool: 'apk', action: 'del', packages: ['.build-deps'], noCache: false }],
  ['apk update', { tool: 'apk', action: 'update', packages: [], noCache: false }],
  ['apk upgrade --no-cache', { tool: 'apk', action: 'upgrade', packages: [], noCache: true }],
  ['apk cache clean', { tool: 'apk', action: 'cache-clean', packages: [], noCache: false }],
  ['apk info', { tool: 'apk', action: 'other', packages: [], noCache: false }],
]);

table('yum, dnf and microdnf', [
  ['yum install -y gcc make', { tool: 'yum', manager: 'yum', action: 'install', packages: ['gcc', 'make'] }],
  ['dnf -y install --setopt=install_weak_deps=False python3', { tool: 'yum', manager: 'dnf', action: 'install', packages: ['python3'] }],
  ['dnf install --setopt tsflags=nodocs python3', { tool: 'yum', manager: 'dnf', action: 'install', packages: ['python3'] }],
  ['microdnf install -y shadow-utils', { tool: 'yum', manager: 'microdnf', action: 'install', packages: ['shadow-utils'] }],
  ['dnf erase x', { tool: 'yum', manager: 'dnf', action: 'remove', packages: ['x'] }],
  ['yum clean all', { tool: 'yum', manager: 'yum', action: 'clean', packages: [] }],
  ['yum makecache', { tool: 'yum', manager: 'yum', action: 'other', packages: [] }],
]);

const pip = (executable: string, fields: Record<string, unknown>) => ({
  tool: 'pip',
  action: 'install',
  packages: [],
  requirementFiles: [],
  constraintFiles: [],
  noCacheDir: false,
  user: false,
  ...fields,
  executable,
});
table('pip', [
  ['python3 -m pip install --no-cache-dir -r requirements.txt', pip('python3', { requirementFiles: ['requirements.txt'], noCacheDir: true })],
  ['PIP_NO_CACHE_DIR=1 pip install x', pip('pip', { packages: ['x'], noCacheDir: true })],
  // pip disables the cache for false values too, for backwards compatibility.
  ['PIP_NO_CACHE_DIR=false pip install x', pip('pip', { packages: ['x'], noCacheDir: true })],
  ['/opt/venv/bin/pip install --user x', pip('/opt/venv/bin/pip', { packages: ['x'], user: true })],
  ['pip3 install --prefix=/install -r a.txt --requirement b.txt psycopg2==2.9.9', pip('pip3', { packages: ['psycopg2==2.9.9'], requirementFiles: ['a.txt', 'b.txt'], prefix: '/install' })],
  ['pip install -t /deps -e ./lib .', pip('pip', { packages: ['.', './lib'], target: '/deps' })],
  ['pip install --index-url https://x/simple -c constraints.txt x', pip('pip', { packages: ['x'], constraintFiles: ['constraints.txt'] })],
  ['python3 -I -m pip install -U pip', pip('python3', { packages: ['pip'] })],
  ['python3.12 -m pip uninstall -y setuptools', pip('python3.12', { action: 'uninstall', packages: ['setuptools'] })],
  ['pip cache purge', pip('pip', { action: 'cache-purge' })],
  ['python -m pip --version', pip('python', { action: 'other' })],
  ['python setup.py install', undefined],
  ['python -c "import pip"', undefined],
  ['pip-compile requirements.in', undefined],
]);

table('virtual environments', [
  ['python -m venv --copies /opt/venv', { tool: 'venv', via: 'venv', path: '/opt/venv', copies: true, insertAt: 14 }],
  ['python3 -m venv /opt/venv', { tool: 'venv', via: 'venv', path: '/opt/venv', copies: false, insertAt: 15 }],
  ['python3 -m venv --upgrade-deps --prompt app /opt/venv', { tool: 'venv', via: 'venv', path: '/opt/venv', copies: false, insertAt: 15 }],
  ['python3 -m virtualenv --always-copy /v', { tool: 'venv', via: 'virtualenv', path: '/v', copies: true, insertAt: 21 }],
  ['virtualenv /v', { tool: 'venv', via: 'virtualenv', path: '/v', copies: false, insertAt: 10 }],
  ['virtualenv -p python3.11 /v', { tool: 'venv', via: 'virtualenv', path: '/v', copies: false, insertAt: 10 }],
  ['uv venv /v', { tool: 'venv', via: 'uv', path: '/v', copies: false, insertAt: 7 }],
  ['uv venv --python 3.12', { tool: 'venv', via: 'uv', copies: false, insertAt: 7 }],
]);

const poetry = (fields: Record<string, unknown>) => ({ tool: 'poetry', action: 'install', noRoot: false, noDev: false, without: [], only: [], withGroups: [], noCache: false, ...fields });
table('poetry', [
  ['poetry install --without dev --no-root', poetry({ without: ['dev'], noRoot: true })],
  ['poetry install --only main', poetry({ only: ['main'] })],
  ['poetry install --only=main,docs --no-interaction --no-ansi', poetry({ only: ['main', 'docs'] })],
  ['poetry install --only-root', poetry({ only: ['root'] })],
  ['poetry install --no-dev', poetry({ noDev: true })],
  ['poetry install --with test,lint --no-cache', poetry({ withGroups: ['test', 'lint'], noCache: true })],
  ['poetry config virtualenvs.create false', poetry({ action: 'config', config: { key: 'virtualenvs.create', value: 'false' } })],
  ['poetry config --list', poetry({ action: 'config' })],
  ['poetry export -f requirements.txt', poetry({ action: 'export' })],
  ['python -m poetry install', poetry({})],
  ['poetry -C /src install', poetry({ directory: '/src' })],
  ['poetry self add poetry-plugin-export', poetry({ action: 'self' })],
  ['poetry build', poetry({ action: 'other' })],
]);

table('pipenv', [
  ['pipenv install --deploy --system', { tool: 'pipenv', action: 'install', dev: false, deploy: true, system: true }],
  ['pipenv sync --dev', { tool: 'pipenv', action: 'sync', dev: true, deploy: false, system: false }],
  ['pipenv run python app.py', { tool: 'pipenv', action: 'other', dev: false, deploy: false, system: false }],
]);

const uv = (action: string, fields: Record<string, unknown> = {}) => ({ tool: 'uv', action, noDev: false, frozen: false, noCache: false, packages: [], requirementFiles: [], noInstallProject: false, ...fields });
table('uv', [
  ['uv sync --frozen --no-dev', uv('sync', { noDev: true, frozen: true })],
  ['UV_NO_CACHE=1 uv sync --locked --no-group dev', uv('sync', { noDev: true, frozen: true, noCache: true })],
  ['UV_NO_CACHE=false uv sync', uv('sync')],
  ['uv sync --only-group prod', uv('sync', { noDev: true })],
  ['uv sync --frozen --no-install-project', uv('sync', { frozen: true, noInstallProject: true })],
  ['uv pip install -r r.txt', uv('pip-install', { requirementFiles: ['r.txt'] })],
  ['uv pip install --system --no-cache x y', uv('pip-install', { packages: ['x', 'y'], noCache: true })],
  ['uv cache clean', uv('cache-clean')],
  ['uv add httpx', uv('other')],
]);

const npm = (manager: string, action: string, fields: Record<string, unknown> = {}) => ({ tool: 'node-pm', manager, action, omitDev: false, global: false, packages: [], ...fields });
table('npm, yarn and pnpm', [
  ['npm ci --omit=dev', npm('npm', 'ci', { omitDev: true })],
  ['npm ci --omit dev --prefix /app', npm('npm', 'ci', { omitDev: true, prefix: '/app' })],
  ['npm ci --only=production', npm('npm', 'ci', { omitDev: true })],
  ['NODE_ENV=production npm ci', npm('npm', 'ci', { omitDev: true })],
  ['npm install -g n', npm('npm', 'install', { global: true, packages: ['n'] })],
  // npm's -P is --save-prod; only pnpm's -P means --prod.
  ['npm install -P left-pad', npm('npm', 'install', { packages: ['left-pad'] })],
  ['pnpm i -P', npm('pnpm', 'install', { omitDev: true })],
  ['yarn install --production', npm('yarn', 'install', { omitDev: true })],
  ['pnpm install --prod --frozen-lockfile', npm('pnpm', 'install', { omitDev: true })],
  ['yarn', npm('yarn', 'install')],
  ['yarn add react', npm('yarn', 'install', { packages: ['react'] })],
  ['yarn --cwd /app install', npm('yarn', 'install', { prefix: '/app' })],
  ['npm', npm('npm', 'other')],
  ['npm run build', npm('npm', 'run', { script: 'build' })],
  ['npm prune --production', npm('npm', 'prune', { omitDev: true })],
  ['npm cache clean --force', npm('npm', 'cache-clean')],
  ['yarn cache clean', npm('yarn', 'cache-clean')],
]);

table('node version managers', [
  ['n 18.8.0', { tool: 'node-version-manager', manager: 'n', version: '18.8.0' }],
  ['n lts', { tool: 'node-version-manager', manager: 'n', version: 'lts' }],
  ['n install 20', { tool: 'node-version-manager', manager: 'n', version: '20' }],
  ['nvm install 18', { tool: 'node-version-manager', manager: 'nvm', version: '18' }],
  ['n --version', undefined],
  ['nvm use 18', undefined],
]);

table('rm, chown and chmod', [
  ['rm -rf /var/lib/apt/lists/*', { tool: 'rm', recursive: true, paths: ['/var/lib/apt/lists/*'] }],
  ['rm -f /a /b', { tool: 'rm', recursive: false, paths: ['/a', '/b'] }],
  ['rm --recursive --force -- -odd', { tool: 'rm', recursive: true, paths: ['-odd'] }],
  ['rm -fR /root/.cache', { tool: 'rm', recursive: true, paths: ['/root/.cache'] }],
  ['chown -R app:app /app', { tool: 'chown', recursive: true, spec: 'app:app', paths: ['/app'] }],
  ['chown --from=root app /x', { tool: 'chown', recursive: false, spec: 'app', paths: ['/x'] }],
  ['chmod 755 /entrypoint.sh', { tool: 'chmod', recursive: false, spec: '755', paths: ['/entrypoint.sh'] }],
  ['chmod -R g+rwX /app /data', { tool: 'chmod', recursive: true, spec: 'g+rwX', paths: ['/app', '/data'] }],
]);

table('downloads piped to an interpreter', [
  ['curl -sSL https://x | python -', { tool: 'download-to-shell', downloader: 'curl', url: 'https://x', interpreter: 'python' }],
  ['wget -qO- https://x | sh', { tool: 'download-to-shell', downloader: 'wget', url: 'https://x', interpreter: 'sh' }],
  ['curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -', { tool: 'download-to-shell', downloader: 'curl', url: 'https://deb.nodesource.com/setup_20.x', interpreter: 'bash' }],
  ['/usr/bin/curl -L $URL | python3.12', { tool: 'download-to-shell', downloader: 'curl', interpreter: 'python3.12' }],
  ['curl -o /tmp/i.sh https://x && sh /tmp/i.sh', undefined],
  ['cat install.sh | sh', undefined],
  ['curl https://x | tee /tmp/f | sh', undefined],
]);

table('useradd and adduser', [
  ['useradd --create-home app', { tool: 'useradd', user: 'app' }],
  ['useradd -m app', { tool: 'useradd', user: 'app' }],
  ['useradd -ms /bin/bash app', { tool: 'useradd', user: 'app' }],
  ['useradd -r -u 1001 -g app -d /home/app -s /sbin/nologin -c "App user" app', { tool: 'useradd', user: 'app' }],
  ['adduser -D -h /home/app -g "" app', { tool: 'useradd', user: 'app' }],
  ['adduser --disabled-password --gecos "" --home /app app', { tool: 'useradd', user: 'app' }],
  ['groupadd app', undefined],
  ['addgroup -S app', undefined],
]);

table('commands nobody recognizes', [
  ['echo hello', undefined],
  ['make -j4 install', undefined],
  ['cd /app', undefined],
  ['npx prisma generate', undefined],
  ['apt-cache policy x', undefined],
  ['pipx install poetry', undefined],
  ['node server.js', undefined],
  ['$PIP install x', undefined],
]);

describe('recognized words keep their script offsets', () => {
  test('apt packages across a quoted word', () => {
    const [r] = recognizeAll('apt-get install -y "gcc" make');
    assert.equal(r?.tool, 'apt');
    assert.deepEqual(r.packages.map((w) => [w.value, w.start, w.end]), [['gcc', 19, 24], ['make', 25, 29]]);
  });

  test('a venv path from a variable points at the variable', () => {
    const [r] = recognizeAll('python -m venv $VIRTUAL_ENV', { VIRTUAL_ENV: '/opt/venv' });
    assert.equal(r?.tool, 'venv');
    assert.deepEqual([r.path?.value, r.path?.start, r.path?.end, r.path?.dynamic], ['/opt/venv', 15, 27, false]);
  });

  test('packages from a split expansion', () => {
    const [r] = recognizeAll('apk add --no-cache $DEPS', { DEPS: 'gcc musl-dev' });
    assert.equal(r?.tool, 'apk');
    assert.deepEqual(r.packages.map((w) => [w.value, w.start, w.end]), [['gcc', 19, 24], ['musl-dev', 19, 24]]);
  });

  test('every command of a chain is recognized on its own', () => {
    const all = recognizeAll('apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*');
    assert.deepEqual(all.map((r) => r && `${r.tool}:${'action' in r ? r.action : ''}`), ['apt:update', 'apt:install', 'rm:']);
  });
});
