// Bundles the extension client, the language server and the CLI with esbuild,
// and copies the runtime assets they load from disk (tree-sitter wasm, size data).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { DOCKERLEAN_VERSION: JSON.stringify(pkg.version) },
  // VS Code provides `vscode` at runtime; everything else is bundled.
  // The wasm path is only resolved outside the bundle (tests); the bundle ships the files beside itself.
  external: ['vscode', '@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'client.js') }),
  esbuild.build({ ...common, entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js') }),
]);

// The shell parser loads its runtime and the bash grammar from files beside the bundle.
const wasmDir = dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
for (const f of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) cpSync(join(wasmDir, f), join(dist, f));

const dataDir = join(root, 'server/data');
if (existsSync(dataDir)) cpSync(dataDir, join(dist, 'data'), { recursive: true });

console.log(`built dist/ (${production ? 'production' : 'development'})`);
