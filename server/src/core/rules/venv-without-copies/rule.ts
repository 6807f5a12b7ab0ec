import { commandsOf, stageLabel } from '../../model/queries';
import type { ImageModel, Instruction, Stage } from '../../model/types';
import type { Finding, Rule, TextEdit } from '../types';

export const venvWithoutCopies: Rule = {
  meta: {
    id: 'venv-without-copies',
    title: 'Virtual environment copied between stages without --copies',
    description: "A venv's python is a symlink to the interpreter of the image that created it; copied into another image it only works if that exact interpreter exists there.",
    defaultSeverity: 'warning',
    category: 'multi-stage',
    fixable: 'safe',
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const site of commandsOf(model, 'venv')) {
      const venv = site.recognized;
      if (venv.copies || venv.via === 'uv' || !venv.path || venv.path.dynamic) continue;
      const path = trimSlash(venv.path.value.startsWith('/') ? venv.path.value : `${site.instruction.state.workdir}/${venv.path.value}`);
      const copies = copiesOfPath(model, site.stage, path);
      if (!copies.length) continue;
      const flag = venv.via === 'virtualenv' ? '--always-copy' : '--copies';
      const edit: TextEdit =
        site.instruction.run?.form === 'exec'
          ? { range: { start: venv.path.range.start, end: venv.path.range.start }, newText: `"${flag}", ` }
          : { range: model.lines.rangeOf(venv.insertAt, venv.insertAt), newText: ` ${flag}` };
      findings.push({
        ruleId: 'venv-without-copies',
        message: `The virtual environment at ${path} is created without \`${flag}\` and copied out of ${stageLabel(site.stage)}: its \`python\` stays a symlink to the build image's interpreter, which the other stage may not have at the same path.`,
        range: site.command.range,
        related: copies.map((c) => ({ range: c.range, message: `copied into ${stageLabel(c.stage)} here` })),
        fixes: [{ title: `Add ${flag} to the venv`, edits: [edit], safety: 'safe' }],
        data: { path, flag },
      });
    }
    return findings;
  },
};

/** COPY --from=<source> instructions in other stages whose source path covers or lies inside the venv. */
function copiesOfPath(model: ImageModel, source: Stage, venvPath: string): Array<{ stage: Stage; range: Finding['range'] }> {
  const out: Array<{ stage: Stage; range: Finding['range'] }> = [];
  for (const { stage, instr, fromStage } of copiesFromStages(model)) {
    if (stage.index === source.index) continue;
    const fromStages = ancestryIncludes(model, fromStage, source.index);
    if (!fromStages) continue;
    const hit = instr.copy!.sources.some((s) => {
      const p = trimSlash(s.value.startsWith('/') ? s.value : `/${s.value}`);
      return p === venvPath || venvPath.startsWith(p + '/') || p === '' || p.startsWith(venvPath + '/');
    });
    if (hit) out.push({ stage, range: instr.range });
  }
  return out;
}

/** `COPY --from=<stage>` instructions in file order, gathered once per model rather than once per venv. */
const copyFromCache = new WeakMap<ImageModel, Array<{ stage: Stage; instr: Instruction; fromStage: number }>>();
function copiesFromStages(model: ImageModel): Array<{ stage: Stage; instr: Instruction; fromStage: number }> {
  let list = copyFromCache.get(model);
  if (!list) {
    list = [];
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        const from = instr.copy?.fromFlag;
        if (from && from.stageIndex !== undefined) list.push({ stage, instr, fromStage: from.stageIndex });
      }
    }
    copyFromCache.set(model, list);
  }
  return list;
}

/** Copying from a stage built on the venv's stage copies the venv too. */
function ancestryIncludes(model: ImageModel, from: number, target: number): boolean {
  let s: Stage | undefined = model.stages[from];
  const seen = new Set<number>();
  while (s && !seen.has(s.index)) {
    if (s.index === target) return true;
    seen.add(s.index);
    s = s.base.kind === 'stage' ? model.stages[s.base.stageIndex] : undefined;
  }
  return false;
}

function trimSlash(p: string): string {
  const out = p.replace(/\/+/g, '/').replace(/\/\.?$/, '');
  return out === '/' ? '' : out;
}
