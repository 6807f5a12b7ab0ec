import type { ScriptCommand, ScriptWord } from '../commands';
import type { PermissionCommand, RemoveCommand, UseraddCommand } from '../recognized';
import { parseOptions } from './options';

export function recognizeRm(cmd: ScriptCommand, tool: string): RemoveCommand<ScriptWord> | undefined {
  if (tool !== 'rm') return undefined;
  const o = parseOptions(cmd.args, new Set());
  return { tool: 'rm', recursive: o.has('-r', '-R', '--recursive'), paths: o.operands };
}

export function recognizePermission(cmd: ScriptCommand, tool: string): PermissionCommand<ScriptWord> | undefined {
  if (tool !== 'chown' && tool !== 'chmod') return undefined;
  const o = parseOptions(cmd.args, new Set(['--reference', '--from']));
  const [spec, ...paths] = o.operands;
  return { tool, recursive: o.has('-R', '--recursive'), spec, paths };
}

export function recognizeUseradd(cmd: ScriptCommand, tool: string): UseraddCommand<ScriptWord> | undefined {
  if (tool !== 'useradd' && tool !== 'adduser' && tool !== 'addgroup' && tool !== 'groupadd') return undefined;
  if (tool === 'addgroup' || tool === 'groupadd') return undefined;
  // useradd's `-m` is --create-home and takes no value: taking one, it swallowed the user name.
  const o = parseOptions(
    cmd.args,
    new Set([
      '-u', '-g', '-G', '-d', '-s', '-c', '-k', '-K', '-e', '-f', '-p', '-b', '-h', '--uid', '--gid', '--home', '--home-dir', '--shell',
      '--gecos', '--ingroup', '--comment', '--groups', '--skel', '--key', '--base-dir', '--expiredate', '--inactive', '--password',
    ]),
  );
  return { tool: 'useradd', user: o.operands[o.operands.length - 1]?.value };
}
