// fast-check generators for Dockerfiles: built from a small grammar of instructions, flags,
// shell commands the rules recognise, heredocs and parser directives, then disturbed the way
// half-typed files are (CRLF, BOM, tabs, unicode, very long lines); and mutations of every
// fixture file in the repository (byte flips, truncation, line shuffles, duplicated stages).
// Used by the short run in `npm test` (test/fuzz/fuzz.test.ts) and the long one (scripts/fuzz.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fromRoot } from '../support/paths';

// ---------------------------------------------------------------- words

const ident = fc.constantFrom('A', 'B', 'APP', 'PY_VER', 'NODE_ENV', 'PATH', 'HOME', 'VERSION', 'TAG', 'BASE', 'x', '_', 'a1');
const varRef = ident.chain((n) =>
  fc.constantFrom(`$${n}`, `\${${n}}`, `\${${n}:-default}`, `\${${n}:+set}`, `\${${n}-}`, `\${${n}`, `$${n}$${n}`, `\\$${n}`),
);
const unicode = fc.constantFrom('é', 'ü', '日本', '🐳', '\u200b', '\u00a0', 'Ω', 'ß', '\u202e', '𝔘', '\ufffd', 'ﬁ');
const pathWord = fc.constantFrom(
  '/app', '/srv', '.', './', '/opt/venv', '/usr/local/lib/python3.12/site-packages', '/root/.cache/pip', '/var/lib/apt/lists/*',
  '/tmp/*', 'requirements.txt', 'package.json', 'package-lock.json', 'yarn.lock', 'pyproject.toml', 'poetry.lock', 'uv.lock',
  'src/', '*.py', 'dist/', '/venv', 'node_modules', '/usr/src/app', '~/.npm', '$HOME/.cache', 'a b', '[abc]*', '../outside',
);
const plainWord = fc.oneof(
  fc.constantFrom('foo', 'bar', 'x', '-', '--', '-y', '-q', '--yes', '=', '==', 'a=b', '"quoted word"', "'single'", '"unterminated', "'", '\\', '`', '#', '&', ';', '|', '>', '<', '(', ')', '{', '}', '*'),
  fc.string({ minLength: 0, maxLength: 8, unit: 'grapheme-ascii' }),
);
const word: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: plainWord, weight: 4 },
  { arbitrary: pathWord, weight: 3 },
  { arbitrary: varRef, weight: 2 },
  { arbitrary: unicode, weight: 1 },
);

const images = fc.constantFrom(
  'python:3.12', 'python:3.12-slim', 'python:3.11-slim-bookworm', 'python:3.8.6-buster', 'python:3.12-alpine', 'python',
  'debian:bookworm', 'debian:bookworm-slim', 'debian:bullseye', 'debian:buster-slim', 'debian:trixie', 'ubuntu:22.04', 'ubuntu',
  'alpine:3.19', 'alpine', 'node:20', 'node:20-slim', 'node:20-alpine', 'golang:1.22', 'gcr.io/distroless/python3',
  'scratch', 'busybox', 'registry.example.com:5000/team/app:1.0', 'python@sha256:' + '0'.repeat(64), 'nginx:latest',
  '${BASE}', '$BASE:$TAG', 'python:${PY_VER}-slim', 'Python:3.12', ':', '@', 'python:', '',
);
const stageName = fc.constantFrom('build', 'builder', 'base', 'deps', 'runtime', 'final', 'dev', 'test', 'assets', 'Build', '0', 'a-b.c_d');

// ---------------------------------------------------------------- shell

const pkgsApt = fc.array(fc.constantFrom('gcc', 'build-essential', 'libpq-dev', 'libpq5', 'curl', 'ca-certificates', 'git', 'python3-dev', 'make', 'g++', 'libssl-dev', 'nginx', 'vim', 'nonexistent-pkg', '$PKGS', 'pkg=1.2-3', 'libc6:amd64'), { minLength: 0, maxLength: 5 });
const pkgsPy = fc.array(fc.constantFrom('flask', 'django', 'psycopg2', 'psycopg2-binary', 'numpy', 'pandas', 'gunicorn', 'requests==2.31.0', 'torch', 'uvicorn[standard]', '"fastapi>=0.100"', '-r requirements.txt', '-e .', '.', 'poetry', 'uv', 'pip', 'setuptools', 'wheel', '--upgrade'), { minLength: 0, maxLength: 4 });
const pkgsNode = fc.array(fc.constantFrom('express', 'typescript', 'webpack', '@types/node', 'left-pad@1.0.0', 'vite', '-g', '--save-dev'), { minLength: 0, maxLength: 3 });
const pkgsApk = fc.array(fc.constantFrom('gcc', 'musl-dev', 'postgresql-dev', 'libpq', 'curl', 'build-base', 'python3', 'py3-pip', '.build-deps'), { minLength: 0, maxLength: 4 });
const opt = (s: string) => fc.constantFrom('', s);
const join = (xs: readonly string[]) => xs.filter((x) => x !== '').join(' ');

