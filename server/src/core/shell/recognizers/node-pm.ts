import type { ScriptCommand, ScriptWord } from '../commands';
import type { NodePackageCommand, NodeVersionCommand } from '../recognized';
import { parseOptions } from './options';

export function recognizeNodePackageManager(cmd: ScriptCommand, tool: string): NodePackageCommand<ScriptWord> | undefined {
  if (tool !== 'npm' && tool !== 'yarn' && tool !== 'pnpm') return undefined;
  const o = parseOptions(cmd.args, new Set(['--omit', '--include', '--prefix', '-C', '--cwd', '--dir', '--filter', '--registry']));
  const [verb, ...rest] = o.operands;
  const v = verb?.value;
  let action: NodePackageCommand['action'] = 'other';
  if (v === 'ci' || (tool !== 'npm' && v === undefined)) action = v === 'ci' ? 'ci' : 'install';
  else if (v === 'install' || v === 'i' || v === 'add') action = 'install';
  else if (v === 'prune') action = 'prune';
  else if (v === 'run' || v === 'run-script') action = 'run';
  else if (v === 'cache' && rest[0] && (rest[0].value === 'clean' || rest[0].value === 'prune')) action = 'cache-clean';
  else if (tool === 'yarn' && v === 'autoclean') action = 'cache-clean';
  // yarn 1 `--production`, npm `--omit=dev` / `--production` / `--only=prod`, pnpm `--prod`/`-P`
  // (npm's `-P` is --save-prod, which installs dev dependencies as usual).
  const omitDev =
    o.values('--omit').some((w) => w.value === 'dev') ||
    o.has('--production', '--prod') ||
    (tool === 'pnpm' && o.has('-P')) ||
    o.values('--only').some((w) => /^prod/.test(w.value)) ||
    cmd.assignments.get('NODE_ENV') === 'production';
  return {
    tool: 'node-pm',
    manager: tool,
    action,
    omitDev,
    global: o.has('-g', '--global'),
    packages: action === 'install' ? rest : [],
    script: action === 'run' ? rest[0]?.value : undefined,
    prefix: o.value('--prefix', '-C', '--cwd', '--dir'),
  };
}

export function recognizeNodeVersionManager(cmd: ScriptCommand, tool: string): NodeVersionCommand<ScriptWord> | undefined {
  if (tool === 'n' && cmd.args[0] && /^(v?\d|lts|latest|current|stable|install)/.test(cmd.args[0].value)) {
    const version = cmd.args[0].value === 'install' ? cmd.args[1]?.value : cmd.args[0].value;
    return { tool: 'node-version-manager', manager: 'n', version };
  }
  if (tool === 'nvm' && cmd.args[0]?.value === 'install') return { tool: 'node-version-manager', manager: 'nvm', version: cmd.args[1]?.value };
  return undefined;
}
