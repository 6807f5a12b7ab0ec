import type { ShellCommand, Word } from '../../model/types';
import { resolveInImage } from './container-paths';

/** A file the install reads, at its path in the image. */
export interface Manifest {
  readonly path: string;
  /** What to write as the COPY source for it: the file name, or a pattern (`package*.json`). */
  readonly pattern: string;
  /** It may name sibling files (`-r base.txt`): copy its whole directory when it sits in one. */
  readonly mayIncludeSiblings?: boolean;
}

export interface DependencyInstall {
  readonly tool: 'pip' | 'uv' | 'poetry' | 'pipenv' | 'npm' | 'yarn' | 'pnpm';
  /** Short form for messages and data: `pip install -r requirements.txt`, `npm ci`. */
  readonly label: string;
  /** Undefined when the files cannot be known statically (variables, unusual options). */
  readonly manifests?: readonly Manifest[];
  /** Installs the project itself too (`poetry install` without --no-root, `pip install -e .`): needs the sources. */
  readonly needsSources: boolean;
}

/**
 * Commands that install a project's locked or listed dependencies from manifest files: the
 * step a Dockerfile wants cached apart from the source code.
 */
export function dependencyInstallOf(cmd: ShellCommand, workdir: string): DependencyInstall | undefined {
  const r = cmd.recognized;
  if (!r) return undefined;
  const at = (dir: string | undefined, ...names: string[]): Manifest[] => names.map((n) => ({ path: resolveInImage(dir ?? workdir, n), pattern: n }));
  const dirOf = (w: Word | undefined): string | null => (w === undefined ? workdir : w.dynamic ? null : resolveInImage(workdir, w.value));
  switch (r.tool) {
    case 'pip':
    case 'uv': {
      if (r.tool === 'pip' ? r.action !== 'install' : r.action !== 'pip-install' && r.action !== 'sync') return undefined;
      if (r.tool === 'uv' && r.action === 'sync') {
        return { tool: 'uv', label: 'uv sync', manifests: at(undefined, 'pyproject.toml', 'uv.lock'), needsSources: !r.noInstallProject };
      }
      const files = [...r.requirementFiles, ...(r.tool === 'pip' ? r.constraintFiles ?? [] : [])];
      if (!r.requirementFiles.length) return undefined;
      const manifests = files.some((f) => f.dynamic)
        ? undefined
        : files.map((f) => ({ path: resolveInImage(workdir, f.value), pattern: f.value.slice(f.value.lastIndexOf('/') + 1), mayIncludeSiblings: true }));
      return {
        tool: r.tool,
        label: `${r.tool === 'uv' ? 'uv pip' : 'pip'} install -r ${r.requirementFiles.map((f) => f.value).join(' -r ')}`,
        manifests,
        needsSources: r.packages.some((p) => isLocalPath(p.value)),
      };
    }
    case 'poetry': {
      if (r.action !== 'install') return undefined;
      const dir = dirOf(r.directory);
      return {
        tool: 'poetry',
        label: 'poetry install',
        manifests: dir === null ? undefined : at(dir, 'pyproject.toml', 'poetry.lock'),
        // `--only <group>` still installs the project; only --no-root skips it.
        needsSources: !r.noRoot,
      };
    }
    case 'pipenv':
      if (r.action !== 'install' && r.action !== 'sync') return undefined;
      return { tool: 'pipenv', label: `pipenv ${r.action}`, manifests: at(undefined, 'Pipfile', 'Pipfile.lock'), needsSources: false };
    case 'node-pm': {
      if ((r.action !== 'install' && r.action !== 'ci') || r.global || r.packages.length) return undefined;
      const dir = dirOf(r.prefix);
      const names = r.manager === 'npm' ? ['package*.json'] : ['package.json', r.manager === 'yarn' ? 'yarn.lock' : 'pnpm-lock.yaml'];
      const manifests: Manifest[] | undefined =
        dir === null ? undefined : names.map((n) => ({ path: resolveInImage(dir, n === 'package*.json' ? 'package.json' : n), pattern: n }));
      return { tool: r.manager, label: `${r.manager} ${r.action === 'ci' ? 'ci' : 'install'}`, manifests, needsSources: false };
    }
    default:
      return undefined;
  }
}

/** A requirement that is a directory or file of the build (`.`, `./pkg`, `/src/app`), not a package name. */
export function isLocalPath(spec: string): boolean {
  return spec === '.' || spec === '..' || /^(\.{1,2}\/|\/|file:)/.test(spec);
}