const shellCommand: fc.Arbitrary<string> = fc.oneof(
  fc.constant('apt-get update'),
  fc.tuple(fc.constantFrom('apt-get', 'apt', 'apt-get -q'), fc.constantFrom('install', 'install -y', '-y install', 'install --yes', 'remove -y', 'purge -y --auto-remove', 'autoremove -y', 'clean'), opt('--no-install-recommends'), pkgsApt).map(([a, b, c, d]) => join([a, b, c, ...d])),
  fc.constantFrom('rm -rf /var/lib/apt/lists/*', 'rm -rf /root/.cache', 'rm -rf /tmp/* /var/tmp/*', 'apt-get clean', 'rm -r /var/lib/apt/lists', 'find / -name "*.pyc" -delete'),
  fc.tuple(fc.constantFrom('pip', 'pip3', 'python -m pip', 'python3 -m pip', '/opt/venv/bin/pip', '$VENV/bin/pip'), fc.constantFrom('install', 'install --user', 'wheel -w /wheels', 'uninstall -y'), opt('--no-cache-dir'), opt('--prefix=/install'), pkgsPy).map(([a, b, c, d, e]) => join([a, b, c, d, ...e])),
  fc.tuple(fc.constantFrom('npm', 'yarn', 'pnpm'), fc.constantFrom('ci', 'install', 'install --production', 'ci --omit=dev', 'install --frozen-lockfile', 'run build', 'cache clean --force', 'prune --production', 'add'), pkgsNode).map(([a, b, c]) => join([a, b, ...c])),
  fc.tuple(fc.constantFrom('poetry install', 'poetry install --no-root', 'poetry install --no-dev', 'poetry install --only main', 'poetry install --without dev', 'poetry config virtualenvs.create false', 'poetry export -f requirements.txt -o requirements.txt'), opt('--no-interaction')).map(([a, b]) => join([a, b])),
  fc.constantFrom('uv pip install --system -r requirements.txt', 'uv sync', 'uv sync --frozen --no-dev', 'uv venv /opt/venv', 'uv pip install flask', 'pipx install poetry', 'pip install uv'),
  fc.tuple(fc.constantFrom('apk add', 'apk add --no-cache', 'apk add --virtual .build-deps', 'apk del'), pkgsApk).map(([a, b]) => join([a, ...b])),
  fc.tuple(fc.constantFrom('python -m venv', 'python3 -m venv', 'virtualenv', 'python -m venv --copies'), fc.constantFrom('/opt/venv', '/venv', '.venv', '$VENV')).map(([a, b]) => `${a} ${b}`),
  fc.constantFrom('chown -R app:app /app', 'chmod -R 755 /srv', 'useradd -m app', 'adduser -D app', 'mkdir -p /app', 'cd /app', 'export PATH=/x:$PATH', 'source /opt/venv/bin/activate', '. /srv/venv/bin/activate'),
  fc.constantFrom('curl -sSL https://install.python-poetry.org | python -', 'wget -qO- https://example.com/x.tgz | tar xz', 'curl -fsSL -o /tmp/x https://e.x/y && tar -C /opt -xf /tmp/x', 'git clone https://e.x/r.git'),
  fc.constantFrom('echo "hello $(whoami)"', 'echo `date`', 'true', 'false', ':', 'exit 0', 'make -j$(nproc)', 'gcc -o a a.c', 'go build ./...', 'cargo build --release'),
  fc.constantFrom('if [ -f x ]; then pip install x; fi', 'for p in a b; do echo $p; done', '(cd /x && make)', '{ echo a; echo b; }', 'case $A in a) true;; esac', 'while false; do :; done', 'f() { pip install "$@"; }; f flask'),
  fc.constantFrom('A=1 B="2 3" pip install flask', 'DEBIAN_FRONTEND=noninteractive apt-get install -y gcc', 'env X=1 npm ci', 'sudo apt-get install -y gcc', 'xargs -a pkgs.txt apt-get install -y', 'bash -c "apt-get update && apt-get install -y curl"'),
  fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ')),
);
const joiner = (esc: string) => fc.constantFrom(' && ', ' && ', ` && ${esc}\n    `, ` ${esc}\n && `, '; ', ' || ', ' | ', ' & ', ` ${esc}\n\t`, `${esc}\n`, ` ${esc}\n  # comment in a continuation\n  && `, ` ${esc}\n\n && `, ` ${esc} \n && `);
const shellScript = (esc: string) =>
  fc.tuple(fc.array(shellCommand, { minLength: 1, maxLength: 6 }), fc.array(joiner(esc), { minLength: 6, maxLength: 6 })).map(([cmds, js]) =>
    cmds.reduce((acc, c, i) => (i === 0 ? c : acc + js[i - 1] + c), ''),
  );

