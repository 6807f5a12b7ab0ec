// Reads the size data files (server/data, copied to dist/data by the build) and hands the
// parsed tables to the pure size logic. Everything is loaded on first use and cached; a
// missing or unreadable file gives `undefined` and a message instead of an exception, so a
// broken data file costs a feature its numbers, never the language server.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { asFallback, parseDebianIndex, type DebianIndex } from '../core/size/debian-index';
import { debianDataRelease } from '../core/size/debian-releases';
import { parseBaseImageTable, type BaseImageTable } from '../core/size/base-images';
import { parsePythonPackageTable, type PythonPackageTable } from '../core/size/python-packages';
import { parseAlpinePackageTable, type AlpinePackageTable } from '../core/size/alpine-packages';
import { parseAptCalibration, type AptCalibration } from '../core/size/apt-correction';

export interface SizeDataLoader {
  readonly dataDir: string;
  /** The package index for a Debian release; buster and other releases without data map to the nearest (header.fallbackFrom says so). */
  debian(release: string): DebianIndex | undefined;
  baseImages(): BaseImageTable | undefined;
  pythonPackages(): PythonPackageTable | undefined;
  alpine(): AlpinePackageTable | undefined;
  /** Measured correction factors for apt installs (Installed-Size → bytes on disk). */
  aptCalibration(release: string): AptCalibration | undefined;
  /** Why something could not be loaded, oldest first. */
  messages(): readonly string[];
}

export interface SizeDataLoaderOptions {
  readonly onMessage?: (message: string) => void;
}

/**
 * The data directory beside a bundle (`dist/data`) when present, else the source tree's
 * `server/data` found by walking up from `fromDir` (tests run from out/…).
 */
export function findSizeDataDir(fromDir: string): string | undefined {
  const bundled = path.join(fromDir, 'data');
  if (fs.existsSync(path.join(bundled, 'base-images.json'))) return bundled;
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'server', 'data');
    if (fs.existsSync(path.join(candidate, 'base-images.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function createSizeDataLoader(dataDir: string, options: SizeDataLoaderOptions = {}): SizeDataLoader {
  const messages: string[] = [];
  const cache = new Map<string, unknown>();
  const report = (message: string): void => {
    messages.push(message);
    options.onMessage?.(message);
  };

  const once = <T>(key: string, load: () => T): T | undefined => {
    if (cache.has(key)) return cache.get(key) as T | undefined;
    let value: T | undefined;
    try {
      value = load();
    } catch (e) {
      report(`size data ${key}: ${e instanceof Error ? e.message : String(e)}`);
      value = undefined;
    }
    cache.set(key, value);
    return value;
  };

  const readJson = (rel: string): unknown => {
    const file = path.join(dataDir, rel);
    if (!fs.existsSync(file)) throw new Error(`missing file ${file}`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  };

  const loadRelease = (release: string): DebianIndex | undefined =>
    once(`debian/${release}`, () => {
      const file = path.join(dataDir, 'debian', `${release}.idx.gz`);
      if (!fs.existsSync(file)) throw new Error(`missing file ${file}`);
      // The index keeps the decompressed bytes and decodes the lines it reads (ASCII only, as latin1):
      // no 3-4 MB string copy per release, and no large transient buffer freed behind it.
      // Large output chunks: the default 16 KB ones cost a third more in per-chunk work and the final copy.
      const index = parseDebianIndex(zlib.gunzipSync(fs.readFileSync(file), { chunkSize: 1 << 22 }));
      if (index.header.release !== release) throw new Error(`${file} holds ${index.header.release}, not ${release}`);
      return index;
    });

  return {
    dataDir,
    debian(release) {
      const choice = debianDataRelease(release);
      if (!choice) {
        if (!cache.has(`debian-unknown/${release}`)) {
          cache.set(`debian-unknown/${release}`, undefined);
          report(`size data: no Debian package index for "${release}"`);
        }
        return undefined;
      }
      const index = loadRelease(choice.release);
      if (!index || !choice.fallbackFrom) return index;
      return once(`debian-fallback/${choice.fallbackFrom}`, () => asFallback(index, choice.fallbackFrom!, choice.note ?? ''));
    },
    baseImages: () => once('base-images.json', () => parseBaseImageTable(readJson('base-images.json'))),
    pythonPackages: () => once('python-packages.json', () => parsePythonPackageTable(readJson('python-packages.json'))),
    alpine: () => once('alpine-packages.json', () => parseAlpinePackageTable(readJson('alpine-packages.json'))),
    aptCalibration(release) {
      const choice = debianDataRelease(release);
      const candidates = [...new Set([choice?.release, 'bookworm'].filter((r): r is string => !!r))];
      for (const r of candidates) {
        const rel = `calibration/apt-${r}.json`;
        if (!fs.existsSync(path.join(dataDir, rel))) continue;
        return once(rel, () => parseAptCalibration(readJson(rel)));
      }
      return once(`calibration/${release}`, () => {
        throw new Error(`no calibration file for ${release}`);
      });
    },
    messages: () => messages,
  };
}
