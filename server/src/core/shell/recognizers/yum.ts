import type { ScriptCommand, ScriptWord } from '../commands';
import type { YumCommand } from '../recognized';
import { parseOptions } from './options';

export function recognizeYum(cmd: ScriptCommand, tool: string): YumCommand<ScriptWord> | undefined {
  if (tool !== 'yum' && tool !== 'dnf' && tool !== 'microdnf') return undefined;
  const o = parseOptions(cmd.args, new Set(['--setopt', '--enablerepo', '--disablerepo']));
  const [verb, ...rest] = o.operands;
  const action: YumCommand['action'] =
    verb?.value === 'install' ? 'install' : verb?.value === 'remove' || verb?.value === 'erase' ? 'remove' : verb?.value === 'clean' ? 'clean' : 'other';
  return { tool: 'yum', manager: tool, action, packages: action === 'install' || action === 'remove' ? rest : [] };
}
