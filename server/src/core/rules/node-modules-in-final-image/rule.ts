import { TOOL_PROGRAMS } from '../../knowledge/packaging-tools';
import { stageLabel } from '../../model/queries';
import type { Instruction, ShellCommand } from '../../model/types';
import { resolveInImage } from '../shared/container-paths';
import { commandsIn, finalImageStages, runsAfter, type CommandAt } from '../shared/image-chain';
import { jsBuildOf, nodeModulesInstallOf } from '../shared/js-asset-builds';
import { runtimeCommand, runtimeUses } from '../shared/runtime-command';
import { approx, layerOf, sizeData } from '../shared/size-quote';
import type { Finding, RelatedLocation, Rule } from '../types';

export const nodeModulesInFinalImage: Rule = {
  meta: {
    id: 'node-modules-in-final-image',
    title: 'node_modules left in the final image by an asset build',
    description: 'Building front-end assets where the app runs leaves node_modules (often hundreds of MB of build tooling) in the image, although only the built files are served.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'none',
  },
  check(ctx) {
    const { model } = ctx;
    const rt = runtimeCommand(model);
    // A Node program at run time needs its node_modules.
    if (runtimeUses(rt, TOOL_PROGRAMS.node)) return [];
    const commands = commandsIn(finalImageStages(model));
    const findings: Finding[] = [];
    const byBuild = new Map<ShellCommand, RelatedLocation[]>();
    for (const site of commands) {
      const install = nodeModulesInstallOf(site.command);
      if (!install || keptOutOfLayer(site)) continue;
      const build = commands.find((c) => runsAfter(site, c) && jsBuildOf(c.command));
      if (!build) continue;
      const created: RelatedLocation = { range: site.command.range, message: `\`${install.label}\` creates node_modules here, in ${site.stage.role === 'final' ? 'the final stage' : stageLabel(site.stage)}` };
      // Two installs feeding one build: one finding, both installs related.
      const reported = byBuild.get(build.command);
      if (reported) {
        reported.push(created);
        continue;
      }
      const buildLabel = jsBuildOf(build.command)!.label;
      const later = commands.filter((c) => runsAfter(site, c) && c.instruction !== site.instruction && removesNodeModules(c.command));
      const related: RelatedLocation[] = [
        created,
        ...later.map((c) => ({ range: c.command.range, message: 'removing it in a later layer does not make the image smaller: the earlier layer still holds it' })),
      ];
      byBuild.set(build.command, related);
      const nodeModules = layerOf(ctx, site.instruction.index)?.items.find((i) => i.name.startsWith('node_modules'));
      findings.push({
        ruleId: 'node-modules-in-final-image',
        message: `\`${buildLabel}\` builds front-end assets in a stage that ends up in the final image, so the node_modules that \`${install.label}\` created stays in the image${nodeModules ? ` (${approx(nodeModules)})` : ''}. Build the assets in a separate stage and \`COPY --from\` only the built files.`,
        range: build.command.range,
        severity: rt.inherited || rt.runsScript ? 'information' : undefined,
        related,
        data: { install: install.label, build: buildLabel, removedLater: later.length > 0, ...(nodeModules ? sizeData(nodeModules) : {}) },
      });
    }
    return findings;
  },
};

/** node_modules on a cache/tmpfs mount, or removed by the same RUN, never reaches a layer. */
function keptOutOfLayer(site: CommandAt): boolean {
  const instr: Instruction = site.instruction;
  const mounted = (instr.run?.mounts ?? []).some((m) => m.type !== 'bind' && m.target !== undefined && /(^|\/)node_modules\/?$/.test(resolveInImage(instr.state.workdir, m.target)));
  const removed = (instr.run?.commands ?? []).some((c) => c.ordinal > site.command.ordinal && removesNodeModules(c));
  return mounted || removed;
}

function removesNodeModules(cmd: ShellCommand): boolean {
  return cmd.recognized?.tool === 'rm' && cmd.recognized.paths.some((p) => /(^|\/)node_modules\/?$/.test(p.value));
}
