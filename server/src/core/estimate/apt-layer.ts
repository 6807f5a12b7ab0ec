import type { AptCommand } from '../shell/recognized';
import { isPythonPackage } from '../size/apt-correction';
import { normalizeRequestedName, resolveAptInstall, type AptResolution } from '../size/apt-resolve';
import { formatBytes } from './range';
import type { StageState } from './stage-state';
import type { AptCorrection, LayerItem, SizeFacts } from './types';

/** Used until calibration data exists for a release: labelled as an estimate with a wide range. */
const FALLBACK_CORRECTION = (slim: boolean): AptCorrection => ({
  factor: slim ? 0.88 : 1,
  low: slim ? 0.75 : 0.9,
  high: 1.02,
  source: 'estimate: Installed-Size, less docs/man/locales dropped by slim images (no calibration for this release)',
});

export interface AptInstallResult {
  readonly items: LayerItem[];
  readonly notes: string[];
  readonly added: readonly string[];
}

/** What one `apt-get install` adds: the dependency closure minus what the stage already has. */
export function estimateAptInstall(cmd: AptCommand, state: StageState, facts: SizeFacts): AptInstallResult {
  const notes: string[] = [];
  if (state.family === 'alpine') return { items: [], notes: ['apt-get on an Alpine base fails at build time'], added: [] };
  const release = state.release ?? 'bookworm';
  if (!state.release) notes.push(`the base image's Debian release is unknown: package sizes use ${release}`);
  const index = facts.debian(release);
  if (!index) return { items: [], notes: [`no package data for Debian ${release}`], added: [] };
  if (index.header.fallbackFrom) notes.push(`Debian ${index.header.fallbackFrom} is archived: sizes use ${index.header.release} data`);
  const names = cmd.packages.filter((p) => !p.dynamic).map((p) => normalizeRequestedName(p.value));
  const dynamic = cmd.packages.filter((p) => p.dynamic).map((p) => p.value);
  if (dynamic.length) notes.push(`not sized (computed at build time): ${dynamic.join(' ')}`);
  const res = resolveAptInstall(index, names, { installRecommends: !cmd.noInstallRecommends }, state.installed);
  const corrOther = facts.aptCorrection(release, state.slim, 'other') ?? FALLBACK_CORRECTION(state.slim);
  const corrPython = facts.aptCorrection(release, state.slim, 'python') ?? corrOther;
  const layer = layerFor(res, index.header.release, corrOther, corrPython, !cmd.noInstallRecommends);
  notes.push(...layer.notes);
  for (const n of layer.added) state.installed.add(n);
  return { items: layer.items, notes, added: layer.added };
}

interface AptLayer {
  readonly items: LayerItem[];
  readonly notes: readonly string[];
  readonly added: readonly string[];
}

/**
 * What a resolution weighs once corrected, item by item. The language server asks again for every
 * apt-get install on every keystroke, and resolutions are memoised (the same object for the same
 * question): so is this, per resolution and per correction (package by package over closures of
 * hundreds of packages, it was the estimate's most expensive step). Items are never changed after.
 */
const layers = new WeakMap<AptResolution, WeakMap<AptCorrection, WeakMap<AptCorrection, Map<string, AptLayer>>>>();

function layerFor(res: AptResolution, release: string, corrOther: AptCorrection, corrPython: AptCorrection, recommends: boolean): AptLayer {
  let byOther = layers.get(res);
  if (!byOther) layers.set(res, (byOther = new WeakMap()));
  let byPython = byOther.get(corrOther);
  if (!byPython) byOther.set(corrOther, (byPython = new WeakMap()));
  let byKey = byPython.get(corrPython);
  if (!byKey) byPython.set(corrPython, (byKey = new Map()));
  const key = `${release}\u0000${recommends}`;
  let layer = byKey.get(key);
  if (!layer) byKey.set(key, (layer = weigh(res, release, corrOther, corrPython, recommends)));
  return layer;
}

function weigh(res: AptResolution, release: string, corrOther: AptCorrection, corrPython: AptCorrection, recommends: boolean): AptLayer {
  const notes: string[] = [];
  const bytesOf = new Map(res.added.map((p) => [p.name, p.bytes]));
  /** Installed-Size to disk, package by package: Python's bytecode makes its packages larger on disk. */
  const corrected = (names: readonly string[]) => {
    let bytes = 0;
    let low = 0;
    let high = 0;
    let python = 0;
    for (const n of names) {
      const b = bytesOf.get(n) ?? 0;
      const c = isPythonPackage(n) ? corrPython : corrOther;
      if (c === corrPython && corrPython !== corrOther) python += b;
      bytes += b * c.factor;
      low += b * c.low;
      high += b * c.high;
    }
    const source =
      `Debian ${release} Installed-Size × ${corrOther.factor.toFixed(2)}` +
      (python ? `, Python packages × ${corrPython.factor.toFixed(2)} for the .pyc files their install writes` : '') +
      ` (${corrOther.source})`;
    return { bytes, low, high, source };
  };
  if (res.unknown.length) notes.push(`unknown to Debian ${release}: ${res.unknown.join(', ')}`);
  const items: LayerItem[] = [];
  const attributed = new Set<string>();
  for (const req of res.perRequested) {
    if (req.status !== 'added') continue;
    // Each requested package carries what only it pulls in; shared dependencies are listed apart.
    for (const n of req.exclusive) attributed.add(n);
    const c = corrected(req.exclusive);
    items.push({
      name: req.exclusive.length > 1 ? `${req.name} (+${req.exclusive.length - 1} packages)` : req.name,
      bytes: c.bytes,
      low: c.low,
      high: c.high,
      basis: 'data',
      source: c.source,
    });
  }
  const shared = res.added.filter((p) => !attributed.has(p.name));
  if (shared.length) {
    const c = corrected(shared.map((p) => p.name));
    items.push({
      name: `shared dependencies (${shared.length} packages)`,
      bytes: c.bytes,
      low: c.low,
      high: c.high,
      basis: 'data',
      source: c.source,
    });
  }
  if (recommends) {
    const rec = res.added.filter((p) => p.reason === 'recommended');
    if (rec.length) notes.push(`${rec.length} recommended packages (${formatBytes(rec.reduce((s, p) => s + p.bytes, 0))}) come with it; --no-install-recommends leaves them out`);
  }
  return { items, notes, added: res.added.map((p) => p.name) };
}

export function aptListsItem(state: StageState, facts: SizeFacts): LayerItem {
  const release = state.release ?? 'bookworm';
  const corr = facts.aptCorrection(release, state.slim);
  if (corr?.lists) return { name: '/var/lib/apt/lists', ...corr.lists, basis: 'measured', source: corr.lists.source };
  // Debian images keep the indexes gzipped (Acquire::GzipIndexes); no measurement for this release.
  return { name: '/var/lib/apt/lists', bytes: 18e6, low: 8e6, high: 50e6, basis: 'estimate', source: 'estimate: no measurement of apt lists for this release' };
}
