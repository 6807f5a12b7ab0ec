import type { Analysis } from '../core/analyze';
import { fixSavings, type FixSaving } from '../core/estimate/fix-savings';
import type { BaseEstimate, ImageEstimate } from '../core/estimate/types';

/** The payload of the `dockerlean/estimate` request: everything the report view and status bar show. */
export interface EstimateReport {
  readonly uri: string;
  readonly version: number;
  readonly totalBytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  readonly finalStage?: string;
  readonly base?: BaseEstimate;
  readonly stages: ReadonlyArray<{ index: number; name?: string; role: string; line: number; bytes: number; lowBytes: number; highBytes: number }>;
  readonly layers: ReadonlyArray<{
    line: number;
    endLine: number;
    instruction: string;
    stage: string;
    inFinalImage: boolean;
    bytes: number;
    lowBytes: number;
    highBytes: number;
    items: ReadonlyArray<{ name: string; bytes: number; lowBytes: number; highBytes: number; basis: string; source: string }>;
    notes: readonly string[];
  }>;
  readonly savings: readonly FixSaving[];
  readonly assumptions: readonly string[];
}

export const ESTIMATE_REQUEST = 'dockerlean/estimate';

export function buildReport(
  uri: string,
  version: number,
  analysis: Analysis,
  estimate: ImageEstimate,
  reestimate: (text: string) => ImageEstimate | undefined,
  splitSaving?: FixSaving,
  withSavings = true,
): EstimateReport {
  const model = analysis.model;
  const stageName = (i: number) => model.stages[i]?.name ?? String(i);
  return {
    uri,
    version,
    totalBytes: estimate.bytes,
    lowBytes: estimate.low,
    highBytes: estimate.high,
    finalStage: estimate.finalStage !== undefined ? stageName(estimate.finalStage) : undefined,
    base: estimate.base,
    stages: estimate.stages.map((s) => ({
      index: s.index,
      name: s.name,
      role: s.role,
      line: model.stages[s.index].range.start.line + 1,
      bytes: s.bytes,
      lowBytes: s.low,
      highBytes: s.high,
    })),
    layers: estimate.layers.map((l) => ({
      line: l.line,
      endLine: model.instructions[l.instructionIndex].range.end.line + 1,
      instruction: l.instruction,
      stage: stageName(l.stageIndex),
      inFinalImage: l.inFinalImage,
      bytes: l.bytes,
      lowBytes: l.low,
      highBytes: l.high,
      items: l.items.map((i) => ({ name: i.name, bytes: i.bytes, lowBytes: i.low, highBytes: i.high, basis: i.basis, source: i.source })),
      notes: l.notes,
    })),
    savings: withSavings ? [...(splitSaving ? [splitSaving] : []), ...fixSavings(analysis, estimate, reestimate)].sort((a, b) => b.bytes - a.bytes) : [],
    assumptions: estimate.assumptions,
  };
}
