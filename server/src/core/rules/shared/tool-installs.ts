import { toolOfImage, toolOfInstallerUrl, toolOfOsPackage, toolOfPythonRequirement, type BuildOnlyTool } from '../../knowledge/packaging-tools';
import { rootStage } from '../../model/queries';
import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import type { Range } from '../../text/line-index';

export interface ToolInstallSite {
  readonly tool: BuildOnlyTool;
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly range: Range;
  /** How it got there, for messages: `pip install`, `apt-get install`, `n`, `COPY --from=node`. */
  readonly how: string;
}

/** Where the given stages install a build-only tool, in build order. */
export function buildToolInstalls(model: ImageModel, stages: readonly Stage[]): ToolInstallSite[] {
  const out: ToolInstallSite[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      const add = (tool: BuildOnlyTool | undefined, range: Range, how: string) => {
        if (tool) out.push({ tool, stage, instruction, range, how });
      };
      const copyFrom = instruction.copy?.fromFlag;
      if (copyFrom) {
        if (copyFrom.image) add(toolOfImage(copyFrom.image.repository), instruction.range, `COPY --from=${copyFrom.value}`);
        else if (copyFrom.stageIndex !== undefined) {
          const root = rootStage(model, model.stages[copyFrom.stageIndex]);
          const tool = root.base.kind === 'image' ? toolOfImage(root.base.ref.repository) : undefined;
          // From a node stage only the runtime's own files bring Node (not, say, built assets).
          const bringsTool = instruction.copy!.sources.some((s) => /^\/usr\/local\/(bin|lib\/node_modules)\/?|(^|\/)(node|uv|uvx)$/.test(s.value));
          if (bringsTool) add(tool, instruction.range, `COPY --from=${copyFrom.value}`);
        }
      }
      for (const command of instruction.run?.commands ?? []) {
        const r = command.recognized;
        const name = command.name.value.slice(command.name.value.lastIndexOf('/') + 1);
        if ((r?.tool === 'pip' && r.action === 'install') || (r?.tool === 'uv' && r.action === 'pip-install')) {
          for (const p of r.packages) add(toolOfPythonRequirement(p.value), p.range, r.tool === 'pip' ? 'pip install' : 'uv pip install');
        } else if (name === 'pipx' && command.args[0]?.value === 'install') {
          for (const a of command.args.slice(1)) if (!a.value.startsWith('-')) add(toolOfPythonRequirement(a.value), a.range, 'pipx install');
        } else if ((r?.tool === 'apt' || r?.tool === 'yum') && r.action === 'install') {
          for (const p of r.packages) add(toolOfOsPackage(p.value), p.range, r.tool === 'apt' ? 'apt-get install' : `${r.manager} install`);
        } else if (r?.tool === 'apk' && r.action === 'add') {
          for (const p of r.packages) add(toolOfOsPackage(p.value), p.range, 'apk add');
        } else if (r?.tool === 'node-pm' && r.global && r.action === 'install') {
          for (const p of r.packages) if (/^(n|yarn|pnpm|npm)(@|$)/.test(p.value)) add('node', p.range, `${r.manager} install -g`);
        } else if (r?.tool === 'node-version-manager') {
          add('node', command.range, r.manager);
        } else if (r?.tool === 'download-to-shell' && r.url) {
          add(toolOfInstallerUrl(r.url), downloadPipelineRange(instruction, command), `${r.downloader} | ${r.interpreter}`);
        }
      }
    }
  }
  return out;
}

/** `curl … | sh`: from the downloader to the interpreter it feeds. */
export function downloadPipelineRange(instruction: Instruction, command: ShellCommand): Range {
  const source = downloaderOf(instruction, command);
  return source ? { start: source.range.start, end: command.range.end } : command.range;
}

/** The curl/wget command whose output the interpreter reads: the command just before it in the pipeline. */
export function downloaderOf(instruction: Instruction, command: ShellCommand): ShellCommand | undefined {
  const prev = instruction.run?.commands[command.ordinal - 1];
  return prev && /(^|\/)(curl|wget)$/.test(prev.name.value) ? prev : undefined;
}
