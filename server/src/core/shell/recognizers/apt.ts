import type { ScriptCommand, ScriptWord } from '../commands';
import type { AptCommand } from '../recognized';
import { parseOptions } from './options';

const TAKES_VALUE = new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file']);
const ACTIONS: Record<string, AptCommand['action']> = {
  update: 'update',
  install: 'install',
  remove: 'remove',
  purge: 'purge',
  autoremove: 'autoremove',
  'auto-remove': 'autoremove',
  clean: 'clean',
  autoclean: 'clean',
  upgrade: 'upgrade',
  'dist-upgrade': 'upgrade',
  'full-upgrade': 'upgrade',
};

export function recognizeApt(cmd: ScriptCommand, tool: string): AptCommand<ScriptWord> | undefined {
  if (tool !== 'apt-get' && tool !== 'apt' && tool !== 'aptitude') return undefined;
  const o = parseOptions(cmd.args, TAKES_VALUE);
  const [verb, ...rest] = o.operands;
  const action = verb ? ACTIONS[verb.value] ?? 'other' : 'other';
  // `-o APT::Install-Recommends=false` is the long way of saying --no-install-recommends.
  const viaOption = o.values('-o', '--option').some((w) => /APT::Install-Recommends\s*=\s*(false|0|no)/i.test(w.value));
  return {
    tool: 'apt',
    action,
    packages: action === 'install' || action === 'remove' || action === 'purge' ? rest.filter((w) => !w.value.startsWith('-')) : [],
    noInstallRecommends: o.has('--no-install-recommends') || viaOption,
    assumeYes: o.has('-y', '--yes', '--assume-yes', '-qq') || cmd.assignments.get('DEBIAN_FRONTEND') === 'noninteractive',
  };
}
