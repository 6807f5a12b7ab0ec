import { isBuildTool, stripVersion } from '../../knowledge/build-tools';
import { ancestry } from '../../model/stage-graph';
import { stageLabel } from '../../model/queries';
import type { RelatedLocation } from '../types';
import type { Finding, Rule } from '../types';
import { listNames } from '../build-tools-in-final-image/rule';

export const finalStageInheritsBuildStage: Rule = {
  meta: {
    id: 'final-stage-inherits-build-stage',
    title: 'Final stage built on a build stage',
    description: '`FROM <build stage>` keeps every layer of that stage, toolchain included; a fresh runtime base with COPY --from keeps only the results.',
    defaultSeverity: 'warning',
    category: 'multi-stage',
    fixable: 'none',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final || final.base.kind !== 'stage') return [];
    const tools: string[] = [];
    const related: RelatedLocation[] = [];
    for (const index of ancestry(model.stages, final.index).slice(1)) {
      const stage = model.stages[index];
      for (const instr of stage.instructions) {
        for (const cmd of instr.run?.commands ?? []) {
          const r = cmd.recognized;
          let found: string[] = [];
          if ((r?.tool === 'apt' && r.action === 'install') || (r?.tool === 'apk' && r.action === 'add') || (r?.tool === 'yum' && r.action === 'install')) {
            found = r.packages.filter((p) => isBuildTool(p.value)).map((p) => stripVersion(p.value));
          } else if (r?.tool === 'node-pm' && (r.action === 'install' || r.action === 'ci') && !r.global) {
            found = ['node_modules'];
          } else if (r?.tool === 'node-version-manager') {
            found = [`node (${r.manager})`];
          }
          if (found.length) {
            tools.push(...found.filter((f) => !tools.includes(f)));
            related.push({ range: cmd.range, message: `${stageLabel(stage)} installs ${found.join(', ')} here` });
          }
        }
      }
    }
    if (!tools.length) return [];
    const parent = model.stages[final.base.stageIndex];
    const finding: Finding = {
      ruleId: 'final-stage-inherits-build-stage',
      message: `The final stage is built on ${stageLabel(parent)}, so the image keeps everything it installed: ${listNames(tools)}. Start the final stage from a runtime base and COPY --from the results instead.`,
      range: final.base.range,
      related,
      data: { parent: parent.index, tools },
    };
    return [finding];
  },
};
