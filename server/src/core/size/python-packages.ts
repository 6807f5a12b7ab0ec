// Looks up pip packages in the python-packages table (server/data/python-packages.json): wheel
// size (a fact with its source), installed size (an estimate with a range) and the system
// libraries a package needs at run time or to build from source.

export const PYTHON_PACKAGES_FORMAT = 'dockerlean-python-packages/1';

export interface InstalledEstimate {
  readonly bytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  readonly estimated: true;
  readonly factor: number;
}

export interface SystemLibraries {
  readonly runtime: { readonly debian?: readonly string[]; readonly alpine?: readonly string[] };
  readonly build: { readonly debian?: readonly string[]; readonly alpine?: readonly string[] };
  /** The manylinux wheel carries its own copy, so the OS packages matter only for source builds. */
  readonly wheelBundles: boolean;
  readonly binaryAlternative?: string;
  readonly note?: string;
}

export interface PythonPackageRecord {
  readonly name: string;
  readonly release: string;
  readonly wheelFile: string | null;
  readonly wheelBytes: number | null;
  readonly wheelSizeBasis?: string;
  readonly pure: boolean;
  readonly sdistBytes: number | null;
  readonly installed: InstalledEstimate | null;
  readonly source: string;
  readonly notes?: string;
  readonly systemLibraries?: SystemLibraries;
}

export interface PythonPackageTable {
  readonly format: string;
  readonly generatedAt?: string;
  readonly source: string;
  readonly installedFactor: {
    readonly pure: { readonly factor: number; readonly low: number; readonly high: number; readonly why: string };
    readonly binary: { readonly factor: number; readonly low: number; readonly high: number; readonly why: string };
    readonly basis: string;
  };
  readonly caveats?: readonly string[];
  readonly packages: Readonly<Record<string, PythonPackageRecord>>;
}

export function parsePythonPackageTable(json: unknown): PythonPackageTable {
  const t = json as Partial<PythonPackageTable> | null;
  if (!t || t.format !== PYTHON_PACKAGES_FORMAT) throw new Error(`python-packages: unsupported format ${String(t?.format)}`);
  if (!t.packages || typeof t.packages !== 'object' || !t.installedFactor) throw new Error('python-packages: packages or installedFactor missing');
  return t as PythonPackageTable;
}

/** PEP 503 normalised project name. */
export const normalizePythonName = (name: string): string => name.trim().toLowerCase().replace(/[-_.]+/g, '-');

export interface PythonRequirement {
  readonly name: string;
  readonly extras: readonly string[];
}

/** "Pillow[webp]>=10; python_version>'3.8'" → { name: 'pillow', extras: ['webp'] }; undefined for URLs, paths and options. */
export function parseRequirement(spec: string): PythonRequirement | undefined {
  const s = spec.trim();
  if (!s || s.startsWith('-') || /^[a-z+]+:\/\//i.test(s) || /^[./~]/.test(s)) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(s);
  if (!m) return undefined;
  const extras = (m[2] ?? '').split(',').map((e) => normalizePythonName(e)).filter(Boolean);
  return { name: normalizePythonName(m[1]!), extras };
}

export interface PythonPackageLookup {
  readonly record: PythonPackageRecord;
  /** The extra that selects a prebuilt variant, e.g. psycopg[binary] → psycopg-binary. */
  readonly withBinaryExtra?: PythonPackageRecord;
}

export function lookupPythonPackage(table: PythonPackageTable, spec: string): PythonPackageLookup | undefined {
  const req = parseRequirement(spec);
  if (!req) return undefined;
  const record = table.packages[req.name];
  if (!record) return undefined;
  const binary = req.extras.includes('binary') ? table.packages[`${req.name}-binary`] : undefined;
  return { record, ...(binary ? { withBinaryExtra: binary } : {}) };
}

/**
 * Debian or Alpine packages that must be present in the final image for `spec` to import.
 * A bundling wheel needs none unless it is built from source (`fromSource`), and the [binary]
 * extra of psycopg brings its own libpq.
 */
export function runtimeSystemPackages(table: PythonPackageTable, spec: string, os: 'debian' | 'alpine', fromSource = false): readonly string[] {
  const hit = lookupPythonPackage(table, spec);
  const libs = hit?.record.systemLibraries;
  if (!hit || !libs || hit.withBinaryExtra) return [];
  if (libs.wheelBundles && !fromSource) return [];
  return libs.runtime[os] ?? [];
}
