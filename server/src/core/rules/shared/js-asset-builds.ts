import type { ShellCommand } from '../../model/types';

/**
 * Front-end build tools: running one means the project's node_modules (dev dependencies
 * included) had to be there. Names as npx/dlx take them and as their binaries are called.
 */
const BUILD_TOOLS = new Set([
  'tailwindcss', '@tailwindcss/cli', 'webpack', 'webpack-cli', 'vite', 'esbuild', 'parcel', 'rollup', 'gulp', 'grunt',
  'tsc', 'typescript', 'sass', 'node-sass', 'lessc', 'postcss', 'postcss-cli', 'babel', '@babel/cli', 'mix', 'laravel-mix',
  'next', 'nuxt', 'ng', 'vue-cli-service', 'react-scripts', 'astro', 'svelte-kit', 'terser', 'uglifyjs', 'encore',
]);

/** yarn/pnpm run a package.json script when the first word is not one of their own commands. */
const PM_BUILTINS = new Set([
  'add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'create', 'dedupe', 'dlx', 'env', 'exec', 'explain',
  'fetch', 'global', 'help', 'import', 'info', 'init', 'install', 'i', 'licenses', 'link', 'list', 'ls', 'login', 'logout',
  'node', 'outdated', 'owner', 'pack', 'patch', 'plugin', 'policies', 'prune', 'publish', 'rebuild', 'remove', 'rm',
  'set', 'setup', 'store', 'tag', 'team', 'unlink', 'unplug', 'up', 'update', 'upgrade', 'version', 'versions', 'why',
  'workspace', 'workspaces', 'test', 't', 'start', 'approve-builds', 'ci', 'root', 'server',
]);

export interface JsBuild {
  /** Short description for messages: `npm run build`, `npx tailwindcss`, `manage.py tailwind build`. */
  readonly label: string;
}

/** A command that builds front-end assets with the project's Node tooling. */
export function jsBuildOf(command: ShellCommand): JsBuild | undefined {
  const r = command.recognized;
  const name = baseName(command.name.value);
  const operands = command.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value);
  if (r?.tool === 'node-pm') {
    if (r.action === 'run' && r.script) return { label: `${r.manager} run ${r.script}` };
    if (r.action === 'other' && r.manager !== 'npm' && operands[0]) {
      const first = operands[0];
      if ((first === 'dlx' || first === 'exec') && operands[1] && BUILD_TOOLS.has(operands[1])) return { label: `${r.manager} ${first} ${operands[1]}` };
      if (!PM_BUILTINS.has(first)) return { label: `${r.manager} ${first}` };
    }
    if (r.action === 'other' && r.manager === 'npm' && operands[0] === 'exec' && operands[1] && BUILD_TOOLS.has(operands[1])) return { label: `npm exec ${operands[1]}` };
    return undefined;
  }
  if (name === 'npx' && operands[0] && BUILD_TOOLS.has(operands[0])) return { label: `npx ${operands[0]}` };
  if (BUILD_TOOLS.has(name)) return { label: name };
  const tailwind = djangoTailwind(command);
  if (tailwind === 'build') return { label: 'manage.py tailwind build' };
  return undefined;
}

/** `python manage.py tailwind install|build|start` (django-tailwind runs npm in its theme app). */
export function djangoTailwind(command: ShellCommand): string | undefined {
  if (!/^python(\d+(\.\d+)?)?$/.test(baseName(command.name.value))) return undefined;
  const words = command.args.map((a) => a.value);
  const i = words.findIndex((w) => /(^|\/)manage\.py$/.test(w));
  if (i < 0 || words[i + 1] !== 'tailwind') return undefined;
  return words[i + 2];
}

export interface NodeModulesInstall {
  readonly label: string;
}

/** A command that fills a project's node_modules: `npm ci`, `yarn`, `pnpm install`, `manage.py tailwind install`. */
export function nodeModulesInstallOf(command: ShellCommand): NodeModulesInstall | undefined {
  const r = command.recognized;
  if (r?.tool === 'node-pm' && !r.global && (r.action === 'install' || r.action === 'ci')) {
    return { label: `${r.manager} ${r.action === 'ci' ? 'ci' : 'install'}` };
  }
  if (djangoTailwind(command) === 'install') return { label: 'manage.py tailwind install' };
  return undefined;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
