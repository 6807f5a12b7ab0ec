import { isBuildTool, stripVersion } from '../knowledge/build-tools';
import type { Instruction } from '../model/types';

/** Where an instruction of the single-stage (or flattened) image goes after the split. */
export type Placement =
  | { readonly to: 'builder' }
  | { readonly to: 'runtime'; readonly unclear?: boolean }
  | { readonly to: 'both' }
  | { readonly to: 'assets' }
  | { readonly to: 'drop'; readonly why: string };

/** Dependency manifests: copied into the builder for the install, never needed at run time. */
export const MANIFEST = /(^|\/)(requirements[^/]*\.(txt|in)|constraints[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|setup\.(py|cfg)|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|\.npmrc)$/;

/** Node tooling that an asset stage (on a node image) replaces. */
export const NODE_TOOLS = new Set(['nodejs', 'npm', 'yarn', 'yarnpkg']);

/** Variables that only steer package managers during the build. */
const BUILD_ONLY_ENV = /^(POETRY_|PIP_|PIPENV_|UV_|NPM_CONFIG_|DEBIAN_FRONTEND$)/;

export function isAssetBuild(instr: Instruction): boolean {
  return (instr.run?.commands ?? []).some((c) => {
    const r = c.recognized;
    if (r?.tool === 'node-pm' && !r.global && (r.action === 'install' || r.action === 'ci' || r.action === 'run')) return true;
    const name = c.name.value;
    return name === 'npx' || ((name === 'yarn' || name === 'pnpm') && c.args[0]?.value === 'build');
  });
}

/** Installing the build toolchain for Node itself: replaced by the asset stage's node image. */
export function isNodeToolInstall(instr: Instruction): boolean {
  const cmds = instr.run?.commands ?? [];
  return (
    cmds.length > 0 &&
    cmds.every((c) => {
      const r = c.recognized;
      return (r?.tool === 'node-pm' && r.global) || r?.tool === 'node-version-manager';
    })
  );
}

export function classify(instr: Instruction, hasAssets: boolean): Placement {
  switch (instr.keyword) {
    case 'ARG':
    case 'SHELL':
    case 'WORKDIR':
      return { to: 'both' };
    case 'ENV':
      return (instr.properties ?? []).every((p) => BUILD_ONLY_ENV.test(p.name)) ? { to: 'builder' } : { to: 'both' };
    case 'COPY':
    case 'ADD': {
      const c = instr.copy!;
      if (c.fromFlag) return { to: 'runtime' };
      if (c.sources.length && c.sources.every((s) => MANIFEST.test(s.value.replace(/\/$/, '')))) return { to: 'builder' };
      return { to: 'runtime' };
    }
    case 'RUN':
      return classifyRun(instr, hasAssets);
    default:
      // USER, EXPOSE, CMD, ENTRYPOINT, HEALTHCHECK, LABEL, VOLUME, STOPSIGNAL, ONBUILD describe the running image.
      return { to: 'runtime' };
  }
}

/** Compilers and build drivers: a RUN of only these builds something for the builder stage. */
export const COMPILE_COMMANDS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'make', 'cmake', 'ninja', 'go', 'cargo', 'rustc', 'javac', 'mvn', 'gradle']);

function classifyRun(instr: Instruction, hasAssets: boolean): Placement {
  const cmds = instr.run?.commands ?? [];
  if (hasAssets && isNodeToolInstall(instr)) return { to: 'drop', why: 'Node is provided by the asset stage image' };
  if (hasAssets && isAssetBuild(instr)) return { to: 'assets' };
  let build = false;
  let runtime = false;
  let unknown = false;
  for (const c of cmds) {
    const r = c.recognized;
    if (!r) {
      if (['set', 'echo', 'true', 'mkdir', 'cd', 'export', 'test', '['].includes(c.name.value)) continue;
      if (COMPILE_COMMANDS.has(c.name.value)) {
        build = true;
        continue;
      }
      unknown = true;
      continue;
    }
    switch (r.tool) {
      case 'apt':
      case 'apk':
      case 'yum':
        if ((r.tool === 'apt' && r.action === 'install') || (r.tool === 'apk' && r.action === 'add') || (r.tool === 'yum' && r.action === 'install')) {
          if (r.packages.some((p) => isBuildTool(stripVersion(p.value)))) build = true;
          else runtime = true;
        }
        break;
      case 'venv':
      case 'pip':
      case 'poetry':
      case 'pipenv':
      case 'uv':
      case 'download-to-shell':
        build = true;
        break;
      case 'useradd':
      case 'chown':
      case 'chmod':
        runtime = true;
        break;
      default:
        unknown = true;
    }
  }
  if (build && !runtime && !unknown) return { to: 'builder' };
  if (build) return { to: 'builder' };
  if (runtime && !unknown) return { to: 'runtime' };
  return { to: 'runtime', unclear: unknown };
}