// ---------------------------------------------------------------- heredocs

const delimiter = fc.constantFrom('EOF', 'EOT', 'END', 'script', 'A_1', 'E.O-F');
const heredoc = (esc: string, head: string) =>
  fc
    .tuple(delimiter, fc.constantFrom('', '-'), fc.constantFrom('', '"', "'"), fc.array(shellCommand, { minLength: 0, maxLength: 4 }), fc.constantFrom('', '\t', '  '), fc.constantFrom('terminated', 'terminated', 'terminated', 'missing', 'indented'), fc.constantFrom('', ' > /etc/x.conf', ' | sh', ''))
    .map(([d, dash, q, body, indent, ending, tail]) => {
      const open = `<<${dash}${q}${d}${q}`;
      const lines = body.map((b) => indent + b).join('\n');
      const close = ending === 'missing' ? '' : ending === 'indented' ? `\n\t${d}` : `\n${d}`;
      void esc;
      return `${head}${open}${tail}\n${lines}${close}`;
    });
const runHeredoc = (esc: string) =>
  fc.oneof(
    heredoc(esc, 'RUN '),
    heredoc(esc, 'RUN bash '),
    heredoc(esc, 'RUN python3 '),
    heredoc(esc, 'RUN cat '),
    heredoc(esc, 'RUN sh -e '),
    // Two heredocs on one line, bodies one after another.
    fc.tuple(delimiter, delimiter, shellCommand, shellCommand).map(([a, b, x, y]) => `RUN <<${a} <<${b}2\n${x}\n${a}\n${y}\n${b}2`),
    // A heredoc whose body holds another heredoc-looking line ("deeply nested").
    fc.tuple(fc.integer({ min: 1, max: 6 }), shellCommand).map(([n, c]) => {
      let body = c;
      for (let i = 0; i < n; i++) body = `cat <<E${i}\n${body}\nE${i}`;
      return `RUN <<OUTER\n${body}\nOUTER`;
    }),
  );

// ---------------------------------------------------------------- instructions

const flagValue = fc.oneof(word, stageName, fc.constantFrom('type=cache,target=/root/.cache/pip', 'type=cache,target=/var/cache/apt,sharing=locked', 'type=bind,from=build,source=/x,target=/y', 'type=secret,id=x', 'from=0', 'type=tmpfs', 'linux/amd64', '1000:1000', '755', 'none', 'host'));
const flag = fc.oneof(
  fc.tuple(fc.constantFrom('mount', 'network', 'security', 'from', 'chown', 'chmod', 'link', 'platform', 'parents', 'exclude', 'checksum', 'keep-git-dir', 'unknown'), flagValue, fc.boolean()).map(([n, v, withValue]) => (withValue ? `--${n}=${v}` : `--${n}`)),
  fc.constantFrom('--', '-x', '--=', '--mount=', '--from=', '---mount=type=cache'),
);
const flags = fc.array(flag, { minLength: 0, maxLength: 3 }).map((fs) => fs.map((f) => f + ' ').join(''));
const kw = (k: string) => fc.constantFrom(k, k, k, k.toLowerCase(), k[0] + k.slice(1).toLowerCase());
const execForm = fc.array(word, { minLength: 0, maxLength: 4 }).chain((ws) =>
  fc.constantFrom(`[${ws.map((w) => JSON.stringify(w)).join(', ')}]`, `[${ws.map((w) => `"${w}"`).join(',')}`, `[${ws.map((w) => `'${w}'`).join(', ')}]`, '[]', '[', '["a",]'),
);

