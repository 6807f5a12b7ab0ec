import { ancestry } from '../../model/stage-graph';
import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import { homeOf } from './home';
import { isWithin, normalizePath, resolvePath } from './paths';

/**
 * Python environments a stage (or a stage it is built on) creates: virtual environments and the
 * directories `pip install --user/--prefix/--target` fill. Multi-stage builds copy these across
 * stages, and they only work where the interpreter, its path and the C library match.
 */
export interface PythonEnv {
  readonly kind: 'venv' | 'user-base' | 'prefix' | 'target';
  /** Absolute path in the file system of the stage asked about. */
  readonly path: string;
  /** Where it was created: the path its scripts and `bin/activate` name. */
  readonly origin: string;
  /** The stage that created it (its base image built the interpreter and extensions). */
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly command: ShellCommand;
  /** How it was made, for messages: `python -m venv`, `poetry install`, `pip install --user`. */
  readonly via: string;
  /** Scripts use relative shebangs (`uv venv --relocatable`): the tree may move. */
  readonly relocatable: boolean;
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
const falsy = (v: string | undefined) => v !== undefined && /^(0|false|no|off)$/i.test(v.trim());

/** Environments in a stage: created by it or the stages it is built on, or copied in from another stage. */
export function pythonEnvsOf(model: ImageModel, stageIndex: number, visiting: ReadonlySet<number> = new Set()): PythonEnv[] {
  const out: PythonEnv[] = [];
  const chain = ancestry(model.stages, stageIndex).reverse();
  const poetryConfig = new Map<string, string>();
  const seen = new Set([...visiting, stageIndex]);
  for (const si of chain) {
    const stage = model.stages[si];
    for (const instr of stage.instructions) {
      for (const cmd of instr.run?.commands ?? []) {
        const env = envFound(stage, instr, cmd, poetryConfig);
        if (env) out.push(env);
      }
      const from = instr.copy?.fromFlag?.stageIndex;
      if (from === undefined || seen.has(from)) continue;
      for (const c of envsCopiedBy(model, instr, seen)) if (c.landing && c.relation !== 'part') out.push({ ...c.env, path: c.landing });
    }
  }
  return out;
}

function envFound(stage: Stage, instr: Instruction, cmd: ShellCommand, poetryConfig: Map<string, string>): PythonEnv | undefined {
  const r = cmd.recognized;
  if (!r) return undefined;
  const state = instr.state;
  const env = (name: string) => cmd.assignments.get(name) ?? state.env.get(name);
  const at = (p: string | undefined) => (p === undefined ? undefined : resolvePath(p, state.workdir, homeOf(state)));
  const base = { stage, instruction: instr, command: cmd, relocatable: false };
  const made = (kind: PythonEnv['kind'], path: string | undefined, via: string, relocatable = false): PythonEnv | undefined =>
    path === undefined ? undefined : { ...base, kind, path, origin: path, via, relocatable };
  const args = cmd.args.map((a) => a.value);
  if (r.tool === 'venv') {
    if (!r.path || r.path.dynamic) return undefined;
    const label = r.via === 'uv' ? 'uv venv' : r.via === 'virtualenv' ? 'virtualenv' : 'python -m venv';
    return made('venv', at(r.path.value), label, args.includes('--relocatable'));
  }
  if (r.tool === 'poetry') {
    if (r.action === 'config' && r.config?.value !== undefined) poetryConfig.set(r.config.key, r.config.value);
    if (r.action !== 'install' || args.some((a) => /^(-C|--directory|-P|--project)(=|$)/.test(a))) return undefined;
    const inProject = truthy(env('POETRY_VIRTUALENVS_IN_PROJECT')) || truthy(poetryConfig.get('virtualenvs.in-project'));
    const noVenv = falsy(env('POETRY_VIRTUALENVS_CREATE')) || falsy(poetryConfig.get('virtualenvs.create'));
    if (!inProject || noVenv) return undefined;
    return made('venv', at('.venv'), 'poetry install');
  }
  if (r.tool === 'uv' && r.action === 'sync') {
    return made('venv', at(env('UV_PROJECT_ENVIRONMENT') ?? '.venv'), 'uv sync');
  }
  if (r.tool === 'pipenv' && (r.action === 'install' || r.action === 'sync') && !r.system && truthy(env('PIPENV_VENV_IN_PROJECT'))) {
    return made('venv', at('.venv'), `pipenv ${r.action}`);
  }
  if (r.tool === 'pip' && r.action === 'install') {
    if (r.target && !r.target.dynamic) return made('target', at(r.target.value), 'pip install --target');
    if (r.prefix && !r.prefix.dynamic) return made('prefix', at(r.prefix.value), 'pip install --prefix');
    if (r.user) {
      const home = homeOf(state);
      return made('user-base', at(env('PYTHONUSERBASE') ?? (home ? `${home}/.local` : undefined)), 'pip install --user');
    }
  }
  return undefined;
}

/** How a COPY source relates to an environment: it is the environment, holds it, or is part of it. */
export interface CopiedEnv {
  readonly env: PythonEnv;
  readonly relation: 'whole' | 'contains' | 'part';
  /** Where the environment's root ends up in the destination stage (whole/contains only). */
  readonly landing?: string;
  readonly source: string;
}

/** The Python environments a `COPY --from=<stage>` carries, with where each one lands. */
export function envsCopiedBy(model: ImageModel, copy: Instruction, visiting: ReadonlySet<number> = new Set()): CopiedEnv[] {
  const from = copy.copy?.fromFlag?.stageIndex;
  const dest = copy.copy?.destination?.value;
  if (from === undefined || from === copy.stageIndex || visiting.has(from) || !dest) return [];
  const destPath = resolvePath(dest, copy.state.workdir);
  const envs = pythonEnvsOf(model, from, new Set([...visiting, copy.stageIndex]));
  const out: CopiedEnv[] = [];
  for (const s of copy.copy!.sources) {
    if (/[*?[]/.test(s.value) || s.value.includes('$')) continue;
    // COPY --from reads paths from the root of the source stage, whatever its WORKDIR.
    const source = normalizePath('/' + s.value);
    for (const env of envs) {
      if (source === env.path) out.push({ env, relation: 'whole', source, landing: destPath });
      else if (isWithin(env.path, source)) {
        const rel = env.path.slice(source === '/' ? 0 : source.length);
        out.push({ env, relation: 'contains', source, landing: destPath === undefined ? undefined : normalizePath(destPath + '/' + rel) });
      } else if (isWithin(source, env.path)) out.push({ env, relation: 'part', source });
    }
  }
  return out;
}
