import type { ScriptCommand, ScriptWord } from '../commands';
import type { ApkCommand } from '../recognized';
import { parseOptions } from './options';

const TAKES_VALUE = new Set(['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch']);

export function recognizeApk(cmd: ScriptCommand, tool: string): ApkCommand<ScriptWord> | undefined {
  if (tool !== 'apk') return undefined;
  const o = parseOptions(cmd.args, TAKES_VALUE);
  const [verb, ...rest] = o.operands;
  let action: ApkCommand['action'] = 'other';
  if (verb?.value === 'add') action = 'add';
  else if (verb?.value === 'del') action = 'del';
  else if (verb?.value === 'update') action = 'update';
  else if (verb?.value === 'upgrade') action = 'upgrade';
  else if (verb?.value === 'cache' && rest[0]?.value === 'clean') action = 'cache-clean';
  return {
    tool: 'apk',
    action,
    packages: action === 'add' || action === 'del' ? rest : [],
    noCache: o.has('--no-cache'),
    virtual: o.value('-t', '--virtual'),
  };
}