function instruction(esc: string, stages: readonly string[]): fc.Arbitrary<string> {
  const stageRef = stages.length ? fc.oneof(fc.constantFrom(...stages), fc.constantFrom('0', '1', '99', 'missing', 'python:3.12')) : fc.constantFrom('0', 'missing', 'python:3.12');
  const fromLine = fc
    .tuple(kw('FROM'), fc.constantFrom('', '--platform=linux/amd64 ', '--platform=$BUILDPLATFORM '), fc.oneof({ arbitrary: images, weight: 4 }, { arbitrary: stageRef, weight: 1 }), fc.option(stageName), fc.constantFrom(' AS ', ' as ', ' As ', ' AS'))
    .map(([k, p, img, name, as]) => `${k} ${p}${img}${name !== null ? as + name : ''}`);
  const run = fc.oneof(
    { arbitrary: fc.tuple(kw('RUN'), flags, shellScript(esc)).map(([k, f, s]) => `${k} ${f}${s}`), weight: 8 },
    { arbitrary: fc.tuple(kw('RUN'), flags, execForm).map(([k, f, e]) => `${k} ${f}${e}`), weight: 2 },
    { arbitrary: runHeredoc(esc), weight: 3 },
  );
  const copy = fc.oneof(
    fc.tuple(fc.constantFrom('COPY', 'ADD', 'copy'), flags, fc.option(stageRef), fc.array(pathWord, { minLength: 0, maxLength: 3 }), pathWord).map(([k, f, from, srcs, dst]) => `${k} ${f}${from !== null ? `--from=${from} ` : ''}${[...srcs, dst].join(' ')}`),
    fc.tuple(fc.constantFrom('COPY', 'ADD'), execForm).map(([k, e]) => `${k} ${e}`),
    fc.constantFrom('ADD https://example.com/x.tar.gz /opt/', 'ADD git@github.com:x/y.git /src', 'COPY --from=build /opt/venv /opt/venv', 'COPY --from=build /app/node_modules ./node_modules', 'COPY . .', 'COPY requirements.txt .', 'COPY --chown=app:app . /app'),
    heredoc(esc, 'COPY ').map((h) => h.replace(/^(COPY <<[^\n]*)/, '$1 /etc/conf')),
  );
  const kv = fc.tuple(ident, fc.oneof(word, varRef), fc.constantFrom('=', ' ', '="', '=')).map(([k, v, sep]) => (sep === '="' ? `${k}="${v}"` : `${k}${sep}${v}`));
  const other = fc.oneof(
    fc.tuple(kw('ENV'), fc.array(kv, { minLength: 0, maxLength: 3 })).map(([k, kvs]) => `${k} ${kvs.join(' ')}`),
    fc.tuple(kw('ARG'), ident, fc.option(fc.oneof(word, images, varRef))).map(([k, n, v]) => `${k} ${n}${v !== null ? `=${v}` : ''}`),
    fc.tuple(kw('WORKDIR'), fc.oneof(pathWord, varRef, word)).map(([k, p]) => `${k} ${p}`),
    fc.tuple(kw('USER'), fc.constantFrom('app', 'root', '1000', '1000:1000', '$USER', 'nobody', '')).map(([k, u]) => `${k} ${u}`),
    fc.tuple(kw('SHELL'), fc.constantFrom('["/bin/bash", "-o", "pipefail", "-c"]', '["powershell", "-Command"]', '["sh"', '/bin/sh -c', '[]')).map(([k, s]) => `${k} ${s}`),
    fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT'), fc.oneof(execForm, fc.array(word, { maxLength: 3 }).map((w) => w.join(' ')))).map(([k, a]) => `${k} ${a}`),
    fc.tuple(fc.constantFrom('EXPOSE', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER', 'LABEL', 'HEALTHCHECK', 'ONBUILD', 'FROBNICATE', 'R\u0055N', '\u00e9X'), fc.array(word, { maxLength: 3 })).map(([k, ws]) => `${k} ${ws.join(' ')}`),
    fc.constantFrom('HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK NONE', 'ONBUILD RUN pip install flask', 'ONBUILD COPY . /app', 'LABEL a="b c" d=e', 'EXPOSE 8000/tcp 53/udp'),
    fc.tuple(fc.constantFrom('# ', '#', '  # ', '# dockerlean ignore=', '# hadolint ignore=', '# dockerlean target='), fc.oneof(word, stageName, fc.constantFrom('DL3008,DL3009', 'build-tools-in-final-image', 'full-base-image, apt-no-install-recommends'))).map(([a, b]) => a + b),
    fc.constantFrom('', '', '   ', '\t', esc, `RUN ${esc}`, 'RUN', 'COPY', 'FROM', 'ENV', 'ARG', '\\'),
  );
  return fc.oneof({ arbitrary: fromLine, weight: 1 }, { arbitrary: run, weight: 6 }, { arbitrary: copy, weight: 3 }, { arbitrary: other, weight: 4 });
}

// ---------------------------------------------------------------- whole files

const directives = fc.array(
  fc.constantFrom('# escape=`', '# escape=\\', '#escape=`', '# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.4', '# check=skip=all', '# escape=x', '# ESCAPE=`', '# escape= ', '# dockerlean target=build'),
  { minLength: 0, maxLength: 2 },
);

/** A generated Dockerfile: 0–3 parser directives, 1–5 stages of 0–8 instructions each. */
export const generatedDockerfile: fc.Arbitrary<string> = directives.chain((dirs) => {
  const esc = dirs.find((d) => /^#\s*escape\s*=\s*`/i.test(d)) ? '`' : '\\';
  return fc
    .tuple(
      fc.array(instruction(esc, []), { minLength: 0, maxLength: 2 }).map((pre) => pre.filter((l) => !/^(from|run|copy|add)\b/i.test(l))),
      fc.array(fc.tuple(images, fc.option(stageName), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 5 }),
    )
    .chain(([pre, stageSpecs]) => {
      const names: string[] = [];
      const stageArbs = stageSpecs.map(([img, name, count]) => {
        const known = [...names];
        if (name !== null) names.push(name);
        return fc
          .tuple(fc.boolean(), fc.array(instruction(esc, known), { minLength: count, maxLength: count }), fc.option(fc.constantFrom(...(known.length ? known : ['scratch']))))
          .map(([fromStage, body, parent]) => {
            const base = fromStage && parent !== null ? parent : img;
            return [`FROM ${base}${name !== null ? ` AS ${name}` : ''}`, ...body].join('\n');
          });
      });
      return fc.tuple(...stageArbs).map((stages) => [...dirs, ...pre, ...stages].join('\n') + '\n');
    });
});

/** Whole-text disturbances: line endings, BOM, indentation, unicode, very long lines, a missing final newline. */
const disturbance = fc.oneof(
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.nat().map((n) => (t: string) => t.split('\n').map((l, i) => ((i + n) % 3 === 0 ? l + '\r' : l)).join('\n')),
  fc.constant((t: string) => '\uFEFF' + t),
  fc.constant((t: string) => t.replace(/^ +/gm, '\t')),
  fc.constant((t: string) => t.replace(/\n/g, '\n\t ')),
  fc.constant((t: string) => t.replace(/\n$/, '')),
  fc.constant((t: string) => t.replace(/\n/g, ' \t\n')),
  fc.tuple(fc.nat(), unicode).map(([n, u]) => (t: string) => t.slice(0, n % (t.length + 1)) + u + t.slice(n % (t.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 12_000 }), fc.constantFrom('a', 'x ', 'pip ', '\\', '$A', ' && true', 'é', '🐳')).map(([n, len, unit]) => (t: string) => {
    const lines = t.split('\n');
    const i = n % lines.length;
    lines[i] = lines[i] + ' ' + unit.repeat(Math.ceil(len / unit.length));
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 8_000 })).map(([n, len]) => (t: string) => {
    const lines = t.split('\n');
    lines.splice(n % (lines.length + 1), 0, 'RUN pip install ' + 'flask '.repeat(Math.ceil(len / 6)));
    return lines.join('\n');
  }),
);

export const disturbedDockerfile: fc.Arbitrary<string> = fc
  .tuple(generatedDockerfile, fc.array(disturbance, { minLength: 0, maxLength: 3 }))
  .map(([t, ds]) => ds.reduce((acc, d) => d(acc), t));

// ---------------------------------------------------------------- fixture mutations

/** Every Dockerfile fixture in the repository, and the saved fuzz regressions. */
export function fixtureFiles(): string[] {
  const roots = [fromRoot('test/fixtures'), fromRoot('server/src/core/rules'), fromRoot('test/grammar/cases'), fromRoot('test/e2e/workspace'), fromRoot('test/fuzz/regressions')];
  const out: string[] = [];
  const walk = (dir: string, inFixtures: boolean): void => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(dir, n);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p, inFixtures || n === 'fixtures');
      else if (/dockerfile/i.test(n) && (inFixtures || !p.startsWith(fromRoot('server/src/core/rules')))) out.push(p);
    }
  };
  for (const r of roots) walk(r, r !== fromRoot('server/src/core/rules'));
  return out;
}

