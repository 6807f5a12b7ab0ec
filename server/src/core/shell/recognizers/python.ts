import type { ScriptCommand, ScriptWord } from '../commands';
import type { PipCommand, VenvCommand } from '../recognized';
import { parseOptions } from './options';

const PIP_TAKES_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root',
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--platform', '--python-version',
  '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir', '--log',
  '--trusted-host', '--timeout', '--retries', '--only-binary', '--no-binary', '--config-settings', '-C',
]);

const isPython = (tool: string) => /^python(\d+(\.\d+)?)?$/.test(tool);
const isPip = (tool: string) => /^pip(\d+(\.\d+)?)?$/.test(tool);

/** `pip ...`, `pip3 ...`, `python -m pip ...`, `/opt/venv/bin/pip ...`. */
export function recognizePip(cmd: ScriptCommand, tool: string): PipCommand<ScriptWord> | undefined {
  let args: readonly ScriptWord[];
  if (isPip(tool)) args = cmd.args;
  else if (isPython(tool) && moduleOf(cmd) === 'pip') args = cmd.args.slice(moduleIndex(cmd) + 2);
  else return undefined;
  const o = parseOptions(args, PIP_TAKES_VALUE);
  const [verb, ...rest] = o.operands;
  let action: PipCommand['action'] = 'other';
  if (verb?.value === 'install') action = 'install';
  else if (verb?.value === 'uninstall') action = 'uninstall';
  else if (verb?.value === 'cache' && (rest[0]?.value === 'purge' || rest[0]?.value === 'remove')) action = 'cache-purge';
  const envNoCache = cmd.assignments.get('PIP_NO_CACHE_DIR');
  return {
    tool: 'pip',
    action,
    packages: action === 'install' ? [...rest, ...o.values('-e', '--editable')] : action === 'uninstall' ? rest : [],
    requirementFiles: o.values('-r', '--requirement'),
    constraintFiles: o.values('-c', '--constraint'),
    // pip disables its cache for any boolean value of PIP_NO_CACHE_DIR, "0" and "false" included
    // (kept for backwards compatibility, see pip's _handle_no_cache_dir); other values are an error.
    noCacheDir: o.has('--no-cache-dir') || envNoCache !== undefined,
    user: o.has('--user'),
    prefix: o.value('--prefix'),
    target: o.value('-t', '--target'),
    executable: cmd.name.value,
  };
}

/** `python -m venv [--copies] PATH`, `virtualenv PATH`, `uv venv PATH`. */
export function recognizeVenv(cmd: ScriptCommand, tool: string): VenvCommand<ScriptWord> | undefined {
  let args: readonly ScriptWord[];
  let via: VenvCommand<ScriptWord>['via'];
  let insertAt: number;
  if (isPython(tool) && (moduleOf(cmd) === 'venv' || moduleOf(cmd) === 'virtualenv')) {
    const i = moduleIndex(cmd);
    args = cmd.args.slice(i + 2);
    via = moduleOf(cmd) === 'venv' ? 'venv' : 'virtualenv';
    insertAt = cmd.args[i + 1].end;
  } else if (tool === 'virtualenv') {
    args = cmd.args;
    via = 'virtualenv';
    insertAt = cmd.name.end;
  } else if (tool === 'uv' && cmd.args[0]?.value === 'venv') {
    args = cmd.args.slice(1);
    via = 'uv';
    insertAt = cmd.args[0].end;
  } else return undefined;
  // `--upgrade-deps` is a plain flag: taking a value, it swallowed the venv path.
  const o = parseOptions(args, new Set(['-p', '--python', '--prompt']));
  return {
    tool: 'venv',
    via,
    path: o.operands[0],
    // virtualenv copies with --always-copy; uv venv has --link-mode=copy but its venvs link the interpreter.
    copies: o.has('--copies', '--always-copy'),
    insertAt,
  };
}

function moduleIndex(cmd: ScriptCommand): number {
  return cmd.args.findIndex((a) => a.value === '-m');
}

function moduleOf(cmd: ScriptCommand): string | undefined {
  const i = moduleIndex(cmd);
  // Only interpreter options may come before -m (`python3 -I -m venv`).
  if (i < 0 || cmd.args.slice(0, i).some((a) => !a.value.startsWith('-'))) return undefined;
  return cmd.args[i + 1]?.value;
}
