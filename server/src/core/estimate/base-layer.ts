import { slimAlternative } from '../knowledge/image-variants';
import { formatImageRef } from '../model/image-ref';
import type { ImageRef } from '../model/types';
import { lookupBaseImage, type BaseImageMatch } from '../size/base-images';
import type { BaseEstimate, EstimateOptions, SizeFacts } from './types';

export interface BaseResult {
  readonly estimate: BaseEstimate;
  readonly packages: readonly string[];
  readonly family: 'debian' | 'alpine' | 'unknown';
  readonly release?: string;
  readonly slim: boolean;
}

const rangeOf = (m: BaseImageMatch) => {
  const bytes = m.record.unpackedBytes ?? 0;
  // repo-info rounds to 3 significant figures and builds drift between scans: ±2% around a measured figure.
  const low = m.record.lowBytes ?? bytes * 0.98;
  const high = m.record.highBytes ?? bytes * 1.02;
  return { bytes, low: Math.min(low, bytes), high: Math.max(high, bytes) };
};

export function estimateBase(ref: ImageRef, facts: SizeFacts, options: EstimateOptions, rawText: string): BaseResult {
  const image = formatImageRef(ref);
  const custom = options.customBaseSizes?.[rawText] ?? options.customBaseSizes?.[image];
  if (custom !== undefined && Number.isFinite(custom) && custom >= 0) {
    return {
      estimate: { image, known: true, bytes: custom, low: custom, high: custom, basis: 'data', source: 'your setting dockerlean.baseImageSizes' },
      packages: [],
      family: 'unknown',
      slim: false,
    };
  }
  const table = facts.baseImages();
  const match = table ? lookupBaseImage(table, ref) : undefined;
  if (!match || match.record.unpackedBytes === null) {
    return {
      estimate: {
        image,
        known: false,
        bytes: 0,
        low: 0,
        high: 0,
        basis: 'estimate',
        source: table ? 'unknown base: not in dockerlean\'s base-image table (set dockerlean.baseImageSizes to give its size)' : 'base-image data could not be loaded',
      },
      packages: [],
      family: /alpine/.test(ref.tag ?? '') || ref.repository === 'alpine' ? 'alpine' : 'unknown',
      slim: /slim/.test(ref.tag ?? ''),
    };
  }
  const r = match.record;
  const alt = slimAlternative(ref);
  const altMatch = alt && table ? lookupBaseImage(table, { ...ref, tag: alt.tag }) : undefined;
  const family = r.os === 'alpine' ? 'alpine' : r.os === 'debian' || r.os === 'ubuntu' ? 'debian' : 'unknown';
  return {
    estimate: {
      image,
      known: true,
      ...rangeOf(match),
      basis: r.estimated ? 'estimate' : 'data',
      source: match.source,
      os: r.os,
      release: r.release,
      variant: r.variant,
      eol: r.eol ? { os: r.eol.os && { date: r.eol.os.date, what: r.eol.os.what }, app: r.eol.app && { date: r.eol.app.date, what: r.eol.app.what } } : undefined,
      slimAlternative: altMatch && altMatch.record.unpackedBytes !== null ? { image: formatImageRef({ ...ref, tag: alt!.tag }), ...rangeOf(altMatch) } : undefined,
      note: match.note,
    },
    packages: match.packages ?? [],
    family,
    release: r.os === 'debian' ? r.release : undefined,
    slim: r.variant === 'slim' || r.variant === 'distroless',
  };
}
