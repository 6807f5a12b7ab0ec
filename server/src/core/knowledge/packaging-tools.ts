import { stripVersion } from './build-tools';
import { requirementName } from './requirement-names';

/**
 * Tools that install or build a project but are not needed to run it: Python packaging front
 * ends, and Node.js when a Python app only uses it to build its front-end assets.
 */
export type BuildOnlyTool = 'poetry' | 'pipenv' | 'pip-tools' | 'uv' | 'node';

/** The programs each tool puts on PATH: a runtime command naming one of them uses the tool. */
export const TOOL_PROGRAMS: Readonly<Record<BuildOnlyTool, readonly string[]>> = {
  poetry: ['poetry'],
  pipenv: ['pipenv'],
  'pip-tools': ['pip-compile', 'pip-sync'],
  uv: ['uv', 'uvx'],
  node: ['node', 'nodejs', 'npm', 'npx', 'yarn', 'yarnpkg', 'pnpm', 'corepack'],
};

const PYTHON_DISTRIBUTIONS: ReadonlyMap<string, BuildOnlyTool> = new Map([
  ['poetry', 'poetry'],
  ['pipenv', 'pipenv'],
  ['pip-tools', 'pip-tools'],
  ['uv', 'uv'],
]);

/** Debian, Alpine and Fedora package names. */
const OS_PACKAGES: ReadonlyMap<string, BuildOnlyTool> = new Map([
  ['nodejs', 'node'],
  ['npm', 'node'],
  ['yarnpkg', 'node'],
  ['nodejs-current', 'node'],
  ['python3-poetry', 'poetry'],
  ['poetry', 'poetry'],
  ['pipenv', 'pipenv'],
  ['python3-pipenv', 'pipenv'],
  ['uv', 'uv'],
]);

/** `poetry==1.8.3`, `"pip-tools>=7"`, `uv[extra]` → the tool, for pip and pipx arguments. */
export function toolOfPythonRequirement(spec: string): BuildOnlyTool | undefined {
  return PYTHON_DISTRIBUTIONS.get(requirementName(spec));
}

export function toolOfOsPackage(pkg: string): BuildOnlyTool | undefined {
  return OS_PACKAGES.get(stripVersion(pkg));
}

/** Installer scripts piped to a shell or interpreter. */
export function toolOfInstallerUrl(url: string): BuildOnlyTool | undefined {
  if (/install\.python-poetry\.org|get-poetry\.py|install-poetry\.py/.test(url)) return 'poetry';
  if (/astral\.sh\/uv|astral-sh\/uv/.test(url)) return 'uv';
  if (/nodesource\.com|nvm-sh\/nvm|fnm\.vercel\.app|get\.pnpm\.io|yarnpkg\.com\/install\.sh/.test(url)) return 'node';
  return undefined;
}

/** Images whose files bring the tool when copied from (`COPY --from=ghcr.io/astral-sh/uv /uv /bin/`). */
export function toolOfImage(repository: string): BuildOnlyTool | undefined {
  if (repository === 'astral-sh/uv') return 'uv';
  if (repository === 'node') return 'node';
  return undefined;
}
