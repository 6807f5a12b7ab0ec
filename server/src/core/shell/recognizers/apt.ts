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
  const yesOption = o.values('-o', '--option').some((w) => /APT::Get::Assume-Yes\s*=\s*(true|1|yes)/i.test(w.value));
  // Quiet level 2 (`-qq`, `-q -q`, `-q=2`) implies --assume-yes; bundled short options lose their
  // count in parseOptions, so the q's are counted on the words themselves.
  let quiet = 0;
  for (const a of cmd.args) {
    if (/^-[a-zA-Z]+$/.test(a.value)) quiet += a.value.split('q').length - 1;
    const level = /^(?:-q|--quiet)=(\d+)$/.exec(a.value);
    if (level) quiet += Number(level[1]);
  }
  return {
    tool: 'apt',
    action,
    packages: action === 'install' || action === 'remove' || action === 'purge' ? rest.filter((w) => !w.value.startsWith('-')) : [],
    noInstallRecommends: o.has('--no-install-recommends') || viaOption,
    // DEBIAN_FRONTEND=noninteractive silences debconf questions only; apt's own prompt still needs -y.
    assumeYes: o.has('-y', '--yes', '--assume-yes') || yesOption || quiet >= 2,
  };
}
