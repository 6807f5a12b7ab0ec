import type { Word } from '../model/types';

/**
 * What a command means for the image's size and for multi-stage builds. Commands that no
 * recognizer knows stay `undefined`: an opaque command is never an error.
 */
export type RecognizedCommand<W = Word> =
  | AptCommand<W>
  | ApkCommand<W>
  | YumCommand<W>
  | PipCommand<W>
  | VenvCommand<W>
  | PoetryCommand<W>
  | PipenvCommand<W>
  | UvCommand<W>
  | NodePackageCommand<W>
  | RemoveCommand<W>
  | PermissionCommand<W>
  | DownloadToShellCommand<W>
  | UseraddCommand<W>
  | NodeVersionCommand<W>;

export interface AptCommand<W = Word> {
  readonly tool: 'apt';
  readonly action: 'update' | 'install' | 'remove' | 'purge' | 'autoremove' | 'clean' | 'upgrade' | 'other';
  readonly packages: readonly W[];
  readonly noInstallRecommends: boolean;
  readonly assumeYes: boolean;
}

export interface ApkCommand<W = Word> {
  readonly tool: 'apk';
  readonly action: 'add' | 'del' | 'update' | 'upgrade' | 'cache-clean' | 'other';
  readonly packages: readonly W[];
  readonly noCache: boolean;
  readonly virtual?: W;
}

export interface YumCommand<W = Word> {
  readonly tool: 'yum';
  readonly manager: 'yum' | 'dnf' | 'microdnf';
  readonly action: 'install' | 'remove' | 'clean' | 'other';
  readonly packages: readonly W[];
}

export interface PipCommand<W = Word> {
  readonly tool: 'pip';
  readonly action: 'install' | 'uninstall' | 'cache-purge' | 'other';
  /** Requirement specifiers given directly (`psycopg2==2.9.9`, `.`). */
  readonly packages: readonly W[];
  /** Files given with -r/--requirement or -c/--constraint. */
  readonly requirementFiles: readonly W[];
  /** Files given with -c/--constraint: read like requirement files, so they must exist before the install. */
  readonly constraintFiles?: readonly W[];
  readonly noCacheDir: boolean;
  readonly user: boolean;
  readonly prefix?: W;
  readonly target?: W;
  /** The interpreter or pip path used, e.g. `/opt/venv/bin/pip`, to tell which environment it installs into. */
  readonly executable: string;
}

export interface VenvCommand<W = Word> {
  readonly tool: 'venv';
  readonly via: 'venv' | 'virtualenv' | 'uv';
  readonly path?: W;
  readonly copies: boolean;
  /** Where `--copies` can be inserted: just after the `venv` word. */
  readonly insertAt: number;
}

export interface PoetryCommand<W = Word> {
  readonly tool: 'poetry';
  readonly action: 'install' | 'config' | 'export' | 'self' | 'other';
  readonly noRoot: boolean;
  readonly noDev: boolean;
  readonly without: readonly string[];
  readonly only: readonly string[];
  readonly withGroups: readonly string[];
  readonly noCache: boolean;
  readonly config?: { readonly key: string; readonly value?: string };
  /** `-C`/`--directory`/`--project`: the project is elsewhere than the working directory. */
  readonly directory?: W;
}

export interface PipenvCommand<W = Word> {
  readonly tool: 'pipenv';
  readonly action: 'install' | 'sync' | 'other';
  readonly dev: boolean;
  readonly deploy: boolean;
  readonly system: boolean;
}

export interface UvCommand<W = Word> {
  readonly tool: 'uv';
  readonly action: 'sync' | 'pip-install' | 'venv' | 'cache-clean' | 'other';
  readonly noDev: boolean;
  readonly frozen: boolean;
  readonly noCache: boolean;
  readonly packages: readonly W[];
  readonly requirementFiles: readonly W[];
  /** `uv sync --no-install-project`/`--no-install-workspace`: only the dependencies, not the project itself. */
  readonly noInstallProject?: boolean;
}

export interface NodePackageCommand<W = Word> {
  readonly tool: 'node-pm';
  readonly manager: 'npm' | 'yarn' | 'pnpm';
  readonly action: 'ci' | 'install' | 'prune' | 'run' | 'cache-clean' | 'other';
  readonly omitDev: boolean;
  readonly global: boolean;
  readonly packages: readonly W[];
  readonly script?: string;
  /** npm `--prefix`, pnpm `-C`/`--dir`, yarn `--cwd`: the package.json is elsewhere than the working directory. */
  readonly prefix?: W;
}

export interface RemoveCommand<W = Word> {
  readonly tool: 'rm';
  readonly recursive: boolean;
  readonly paths: readonly W[];
}

export interface PermissionCommand<W = Word> {
  readonly tool: 'chown' | 'chmod';
  readonly recursive: boolean;
  readonly spec?: W;
  readonly paths: readonly W[];
}

export interface DownloadToShellCommand<W = Word> {
  readonly tool: 'download-to-shell';
  readonly downloader: 'curl' | 'wget';
  readonly url?: string;
  readonly interpreter: string;
}

export interface UseraddCommand<W = Word> {
  readonly tool: 'useradd';
  readonly user?: string;
}

/** `n 18.8.0`, `nvm install`: a Node runtime downloaded at build time. */
export interface NodeVersionCommand<W = Word> {
  readonly tool: 'node-version-manager';
  readonly manager: 'n' | 'nvm';
  readonly version?: string;
}
