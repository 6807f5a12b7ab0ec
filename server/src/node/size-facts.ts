import type { AlpinePackageSize, AptCorrection, PythonPackageSize, SizeFacts } from '../core/estimate/types';
import { lookupAlpinePackage } from '../core/size/alpine-packages';
import { correctAptBytes, correctAptInstall } from '../core/size/apt-correction';
import { lookupPythonPackage } from '../core/size/python-packages';
import type { DebianIndex } from '../core/size/debian-index';
import type { SizeDataLoader } from './size-data-loader';

/**
 * Adapts the lazily loaded data files to what the estimate asks. Lookups are memoised: hovers
 * and re-analyses ask for the same packages again and again.
 */
export function createSizeFacts(loader: SizeDataLoader): SizeFacts {
  const python = new Map<string, PythonPackageSize | undefined>();
  const alpine = new Map<string, AlpinePackageSize | undefined>();
  const corrections = new Map<string, AptCorrection>();
  const indexes = new Map<string, DebianIndex | undefined>();
  return {
    debian(release) {
      // Asked by the estimate and several rules for every stage on every keystroke; the loader
      // keeps what it loaded for good, so its answer for a name never changes.
      if (indexes.has(release)) return indexes.get(release);
      const index = loader.debian(release);
      indexes.set(release, index);
      return index;
    },
    baseImages: () => loader.baseImages(),
    pythonPackage(name) {
      if (python.has(name)) return python.get(name);
      const table = loader.pythonPackages();
      const hit = table ? lookupPythonPackage(table, name) : undefined;
      const rec = hit?.withBinaryExtra ?? hit?.record;
      const result: PythonPackageSize | undefined =
        rec && rec.installed
          ? {
              name: rec.name,
              installed: { bytes: rec.installed.bytes, low: rec.installed.lowBytes, high: rec.installed.highBytes },
              wheelBytes: rec.wheelBytes ?? undefined,
              basis: 'estimate',
              source: `estimate: ${rec.name} ${rec.release} wheel ${((rec.wheelBytes ?? 0) / 1e6).toFixed(1)} MB (${rec.source}) × ${rec.installed.factor} for unpacking and .pyc`,
              runtimeLibraries: rec.systemLibraries?.runtime.debian,
            }
          : undefined;
      python.set(name, result);
      return result;
    },
    alpinePackage(name) {
      if (alpine.has(name)) return alpine.get(name);
      const table = loader.alpine();
      const hit = table ? lookupAlpinePackage(table, name) : undefined;
      const result: AlpinePackageSize | undefined = hit
        ? {
            name: hit.name,
            installed: { bytes: hit.bytes, low: hit.lowBytes, high: hit.highBytes },
            basis: 'estimate',
            source: `estimate: ${hit.source}${hit.note ? ` (${hit.note})` : ''}`,
          }
        : undefined;
      alpine.set(name, result);
      return result;
    },
    aptCorrection(release, slim, kind): AptCorrection {
      // Asked for every apt-get install and every apt-get update; finding the calibration file probes the disk.
      const key = `${release}\u0000${slim}\u0000${kind ?? ''}`;
      const known = corrections.get(key);
      if (known) return known;
      const calibration = loader.aptCalibration(release);
      const variant = slim ? 'slim' : 'full';
      // One package of the given kind: correctAptInstall picks the split factor when it was measured.
      const unit = kind ? correctAptInstall([{ name: kind === 'python' ? 'python3' : 'other', bytes: 1e9 }], variant, calibration) : correctAptBytes(1e9, variant, calibration);
      const lists = calibration?.aptLists;
      const correction: AptCorrection = {
        factor: unit.bytes / 1e9,
        low: unit.lowBytes / 1e9,
        high: unit.highBytes / 1e9,
        // The caller names the factor; keep only where it comes from.
        source: unit.basis
          .replace(/^Σ Installed-Size × [\d.]+ (\(Python packages × [\d.]+ for their \.pyc files\) )?\(/, '')
          .replace(/\)$/, '')
          .replace(/\d+\.\d{3,}/g, (n) => Number(n).toFixed(2)),
        ...(lists ? { lists: { bytes: lists.bytes, low: lists.bytes * 0.8, high: lists.bytes * 1.25, source: `measured: apt lists after apt-get update on ${calibration!.release} (${calibration!.measuredAt})` } } : {}),
      };
      corrections.set(key, correction);
      return correction;
    },
  };
}