export function fixtureTexts(): string[] {
  return fixtureFiles().map((f) => fs.readFileSync(f, 'utf8'));
}

type Mutation = (t: string) => string;
const mutation = (insertions: fc.Arbitrary<string>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    // Byte flips in the UTF-8 encoding; invalid sequences decode to U+FFFD as an editor would show them.
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 4 })).map(([n, x, count]) => (t: string) => {
      const b = Buffer.from(t, 'utf8');
      if (!b.length) return t;
      for (let k = 0; k < count; k++) b[(n + k * 7919) % b.length] ^= x;
      return b.toString('utf8');
    }),
    fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
    fc.nat().map((n) => (t: string) => t.slice(n % (t.length + 1))),
    fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).map((swaps) => (t: string) => {
      const lines = t.split('\n');
      for (let k = 0; k + 1 < swaps.length; k += 2) {
        const i = swaps[k] % lines.length;
        const j = swaps[k + 1] % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return lines.join('\n');
    }),
    fc.nat().map((n) => (t: string) => {
      const lines = t.split('\n');
      lines.splice(n % lines.length, 1);
      return lines.join('\n');
    }),
    fc.nat().map((n) => (t: string) => {
      const lines = t.split('\n');
      const i = n % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }),
    // Duplicate a whole stage (FROM up to the next FROM), renamed or not.
    fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([s, at, rename]) => (t: string) => {
      const lines = t.split('\n');
      const froms = lines.map((l, i) => (/^\s*from\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
      if (!froms.length) return t;
      const k = s % froms.length;
      const block = lines.slice(froms[k], froms[k + 1] ?? lines.length);
      const copy = rename ? block.map((l, i) => (i === 0 ? l.replace(/\s+as\s+(\S+)/i, ' AS $1_copy') : l)) : block;
      const dst = froms[at % froms.length];
      return [...lines.slice(0, dst), ...copy, ...lines.slice(dst)].join('\n');
    }),
    fc.tuple(fc.nat(), insertions).map(([n, ins]) => (t: string) => {
      const lines = t.split('\n');
      lines.splice(n % (lines.length + 1), 0, ins);
      return lines.join('\n');
    }),
    fc.tuple(fc.nat(), fc.constantFrom('\\\n', '`\n', '<<EOF\n', '\nEOF\n', '"', "'", '\r', '\r\n', '\t', '\u0000', '${', '$(', '&& \\', '#', ' AS x', '--from=', '[')).map(([n, s]) => (t: string) => {
      const i = n % (t.length + 1);
      return t.slice(0, i) + s + t.slice(i);
    }),
    fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
    fc.constant((t: string) => '\uFEFF' + t),
  );

/** A fixture with 1–4 mutations applied in turn. */
export function mutatedFixture(fixtures: readonly string[]): fc.Arbitrary<string> {
  const ins = instruction('\\', ['build', 'builder', 'base']);
  return fc.tuple(fc.constantFrom(...fixtures), fc.array(mutation(ins), { minLength: 1, maxLength: 4 })).map(([t, ms]) => ms.reduce((acc, m) => m(acc), t));
}

/** Everything the fuzz runs: generated files, disturbed ones, and mutated fixtures. */
export function fuzzInput(fixtures: readonly string[] = fixtureTexts()): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: generatedDockerfile, weight: 3 },
    { arbitrary: disturbedDockerfile, weight: 2 },
    { arbitrary: mutatedFixture(fixtures), weight: 3 },
  );
}
