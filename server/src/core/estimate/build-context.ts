/**
 * What the size estimate needs from the build context on disk. The core only sees this
 * interface; `server/src/node/build-context.ts` implements it by reading (never executing)
 * files, honouring .dockerignore with Docker's semantics.
 */
export interface ContextMeasure {
  readonly bytes: number;
  readonly files: number;
  /** Bytes that .dockerignore kept out of this COPY. */
  readonly ignoredBytes: number;
  /** The biggest entries sent, for hovers ("node_modules 180 MB"). */
  readonly largest: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  /** The walk stopped at a limit; `bytes` is then a lower bound. */
  readonly truncated: boolean;
  /** Unreadable paths, symlink loops and the like, in words. */
  readonly problems: readonly string[];
}

export interface BuildContextView {
  /** Absolute path of the context root, for messages. */
  readonly root: string;
  readonly hasDockerignore: boolean;
  /** Raw .dockerignore patterns (comments and blanks dropped). */
  readonly ignorePatterns: readonly string[];
  /** `COPY <sources>` as Docker resolves them: globs relative to the root, ignored files left out. */
  measure(sources: readonly string[]): ContextMeasure;
  /** A small text file from the context (requirements.txt, lock files), or undefined. */
  readText(relativePath: string): string | undefined;
  exists(relativePath: string): boolean;
  /**
   * A Python distribution installed in a virtualenv inside the context (`.venv`, `venv`, `env`,
   * or any directory one level down holding a pyvenv.cfg), sized from its dist-info RECORD.
   * `name` is matched after PEP 503 normalization. Optional: views that cannot look return nothing.
   */
  localPythonPackage?(name: string): LocalPythonPackage | undefined;
}

export interface LocalPythonPackage {
  readonly bytes: number;
  /** Where the figure comes from, e.g. "measured: installed in the workspace's .venv (RECORD)". */
  readonly source: string;
}

