import type { SizeRange } from './types';

export const ZERO: SizeRange = { bytes: 0, low: 0, high: 0 };

export const exact = (bytes: number): SizeRange => ({ bytes, low: bytes, high: bytes });

export function sum(ranges: readonly SizeRange[]): SizeRange {
  let bytes = 0;
  let low = 0;
  let high = 0;
  for (const r of ranges) {
    bytes += r.bytes;
    low += r.low;
    high += r.high;
  }
  return { bytes, low, high };
}

export function scale(r: SizeRange, factor: number, lowFactor = factor, highFactor = factor): SizeRange {
  return { bytes: r.bytes * factor, low: r.low * lowFactor, high: r.high * highFactor };
}

/** Keeps the invariant low ≤ bytes ≤ high whatever arithmetic produced the parts. */
export function normalize(r: SizeRange): SizeRange {
  const bytes = Math.max(0, Number.isFinite(r.bytes) ? r.bytes : 0);
  const low = Math.min(bytes, Math.max(0, Number.isFinite(r.low) ? r.low : 0));
  const high = Math.max(bytes, Number.isFinite(r.high) ? r.high : bytes);
  return { bytes: Math.round(bytes), low: Math.round(low), high: Math.round(high) };
}

/** Decimal megabytes, as `docker images` prints them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export function formatRange(r: SizeRange): string {
  if (r.high - r.low < Math.max(1e5, r.bytes * 0.02)) return formatBytes(r.bytes);
  return `${formatBytes(r.bytes)} (${formatBytes(r.low)}–${formatBytes(r.high)})`;
}
