import type { ScriptCommand, ScriptWord } from '../commands';
import type { PipenvCommand, PoetryCommand, UvCommand } from '../recognized';
import { parseOptions } from './options';

const splitList = (words: Array<{ value: string }>) => words.flatMap((w) => w.value.split(',')).map((s) => s.trim()).filter(Boolean);

export function recognizePoetry(cmd: ScriptCommand, tool: string): PoetryCommand<ScriptWord> | undefined {
  const args = tool === 'poetry' ? cmd.args : /^python(\d+(\.\d+)?)?$/.test(tool) && cmd.args[0]?.value === '-m' && cmd.args[1]?.value === 'poetry' ? cmd.args.slice(2) : undefined;
  if (!args) return undefined;
  const o = parseOptions(args, new Set(['--without', '--with', '--only', '-E', '--extras', '-C', '--directory', '-P', '--project']));
  const [verb, ...rest] = o.operands;
  const action: PoetryCommand['action'] =
    verb?.value === 'install' ? 'install' : verb?.value === 'config' ? 'config' : verb?.value === 'export' ? 'export' : verb?.value === 'self' ? 'self' : 'other';
  return {
    tool: 'poetry',
    action,
    noRoot: o.has('--no-root'),
    noDev: o.has('--no-dev'),
    without: splitList(o.values('--without')),
    only: [...splitList(o.values('--only')), ...(o.has('--only-root') ? ['root'] : [])],
    withGroups: splitList(o.values('--with')),
    noCache: o.has('--no-cache'),
    config: action === 'config' && rest[0] ? { key: rest[0].value, value: rest[1]?.value } : undefined,
    directory: o.value('-C', '--directory', '-P', '--project'),
  };
}

export function recognizePipenv(cmd: ScriptCommand, tool: string): PipenvCommand<ScriptWord> | undefined {
  if (tool !== 'pipenv') return undefined;
  const o = parseOptions(cmd.args, new Set(['--python', '--categories']));
  const verb = o.operands[0]?.value;
  return {
    tool: 'pipenv',
    action: verb === 'install' ? 'install' : verb === 'sync' ? 'sync' : 'other',
    dev: o.has('--dev', '-d'),
    deploy: o.has('--deploy'),
    system: o.has('--system'),
  };
}

export function recognizeUv(cmd: ScriptCommand, tool: string): UvCommand<ScriptWord> | undefined {
  if (tool !== 'uv') return undefined;
  const o = parseOptions(cmd.args, new Set(['-r', '--requirement', '-p', '--python', '--group', '--only-group', '--no-group', '--extra', '--index-url', '--cache-dir', '--target', '--prefix']));
  const [verb, sub, ...rest] = o.operands;
  let action: UvCommand['action'] = 'other';
  let packages = rest;
  if (verb?.value === 'sync') {
    action = 'sync';
    packages = [];
  } else if (verb?.value === 'pip' && sub?.value === 'install') action = 'pip-install';
  else if (verb?.value === 'venv') action = 'venv';
  else if (verb?.value === 'cache' && (sub?.value === 'clean' || sub?.value === 'prune')) action = 'cache-clean';
  const envNoCache = cmd.assignments.get('UV_NO_CACHE');
  return {
    tool: 'uv',
    action,
    noDev: o.has('--no-dev') || o.has('--only-group') || o.values('--no-group').some((w) => w.value === 'dev'),
    frozen: o.has('--frozen', '--locked'),
    // uv reads UV_NO_CACHE as a boolish value: n, no, f, false, off and 0 leave the cache on.
    noCache: o.has('--no-cache', '-n') || (envNoCache !== undefined && !/^(0|n|no|f|false|off)$/i.test(envNoCache)),
    packages: action === 'pip-install' ? packages : [],
    requirementFiles: o.values('-r', '--requirement'),
    noInstallProject: o.has('--no-install-project', '--no-install-workspace'),
  };
}
