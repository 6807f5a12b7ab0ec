import type { Instruction } from '../model/types';
import type { NodePackageCommand } from '../shell/recognized';
import type { BuildContextView } from './build-context';
import { resolvePath } from './stage-state';
import type { LayerItem, SizeRange } from './types';

/** No public table of npm package sizes exists in our data: a labelled per-package range. */
const PER_PACKAGE: SizeRange = { bytes: 0.35e6, low: 0.05e6, high: 1.5e6 };

export interface NodeLayerResult {
  readonly items: LayerItem[];
  readonly notes: string[];
  readonly target: string;
}

/**
 * `npm ci` / `npm install` / `yarn` / `pnpm install`: counts the packages in the lock file the
 * Dockerfile copied, or measures a node_modules folder in the workspace when one exists.
 */
export function estimateNodeInstall(cmd: NodePackageCommand, instr: Instruction, context: BuildContextView | undefined): NodeLayerResult | undefined {
  if ((cmd.action !== 'install' && cmd.action !== 'ci') || (cmd.global && cmd.packages.length)) {
    if (cmd.global && cmd.packages.length) {
      const n = cmd.packages.length;
      return {
        items: [{ name: `global: ${cmd.packages.map((p) => p.value).join(' ')}`, bytes: n * 5e6, low: n * 0.1e6, high: n * 40e6, basis: 'estimate', source: 'estimate: 5 MB per globally installed package (0.1–40 MB)' }],
        notes: [],
        target: '/usr/local/lib/node_modules',
      };
    }
    return undefined;
  }
  const target = resolvePath(instr.state.workdir, 'node_modules');
  const notes: string[] = [];
  const lock = context?.readText('package-lock.json');
  let count: number | undefined;
  let devCount = 0;
  if (lock) {
    try {
      const j = JSON.parse(lock) as { packages?: Record<string, { dev?: boolean }> };
      const entries = Object.entries(j.packages ?? {}).filter(([k]) => k.startsWith('node_modules/'));
      devCount = entries.filter(([, v]) => v.dev).length;
      count = cmd.omitDev ? entries.length - devCount : entries.length;
    } catch {
      notes.push('package-lock.json could not be parsed');
    }
  }
  if (count === undefined) {
    const yarn = context?.readText('yarn.lock');
    if (yarn) count = (yarn.match(/^"?[^\s#][^\n]*:\s*$/gm) ?? []).length;
  }
  const measured = context?.exists('node_modules') ? context.measure(['node_modules']) : undefined;
  if (measured && measured.bytes > 0 && !measured.truncated) {
    return {
      items: [{ name: 'node_modules', bytes: measured.bytes, low: measured.bytes * 0.8, high: measured.bytes * 1.2, basis: 'measured', source: "measured: the workspace's node_modules (the image's may differ by platform and dev dependencies)" }],
      notes,
      target,
    };
  }
  if (count === undefined) {
    notes.push('no lock file in the build context: node_modules not sized');
    return { items: [], notes, target };
  }
  if (!cmd.omitDev && devCount) notes.push(`${devCount} of these packages are dev dependencies`);
  return {
    items: [{ name: `node_modules (${count} packages)`, bytes: count * PER_PACKAGE.bytes, low: count * PER_PACKAGE.low, high: count * PER_PACKAGE.high, basis: 'estimate', source: 'estimate: packages in the lock file × 0.35 MB (0.05–1.5 MB)' }],
    notes,
    target,
  };
}
