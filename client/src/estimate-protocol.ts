/** The client's view of the server's `dockerlean/estimate` answer (see server/src/lsp/estimate-report.ts). */
export interface EstimateReport {
  uri: string;
  version: number;
  totalBytes: number;
  lowBytes: number;
  highBytes: number;
  finalStage?: string;
  base?: { image: string; known: boolean; bytes: number; low: number; high: number; source: string; basis: string; slimAlternative?: { image: string; bytes: number } };
  stages: Array<{ index: number; name?: string; role: string; line: number; bytes: number; lowBytes: number; highBytes: number }>;
  layers: Array<{
    line: number;
    endLine: number;
    instruction: string;
    stage: string;
    inFinalImage: boolean;
    bytes: number;
    lowBytes: number;
    highBytes: number;
    items: Array<{ name: string; bytes: number; lowBytes: number; highBytes: number; basis: string; source: string }>;
    notes: string[];
  }>;
  savings: Array<{ ruleId: string; title: string; line: number; bytes: number; low: number; high: number }>;
  assumptions: string[];
}

export const ESTIMATE_REQUEST = 'dockerlean/estimate';

/** What "Compare with the real image" measured: `docker history` sizes by Dockerfile line. */
export interface RealSizes {
  image: string;
  total: { estimate: number; real?: number };
  layers: ReadonlyArray<{ line: number; real: number }>;
}

export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  const sign = bytes < 0 ? '−' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)} B`;
  if (abs < 1e6) return `${sign}${(abs / 1e3).toFixed(abs < 1e4 ? 1 : 0)} kB`;
  if (abs < 1e9) return `${sign}${(abs / 1e6).toFixed(abs < 1e7 ? 1 : 0)} MB`;
  return `${sign}${(abs / 1e9).toFixed(2)} GB`;
}
