import type { Stage } from './types';

/**
 * Marks each stage's role for a build of `finalIndex`: the final stage and its ancestors through
 * `FROM <stage>` put their layers in the image; stages only read by `COPY --from` or
 * `RUN --mount=from=` are built but contribute just the files copied; the rest are skipped
 * (BuildKit does not build them).
 */
export function assignRoles(stages: readonly Stage[], finalIndex: number | undefined): void {
  for (const s of stages) {
    s.role = 'unused';
    s.inFinalImage = false;
  }
  if (finalIndex === undefined || !stages[finalIndex]) return;
  const inImage = ancestry(stages, finalIndex);
  for (const i of inImage) {
    stages[i].inFinalImage = true;
    stages[i].role = i === finalIndex ? 'final' : 'ancestor';
  }
  const queue = [...inImage];
  const seen = new Set(inImage);
  while (queue.length) {
    const s = stages[queue.shift()!];
    for (const src of s.copiesFrom) {
      for (const j of ancestry(stages, src)) {
        if (seen.has(j)) continue;
        seen.add(j);
        stages[j].role = 'copy-source';
        queue.push(j);
      }
    }
  }
}

/**
 * The stage and the stages it is built on, nearest first. Cycles cannot occur: FROM only sees
 * earlier stages, so each step goes to a lower index (checked that way: `out.includes` made a
 * chain of 3,000 `FROM <previous stage>` take minutes across the rules).
 */
export function ancestry(stages: readonly Stage[], index: number): number[] {
  const out: number[] = [];
  let i: number | undefined = index;
  while (i !== undefined && stages[i] && (!out.length || i < out[out.length - 1])) {
    out.push(i);
    const base: Stage['base'] = stages[i].base;
    i = base.kind === 'stage' ? base.stageIndex : undefined;
  }
  return out;
}
