import { ancestry } from '../../model/stage-graph';
import { stageLabel } from '../../model/queries';
import type { ImageModel, Instruction } from '../../model/types';
import type { Range } from '../../text/line-index';
import { envsCopiedBy, type CopiedEnv } from '../shared/python-envs';
import type { Finding, Fix, Rule, TextEdit } from '../types';

export const venvPathMismatch: Rule = {
  meta: {
    id: 'venv-path-mismatch',
    title: 'Virtual environment copied to another path',
    description: "A venv's scripts start with #!<venv>/bin/python and bin/activate names its path: copied to a different path, its console scripts fail with 'not found'.",
    defaultSeverity: 'error',
    category: 'multi-stage',
    fixable: 'safe',
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (stage.role === 'unused') continue;
      for (const instr of stage.instructions) {
        if (instr.copy?.fromFlag?.stageIndex === undefined) continue;
        const seen = new Set<string>();
        for (const c of envsCopiedBy(model, instr)) {
          if (c.env.kind !== 'venv' || c.env.relocatable || c.relation === 'part' || !c.landing) continue;
          if (seen.has(c.env.origin)) continue;
          seen.add(c.env.origin);
          if (c.landing !== c.env.origin) findings.push(finding(model, instr, c));
        }
      }
    }
    return findings;
  },
};

function finding(model: ImageModel, copy: Instruction, c: CopiedEnv): Finding {
  const dest = copy.copy!.destination!;
  const fix = moveFix(model, copy, c);
  return {
    ruleId: 'venv-path-mismatch',
    message: `The virtual environment created at ${c.env.origin} (${c.env.via}) lands at ${c.landing} here: its console scripts start with \`#!${c.env.origin}/bin/python\` and \`bin/activate\` sets VIRTUAL_ENV=${c.env.origin}, a path that does not exist in this stage.`,
    range: dest.range,
    related: [{ range: c.env.command.range, message: `virtual environment created at ${c.env.origin} in ${stageLabel(c.env.stage)}` }],
    fixes: fix ? [fix] : [],
    data: { venv: c.env.origin, landing: c.landing!, via: c.env.via },
  };
}

/**
 * Points the destination at the venv's own path. Other mentions of the old path in this stage and
 * the stages built on it (`ENV PATH=/venv/bin:$PATH`, `CMD ["/venv/bin/app"]`) move with it;
 * then a human should look, so the fix is a suggestion.
 */
function moveFix(model: ImageModel, copy: Instruction, c: CopiedEnv): Fix | undefined {
  const details = copy.copy!;
  const dest = details.destination!;
  const rawDest = model.text.slice(model.lines.offsetAt(dest.range.start), model.lines.offsetAt(dest.range.end));
  // Other sources would move too; a variable would need its definition changed instead.
  if (details.sources.length !== 1 || rawDest.includes('$')) return undefined;
  // The destination that puts the environment's root back at its origin.
  const below = c.relation === 'whole' ? '' : c.env.path.slice(c.source === '/' ? 0 : c.source.length);
  if (!c.env.origin.endsWith(below)) return undefined;
  const target = c.env.origin.slice(0, c.env.origin.length - below.length) || '/';
  const quoted = /^["']/.test(rawDest);
  const edits: TextEdit[] = [{ range: dest.range, newText: quoted ? JSON.stringify(target) : target }];
  const old = c.landing!;
  const inherit = new Set(model.stages.filter((s) => ancestry(model.stages, s.index).includes(copy.stageIndex)).map((s) => s.index));
  for (const stage of model.stages) {
    for (const instr of stage.instructions) {
      if (instr === copy || instr.keyword === 'FROM') continue;
      if (inherit.has(stage.index)) edits.push(...occurrences(model, instr, old, c.env.origin));
      // Stages copying from this one read the environment at its new place.
      else if (instr.copy?.fromFlag?.stageIndex !== undefined && inherit.has(instr.copy.fromFlag.stageIndex)) {
        for (const src of instr.copy.sources) edits.push(...occurrencesIn(model, src.range, old, c.env.origin));
      }
    }
  }
  const refs = edits.length - 1;
  return {
    title: refs ? `Copy the venv to ${target} and update ${refs} mention${refs === 1 ? '' : 's'} of ${old}` : `Copy the venv to ${target}`,
    edits,
    safety: refs ? 'suggestion' : 'safe',
  };
}

/** Mentions of a path as a path (not as part of a longer one) in an instruction's text. */
function occurrences(model: ImageModel, instr: Instruction, path: string, replacement: string): TextEdit[] {
  return occurrencesIn(model, instr.range, path, replacement);
}

function occurrencesIn(model: ImageModel, range: Range, path: string, replacement: string): TextEdit[] {
  const start = model.lines.offsetAt(range.start);
  const text = model.text.slice(start, model.lines.offsetAt(range.end));
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<=^|[\\s"'=:;,\\[(])${escaped}(?=$|[\\s"'/;:,\\])&|])`, 'g');
  const out: TextEdit[] = [];
  for (const m of text.matchAll(re)) {
    const at = start + m.index!;
    out.push({ range: model.lines.rangeOf(at, at + path.length), newText: replacement });
  }
  return out;
}
