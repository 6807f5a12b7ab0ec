import { TOOL_PROGRAMS, type BuildOnlyTool } from '../../knowledge/packaging-tools';
import { rootStage, stageLabel } from '../../model/queries';
import type { ImageModel, ShellCommand, Stage } from '../../model/types';
import { commandsIn, finalImageStages, type CommandAt } from '../shared/image-chain';
import { djangoTailwind, jsBuildOf } from '../shared/js-asset-builds';
import { runtimeCommand, runtimeUses, type RuntimeCommand } from '../shared/runtime-command';
import { buildToolInstalls, type ToolInstallSite } from '../shared/tool-installs';
import type { Finding, RelatedLocation, Rule } from '../types';

const NAMES: Readonly<Record<BuildOnlyTool, string>> = { poetry: 'Poetry', pipenv: 'Pipenv', 'pip-tools': 'pip-tools', uv: 'uv', node: 'Node.js' };

export const buildOnlyToolInFinalImage: Rule = {
  meta: {
    id: 'build-only-tool-in-final-image',
    title: 'Build-only tool in the final image',
    description: 'Poetry, Pipenv, pip-tools, uv, or Node.js used only for a Python app\'s asset build, installed where the app runs: they ship in the image although the container never calls them.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'none',
  },
  check({ model }) {
    const stages = finalImageStages(model);
    const installs = buildToolInstalls(model, stages);
    if (!installs.length) return [];
    const rt = runtimeCommand(model);
    const commands = commandsIn(stages);
    const python = isPythonApp(model, stages, commands, rt);
    const findings: Finding[] = [];
    const seen = new Set<BuildOnlyTool>();
    for (const site of installs) {
      if (seen.has(site.tool)) continue;
      seen.add(site.tool);
      // Node.js is a build-only tool only for an app that runs something else.
      if (site.tool === 'node' && !python) continue;
      if (runtimeUses(rt, TOOL_PROGRAMS[site.tool])) continue;
      const uses = commands.filter((c) => c.instruction.index >= site.instruction.index && uses_(c.command, site.tool));
      findings.push(finding(model, site, uses, rt));
    }
    return findings;
  },
};

function finding(model: ImageModel, site: ToolInstallSite, uses: readonly CommandAt[], rt: RuntimeCommand): Finding {
  const name = NAMES[site.tool];
  const where = site.stage.role === 'final' ? 'the final stage' : `${stageLabel(site.stage)}, which the final image is built on,`;
  // The container may still call it through a script we cannot read, or the base image's command.
  const sure = uses.length > 0 && !rt.runsScript && !rt.inherited;
  const usedFor = site.tool === 'node' ? 'to build front-end assets' : 'to install dependencies';
  const remedy =
    site.tool === 'node'
      ? 'Build the assets in a `node:<version>-slim` stage and `COPY --from` only the built files.'
      : `Use ${name} in a build stage and copy only what it produced (the virtual environment or installed packages).`;
  const doubt = rt.runsScript ? ' (unless the start script calls it)' : rt.inherited ? ' (the image has no CMD or ENTRYPOINT of its own)' : uses.length ? '' : ' (the Dockerfile never uses it)';
  const related: RelatedLocation[] = [
    ...uses.slice(0, 3).map((u) => ({ range: u.command.range, message: `${name} is used here, at build time` })),
    ...rt.instructions.map((i) => ({ range: i.range, message: `the container runs this${rt.runsScript ? ' script' : ''}, not ${name}` })),
  ];
  return {
    ruleId: 'build-only-tool-in-final-image',
    message: `${name} is installed in ${where} but only used ${usedFor}; the container never runs it${doubt}. ${remedy}`,
    range: site.range,
    severity: sure ? undefined : 'information',
    related,
    data: { tool: site.tool, installedBy: site.how, uses: uses.length },
  };
}

/** Does this command use the tool (run it, or run something it installed)? */
function uses_(cmd: ShellCommand, tool: BuildOnlyTool): boolean {
  const r = cmd.recognized;
  const name = cmd.name.value.slice(cmd.name.value.lastIndexOf('/') + 1);
  switch (tool) {
    case 'poetry':
      return r?.tool === 'poetry';
    case 'pipenv':
      return r?.tool === 'pipenv' || name === 'pipenv';
    case 'uv':
      return r?.tool === 'uv' || (r?.tool === 'venv' && r.via === 'uv') || name === 'uvx';
    case 'pip-tools':
      return TOOL_PROGRAMS['pip-tools'].includes(name);
    case 'node':
      return (r?.tool === 'node-pm' && !r.global) || jsBuildOf(cmd) !== undefined || djangoTailwind(cmd) !== undefined || name === 'node' || name === 'npx';
  }
}

/** A Python image, Python tooling in the stages, or a Python server as the command. */
function isPythonApp(model: ImageModel, stages: readonly Stage[], commands: readonly CommandAt[], rt: RuntimeCommand): boolean {
  const root = stages.length ? rootStage(model, stages[stages.length - 1]) : undefined;
  if (root?.base.kind === 'image' && /(^|\/)python/.test(root.base.ref.repository)) return true;
  if (commands.some((c) => ['pip', 'poetry', 'pipenv', 'uv', 'venv'].includes(c.command.recognized?.tool ?? ''))) return true;
  return runtimeUses(rt, ['python', 'python3', 'gunicorn', 'uvicorn', 'uwsgi', 'daphne', 'hypercorn', 'celery']);
}
