import { basename, type ScriptCommand, type ScriptWord } from '../commands';
import type { RecognizedCommand } from '../recognized';
import { recognizeApk } from './apk';
import { recognizeApt } from './apt';
import { recognizeDownloadToShell } from './download';
import { recognizePermission, recognizeRm, recognizeUseradd } from './filesystem';
import { recognizeNodePackageManager, recognizeNodeVersionManager } from './node-pm';
import { recognizePip, recognizeVenv } from './python';
import { recognizePipenv, recognizePoetry, recognizeUv } from './python-tools';
import { recognizeYum } from './yum';

type Recognizer = (cmd: ScriptCommand, tool: string, all: readonly ScriptCommand[]) => RecognizedCommand<ScriptWord> | undefined;

// Order matters where two could claim a command: `python -m venv` before pip, `uv venv` before uv.
const RECOGNIZERS: readonly Recognizer[] = [
  recognizeApt,
  recognizeApk,
  recognizeYum,
  recognizeVenv,
  recognizePip,
  recognizePoetry,
  recognizePipenv,
  recognizeUv,
  recognizeNodePackageManager,
  recognizeNodeVersionManager,
  recognizeRm,
  recognizePermission,
  recognizeUseradd,
  recognizeDownloadToShell,
];

export function recognize(cmd: ScriptCommand, all: readonly ScriptCommand[]): RecognizedCommand<ScriptWord> | undefined {
  const tool = basename(cmd.name.value);
  for (const r of RECOGNIZERS) {
    const found = r(cmd, tool, all);
    if (found) return found;
  }
  return undefined;
}
