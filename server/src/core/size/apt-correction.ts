// Turns a Σ Installed-Size from apt-resolve into an estimate of the bytes a layer really gains,
// using the factors measured by scripts/data/calibrate-apt.sh (server/data/calibration/).
// Installed-Size overstates what lands on disk in slim images, whose dpkg config drops docs,
// man pages and locales; the factor and its measured spread give the estimate and its range.

export const APT_CALIBRATION_FORMAT = 'dockerlean-apt-calibration/1';

export interface CorrectionFactor {
  /** Median of measured bytes / Σ Installed-Size over the calibration sets. */
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  readonly samples: number;
}

export type AptVariant = 'full' | 'slim';

export interface AptCalibration {
  readonly format: string;
  readonly release: string;
  readonly measuredAt: string;
  /** Over all calibration sets. */
  readonly factors: Readonly<Record<AptVariant, CorrectionFactor>>;
  /** Over the sets without Python packages: the factor for everything but Python. */
  readonly nonPython?: Readonly<Record<AptVariant, CorrectionFactor>>;
  /** For Python packages, whose postinst byte-compiles .pyc files outside Installed-Size. */
  readonly pythonBytecode?: Readonly<Partial<Record<AptVariant, CorrectionFactor>>>;
  readonly aptLists?: { readonly bytes: number; readonly note?: string };
  readonly sets?: ReadonlyArray<{
    readonly variant: AptVariant;
    readonly name: string;
    readonly packages: readonly string[];
    readonly installRecommends: boolean;
    readonly measuredBytes: number;
    readonly installedSizeBytes: number;
    readonly ratio: number | null;
    readonly added: readonly string[];
  }>;
}

export interface SizeEstimate {
  readonly bytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  readonly estimated: true;
  /** How the figure was obtained, for a hover. */
  readonly basis: string;
}

export function parseAptCalibration(json: unknown): AptCalibration {
  const c = json as Partial<AptCalibration> | null;
  if (!c || c.format !== APT_CALIBRATION_FORMAT) throw new Error(`apt calibration: unsupported format ${String(c?.format)}`);
  for (const v of ['full', 'slim'] as const) {
    const f = c.factors?.[v];
    if (!f || !(f.factor > 0) || !(f.low > 0) || !(f.high >= f.low)) throw new Error(`apt calibration: bad ${v} factor`);
  }
  return c as AptCalibration;
}

// Only used when no calibration file can be read: the bookworm measurement of 2026-11-22
// (docs/size-model.md) rounded and widened. Not the base images' own disk/Installed-Size ratio
// (0.64 for slim): base packages carry far more docs and locales than what users add.
const FALLBACK: Readonly<Record<AptVariant, CorrectionFactor>> = {
  full: { factor: 1.0, low: 0.95, high: 1.35, samples: 0 },
  slim: { factor: 0.9, low: 0.8, high: 1.3, samples: 0 },
};

/** Debian packages of the Python interpreter, its standard library and python3-* modules. */
export const isPythonPackage = (name: string): boolean => /^(?:lib)?python3/.test(name);

/**
 * Bytes on disk for packages whose Installed-Size sums to `installedSizeBytes`, on a base whose
 * dpkg config is `variant` ('slim' for debian:*-slim and the python/node slim images built on it).
 */
export function correctAptBytes(installedSizeBytes: number, variant: AptVariant, calibration?: AptCalibration): SizeEstimate {
  const f = calibration?.factors[variant] ?? FALLBACK[variant];
  const basis = calibration
    ? `Σ Installed-Size × ${f.factor} (${variant} base; measured on ${calibration.release} ${calibration.measuredAt}, spread ${f.low}–${f.high})`
    : `Σ Installed-Size × ${f.factor} (${variant} base; built-in fallback, no calibration file: ${f.low}–${f.high})`;
  return {
    bytes: Math.round(installedSizeBytes * f.factor),
    lowBytes: Math.round(installedSizeBytes * f.low),
    highBytes: Math.round(installedSizeBytes * f.high),
    estimated: true,
    basis,
  };
}

/**
 * Like correctAptBytes, for a resolved package list: Python packages get the measured bytecode
 * factor and everything else the factor measured without Python, which narrows the range for the
 * common case (compilers, -dev packages, tools). Falls back to correctAptBytes on the total when
 * the calibration has no split factors.
 */
export function correctAptInstall(added: ReadonlyArray<{ readonly name: string; readonly bytes: number }>, variant: AptVariant, calibration?: AptCalibration): SizeEstimate {
  const total = added.reduce((s, p) => s + p.bytes, 0);
  const rest = calibration?.nonPython?.[variant];
  const py = calibration?.pythonBytecode?.[variant];
  if (!calibration || !rest || !py) return correctAptBytes(total, variant, calibration);
  const pyBytes = added.filter((p) => isPythonPackage(p.name)).reduce((s, p) => s + p.bytes, 0);
  const other = total - pyBytes;
  const basis =
    `Σ Installed-Size × ${rest.factor}` +
    (pyBytes ? ` (Python packages × ${py.factor} for their .pyc files)` : '') +
    ` (${variant} base; measured on ${calibration.release} ${calibration.measuredAt}, spread ${rest.low}–${rest.high}${pyBytes ? `, Python ${py.low}–${py.high}` : ''})`;
  return {
    bytes: Math.round(other * rest.factor + pyBytes * py.factor),
    lowBytes: Math.round(other * rest.low + pyBytes * py.low),
    highBytes: Math.round(other * rest.high + pyBytes * py.high),
    estimated: true,
    basis,
  };
}

/**
 * Which dpkg config a base image carries. debian:*-slim and the python/node "-slim" images built
 * FROM it exclude docs, man pages and locales; the official ubuntu images are minimized the same
 * way; full debian, buildpack-deps based (python/node/golang full) images are not.
 */
export function aptVariantFor(base: { readonly image: string; readonly variant?: string; readonly os?: string } | undefined): AptVariant {
  if (!base) return 'full';
  if (base.variant === 'slim') return 'slim';
  if (base.os === 'ubuntu' || base.image === 'ubuntu') return 'slim';
  return 'full';
}
