import type { ScriptCommand, ScriptWord } from '../commands';
import type { DownloadToShellCommand } from '../recognized';

const INTERPRETERS = /^(sh|bash|dash|zsh|ash|python\d*(\.\d+)?|perl|node)$/;

/** `curl -sSL URL | python -` and friends: the download feeds an interpreter in the same pipeline. */
export function recognizeDownloadToShell(cmd: ScriptCommand, tool: string, all: readonly ScriptCommand[]): DownloadToShellCommand<ScriptWord> | undefined {
  if (!INTERPRETERS.test(tool) || cmd.pipedFrom === undefined) return undefined;
  const source = all[cmd.pipedFrom];
  const downloader = baseName(source.name.value);
  if (downloader !== 'curl' && downloader !== 'wget') return undefined;
  const url = source.args.find((a) => /^(https?|ftp):\/\//.test(a.value))?.value;
  return { tool: 'download-to-shell', downloader, url, interpreter: tool };
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
