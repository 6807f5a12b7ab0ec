import type { ApkCommand } from '../shell/recognized';
import type { StageState } from './stage-state';
import type { LayerItem, SizeFacts } from './types';

/** `apk add`: per-package figures from the shipped Alpine table, all labelled estimates. */
export function estimateApkAdd(cmd: ApkCommand, state: StageState, facts: SizeFacts): { items: LayerItem[]; notes: string[] } {
  const items: LayerItem[] = [];
  const notes: string[] = [];
  const unknown: string[] = [];
  for (const p of cmd.packages) {
    const name = p.value.replace(/[=<>~].*$/, '');
    if (p.dynamic || state.installed.has(name)) continue;
    const known = facts.alpinePackage(name);
    if (known) items.push({ name, ...known.installed, basis: known.basis, source: known.source });
    else unknown.push(name);
    state.installed.add(name);
  }
  if (unknown.length) {
    items.push({ name: `${unknown.join(', ')}`, bytes: unknown.length * 2e6, low: unknown.length * 0.05e6, high: unknown.length * 30e6, basis: 'estimate', source: 'estimate: no size data for these Alpine packages (2 MB each, 0.05–30 MB)' });
  }
  if (!cmd.noCache) notes.push('apk keeps its index in /var/cache/apk without --no-cache (about 2–3 MB)');
  return { items: items.sort((a, b) => b.bytes - a.bytes), notes };
}
