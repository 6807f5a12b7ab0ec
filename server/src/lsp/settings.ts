import type { RuleSetting } from '../core/rules/policy';

/** The `dockerlean.*` settings the server reads. package.json's contributions mirror this (a test checks it). */
export interface ServerSettings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly target?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {} };

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
  return {
    enable: r.enable !== false,
    rules,
    target: typeof r.target === 'string' && r.target.trim() ? r.target.trim() : undefined,
  };
}
