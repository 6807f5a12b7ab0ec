import type { RuleSetting } from '../core/rules/policy';

/** The `dockerlean.*` settings the server reads. package.json's contributions mirror this (a test checks it). */
export interface ServerSettings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly target?: string;
  /** Show layer costs at the end of instructions (inlay hints). */
  readonly inlineCosts: boolean;
  /** Build context relative to the Dockerfile's folder. */
  readonly buildContext?: string;
  /** Sizes in bytes for base images dockerlean has no data for (private registries). */
  readonly baseImageSizes: Readonly<Record<string, number>>;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {}, inlineCosts: true, baseImageSizes: {} };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Settings come from user JSON: keep what is well-formed, drop the rest. */
export function normalizeSettings(raw: unknown): ServerSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[id] = v as RuleSetting;
    }
  }
  const baseImageSizes: Record<string, number> = {};
  if (r.baseImageSizes && typeof r.baseImageSizes === 'object') {
    for (const [image, v] of Object.entries(r.baseImageSizes as Record<string, unknown>)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseSize(v) : NaN;
      if (Number.isFinite(n) && n >= 0) baseImageSizes[image] = n;
    }
  }
  return {
    enable: r.enable !== false,
    rules,
    target: typeof r.target === 'string' && r.target.trim() ? r.target.trim() : undefined,
    inlineCosts: r.inlineCosts !== false,
    buildContext: typeof r.buildContext === 'string' && r.buildContext.trim() ? r.buildContext.trim() : undefined,
    baseImageSizes,
  };
}

/** "250MB", "1.2 GB", "80000000" → bytes (decimal units, as docker prints them). */
export function parseSize(text: string): number {
  const m = /^\s*([\d.]+)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) return NaN;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'gb' ? 1e9 : unit === 'mb' ? 1e6 : unit === 'kb' ? 1e3 : 1);
}
