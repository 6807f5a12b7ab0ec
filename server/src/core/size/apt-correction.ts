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
  readonly factors: Readonly<Record<AptVariant, CorrectionFactor>>;
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

// Without a calibration file: the ratios of on-disk size to Σ Installed-Size of the debian base
// images themselves (bookworm: 116.6 MB full and 74.8 MB slim for 120.4 MB of Installed-Size;
// trixie: 119.9 / 78.6 for 123.0), widened.
const FALLBACK: Readonly<Record<AptVariant, CorrectionFactor>> = {
  full: { factor: 0.97, low: 0.85, high: 1.05, samples: 2 },
  slim: { factor: 0.63, low: 0.55, high: 0.75, samples: 2 },
};

/**
 * Bytes on disk for packages whose Installed-Size sums to `installedSizeBytes`, on a base whose
 * dpkg config is `variant` ('slim' for debian:*-slim and the python/node slim images built on it).
 */
export function correctAptBytes(installedSizeBytes: number, variant: AptVariant, calibration?: AptCalibration): SizeEstimate {
  const f = calibration?.factors[variant] ?? FALLBACK[variant];
  const basis = calibration
    ? `Σ Installed-Size × ${f.factor} (${variant} base; measured on ${calibration.release} ${calibration.measuredAt}, spread ${f.low}–${f.high})`
    : `Σ Installed-Size × ${f.factor} (${variant} base; uncalibrated ratio of debian base images, ${f.low}–${f.high})`;
  return {
    bytes: Math.round(installedSizeBytes * f.factor),
    lowBytes: Math.round(installedSizeBytes * f.low),
    highBytes: Math.round(installedSizeBytes * f.high),
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
