import type { Instruction, Stage } from '../../model/types';
import { commandsIn } from './image-chain';

export interface ToolInstall {
  /** The Dockerfile installs the tool (rather than inheriting it from the base image). */
  readonly installed: boolean;
  /** The exact version when the Dockerfile pins one. */
  readonly version?: string;
}

/**
 * How the stages install Poetry: `pip install poetry==1.1.4`, `pipx install poetry`, the
 * official installer (which honours POETRY_VERSION), or not at all.
 */
export function poetryInstall(stages: readonly Stage[], at: Instruction): ToolInstall {
  let installed = false;
  let version: string | undefined;
  for (const { instruction, command } of commandsIn(stages)) {
    if (instruction.index > at.index) break;
    const r = command.recognized;
    let specs: string[] = [];
    if (r?.tool === 'pip' && r.action === 'install') specs = r.packages.map((p) => p.value);
    else if (r?.tool === 'uv' && r.action === 'pip-install') specs = r.packages.map((p) => p.value);
    else if (baseName(command.name.value) === 'pipx' && command.args[0]?.value === 'install') specs = command.args.slice(1).map((a) => a.value);
    else if (r?.tool === 'download-to-shell' && /install\.python-poetry\.org|get-poetry\.py|install-poetry\.py/.test(r.url ?? '')) {
      installed = true;
      const args = command.args.map((a) => a.value);
      const flag = args.indexOf('--version');
      version = (flag >= 0 ? args[flag + 1] : undefined) ?? command.assignments.get('POETRY_VERSION') ?? instruction.state.env.get('POETRY_VERSION') ?? instruction.state.args.get('POETRY_VERSION') ?? version;
      continue;
    }
    for (const spec of specs) {
      const m = /^poetry(?:\[[^\]]*\])?\s*(?:==\s*([\w.]+)|([<>~!=].*))?$/i.exec(spec);
      if (!m) continue;
      installed = true;
      if (m[1]) version = m[1];
      else if (m[2] && /^<\s*1\.2(\.0)?$/.test(m[2].trim())) version = '1.1';
    }
  }
  return { installed, version };
}

/** `1.1.4` < `1.2`: compares dotted numeric versions, missing parts counting as 0. */
export function versionBelow(version: string, bound: string): boolean {
  const a = version.split('.').map((x) => parseInt(x, 10));
  const b = bound.split('.').map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = Number.isNaN(a[i]) || a[i] === undefined ? 0 : a[i];
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Whether npm understands `--omit=dev` (npm 7+, which Node 15+ bundles), from the base image's
 * Node version, a Node switched with `n`/`nvm`, or an npm upgraded with `npm install -g npm@X`.
 * Undefined when nothing tells (npm from apt, an unknown base image).
 */
export function npmSupportsOmit(stages: readonly Stage[], at: Instruction): boolean | undefined {
  let answer: boolean | undefined;
  const root = stages[0];
  if (root?.base.kind === 'image' && root.base.ref.repository === 'node' && !root.base.ref.registry) {
    const tag = root.base.ref.tag ?? 'latest';
    const major = /^(\d+)/.exec(tag);
    answer = major ? Number(major[1]) >= 15 : true;
  }
  for (const { instruction, command } of commandsIn(stages)) {
    if (instruction.index > at.index) break;
    const r = command.recognized;
    if (r?.tool === 'node-version-manager' && r.version) {
      const major = /^v?(\d+)/.exec(r.version);
      answer = major ? Number(major[1]) >= 15 : r.version === 'lts' || r.version === 'latest' || r.version === 'current' || r.version === 'stable' ? true : answer;
    }
    if (r?.tool === 'node-pm' && r.manager === 'npm' && r.global) {
      for (const p of r.packages) {
        const m = /^npm@v?(\d+)/.exec(p.value);
        if (m) answer = Number(m[1]) >= 7;
        else if (p.value === 'npm' || p.value === 'npm@latest') answer = true;
      }
    }
  }
  return answer;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
