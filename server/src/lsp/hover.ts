import type { Hover, Position } from 'vscode-languageserver/node';
import type { Analysis } from '../core/analyze';
import { formatBytes, formatRange } from '../core/estimate/range';
import type { ImageEstimate, LayerEstimate, SizeFacts } from '../core/estimate/types';
import { instructionAt, stageLabel } from '../core/model/queries';
import type { Instruction, Stage } from '../core/model/types';
import { normalizeRequestedName, resolveAptInstall } from '../core/size/apt-resolve';
import { containsPosition } from '../core/text/line-index';

/** Markdown for a hover: layer cost and contributors, base image facts, or one apt package's closure. */
export function hoverAt(
  analysis: Analysis,
  estimate: ImageEstimate | undefined,
  facts: SizeFacts | undefined,
  pos: Position,
  real?: ReadonlyMap<number, number>,
): Hover | undefined {
  const model = analysis.model;
  const instr = instructionAt(model, pos);
  if (!instr || instr.stageIndex < 0 || !estimate) return undefined;
  const stage = model.stages[instr.stageIndex];
  if (instr.keyword === 'FROM') return { contents: { kind: 'markdown', value: fromHover(stage, estimate) }, range: instr.range };
  const pkg = aptPackageAt(instr, pos);
  if (pkg && facts) {
    const md = aptPackageHover(pkg, stage, estimate, facts, instr);
    if (md) return { contents: { kind: 'markdown', value: md }, range: pkg.range };
  }
  const layer = estimate.layers.find((l) => l.instructionIndex === instr.index);
  if (!layer) return undefined;
  const measured = real?.get(layer.line);
  const md = layerHover(layer, stage) + (measured !== undefined ? `\n\n**Real image:** ${formatBytes(measured)} (docker history, from "Compare with the real image")` : '');
  return { contents: { kind: 'markdown', value: md }, range: instr.keywordRange };
}

function layerHover(layer: LayerEstimate, stage: Stage): string {
  const lines: string[] = [];
  lines.push(`**dockerlean: ${layer.instruction} layer +${formatRange(layer)}**`);
  lines.push('');
  lines.push(stage.inFinalImage ? '_In the final image._' : `_In ${stageLabel(stage)} (${stage.role}): not part of the final image._`);
  if (layer.items.length) {
    lines.push('', '| | size | source |', '|---|---:|---|');
    for (const i of layer.items.slice(0, 8)) lines.push(`| ${escape(i.name)} | ${formatRange(i)} | ${i.basis}: ${escape(shorten(i.source))} |`);
    if (layer.items.length > 8) lines.push(`| … ${layer.items.length - 8} more | | |`);
  } else if (layer.high === 0) {
    lines.push('', 'Adds no files (metadata only, or nothing dockerlean can size).');
  }
  for (const n of layer.notes.slice(0, 6)) lines.push('', `- ${escape(n)}`);
  return lines.join('\n');
}

function fromHover(stage: Stage, estimate: ImageEstimate): string {
  const s = estimate.stages[stage.index];
  const lines: string[] = [];
  if (stage.base.kind === 'stage') {
    lines.push(`**dockerlean: builds on stage ${stage.base.stageIndex}** — ${formatRange(estimate.stages[stage.base.stageIndex])} before this stage's own layers`);
  } else if (s?.base) {
    const b = s.base;
    lines.push(`**dockerlean: ${b.image}** — ${b.known ? formatRange(b) : 'unknown base'}`);
    lines.push('', `${b.basis === 'estimate' ? 'Estimate' : 'Source'}: ${escape(b.source)}`);
    if (b.os) lines.push('', `OS: ${b.os} ${b.release ?? ''}${b.variant ? ` (${b.variant})` : ''}`);
    if (b.eol?.os) lines.push('', `End of life: ${escape(b.eol.os.what)} on ${b.eol.os.date}`);
    if (b.eol?.app) lines.push('', `End of life: ${escape(b.eol.app.what)} on ${b.eol.app.date}`);
    if (b.slimAlternative) lines.push('', `Slim alternative: \`${b.slimAlternative.image}\` — ${formatRange(b.slimAlternative)} (saves ≈ ${formatBytes(Math.max(0, b.bytes - b.slimAlternative.bytes))})`);
    if (b.note) lines.push('', `_${escape(b.note)}_`);
  }
  if (s) lines.push('', `Stage total: ${formatRange(s)}${stage.inFinalImage ? '' : ` — ${stage.role}, not the final image`}`);
  if (stage.role === 'final' || stage.inFinalImage) lines.push('', `Final image: **${formatRange(estimate)}**`);
  return lines.join('\n');
}

function aptPackageAt(instr: Instruction, pos: Position) {
  for (const c of instr.run?.commands ?? []) {
    const r = c.recognized;
    if (r?.tool === 'apt' && r.action === 'install') {
      const w = r.packages.find((p) => containsPosition(p.range, pos));
      if (w) return w;
    }
  }
  return undefined;
}

function aptPackageHover(pkg: { value: string }, stage: Stage, estimate: ImageEstimate, facts: SizeFacts, instr: Instruction): string | undefined {
  const base = estimate.stages[stage.index]?.base;
  const release = base?.release ?? 'bookworm';
  const index = facts.debian(release);
  if (!index) return undefined;
  const name = normalizeRequestedName(pkg.value);
  const p = index.get(name);
  const noRec = (instr.run?.commands ?? []).some((c) => c.recognized?.tool === 'apt' && c.recognized.noInstallRecommends);
  const alone = resolveAptInstall(index, [name], { installRecommends: !noRec }, new Set());
  const lines = [`**${name}** (Debian ${index.header.release}${index.header.fallbackFrom ? `, standing in for ${index.header.fallbackFrom}` : ''})`];
  if (!p && !alone.perRequested[0]?.package) return `${lines[0]}\n\nNot in the Debian ${index.header.release} index.`;
  if (p?.installedKiB !== undefined) lines.push('', `Installed-Size: ${formatBytes(p.installedKiB * 1024)}`);
  lines.push('', `With its dependencies on an empty system: ${formatBytes(alone.totalBytes)} in ${alone.added.length} packages${noRec ? '' : ' (recommends included)'}`);
  lines.push('', '_Source: the Debian package index (Installed-Size); what this layer really adds depends on what the base already has — see the layer hover._');
  return lines.join('\n');
}

function shorten(s: string): string {
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}

function escape(s: string): string {
  return s.replace(/[|*_`<>[\]]/g, (c) => `\\${c}`);
}
