import type { ImageModel, Instruction, Stage } from '../../model/types';
import { ancestry } from '../../model/stage-graph';
import { appendAfterCommand, insertInstructionFlag, insertOptionAfter } from '../shared/insertions';
import { cacheDisposed, cacheUseOf, type CacheTool, type CacheUse } from '../shared/package-caches';
import { approx, layerOf, sizeData } from '../shared/size-quote';
import type { Finding, Fix, Rule, RuleContext } from '../types';

const LABEL: Record<CacheTool, string> = {
  pip: 'pip install',
  apk: 'apk add',
  npm: 'npm install',
  yarn: 'yarn install',
  poetry: 'poetry install',
  uv: 'uv pip install',
  yum: 'yum install',
  dnf: 'dnf install',
};

function label(use: CacheUse): string {
  if (use.tool === 'uv' && use.command.args.some((a) => a.value === 'sync')) return 'uv sync';
  if (use.tool === 'npm' && use.command.args.some((a) => a.value === 'ci')) return 'npm ci';
  return LABEL[use.tool];
}

export const packageCacheKept: Rule = {
  meta: {
    id: 'package-cache-kept',
    title: 'Package manager cache kept in the layer',
    description: 'pip, apk, npm, yarn, poetry, uv, yum and dnf keep downloaded packages in a cache that nothing reads at run time; left in a layer of the final image it is dead weight.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'safe',
    hadolint: ['DL3042', 'DL3019', 'DL3060', 'DL3032', 'DL3040'],
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (!stage.inFinalImage) continue;
      for (const instr of stage.instructions) {
        if (!instr.run) continue;
        // Tools emptied by a separate command get one finding per RUN: one clean-up clears them all.
        const reported = new Set<CacheTool>();
        for (const cmd of instr.run.commands) {
          const use = cacheUseOf(instr, cmd);
          if (!use || cacheDisposed(instr, use)) continue;
          if (use.cleanCommand && reported.has(use.tool)) continue;
          if (use.tool === 'pip' && pipConfiguredNoCache(model, stage, instr)) continue;
          if (use.tool === 'yarn' && yarnBerry(model)) continue;
          reported.add(use.tool);
          findings.push(finding(ctx, model, stage, instr, use));
        }
      }
    }
    return findings;
  },
};

function finding(ctx: RuleContext, model: ImageModel, stage: Stage, instr: Instruction, use: CacheUse): Finding {
  const where = use.dir ?? `~/${use.homeRelative}`;
  const fixes: Fix[] = [];
  if (use.flag && !(use.tool === 'poetry' && poetryPredatesNoCache(model))) {
    fixes.push({ title: `Add ${use.flag.text}`, edits: [insertOptionAfter(instr, use.flag.after, use.flag.text)], safety: 'safe' });
  }
  if (use.cleanCommand) {
    const sameTool = instr.run!.commands.filter((c) => cacheUseOf(instr, c)?.tool === use.tool);
    const edit = appendAfterCommand(model, instr, sameTool[sameTool.length - 1], use.cleanCommand);
    if (edit) fixes.push({ title: `Run \`${use.cleanCommand}\` in the same RUN`, edits: [edit], safety: 'safe' });
  }
  // A cache mount is root's unless told otherwise, and yum's cache moved with dnf: mount only where it is sure.
  // poetry keeps its virtualenvs inside its cache dir unless told otherwise: mounted, they would leave the image.
  if (use.dir && use.root && use.tool !== 'yum' && !(use.tool === 'poetry' && !poetryVenvOutsideCache(model, stage, instr))) {
    fixes.push({
      title: `Keep ${use.dir} on a cache mount instead (BuildKit only)`,
      edits: [insertInstructionFlag(instr, `--mount=type=cache,target=${use.dir}`)],
      safety: 'suggestion',
    });
  }
  const unsure = use.tool === 'pip' && pipConfigFromFile(model, stage, instr);
  // The estimate sizes the Python tools' caches: "pip cache (~/.cache/pip)", "uv cache (~/.cache/uv)".
  const cache = layerOf(ctx, instr.index)?.items.find((i) => i.name.startsWith(`${use.tool} cache`));
  return {
    ruleId: 'package-cache-kept',
    message: `\`${label(use)}\` leaves its download cache in ${where} in this layer of the final image${unsure ? ' (unless a pip configuration file turns the cache off)' : ''}${cache ? `: ${approx(cache)}` : ''}.`,
    range: use.command.range,
    severity: unsure ? 'information' : undefined,
    related: [{ range: stage.from.range, message: stage.role === 'final' ? 'the final image is this stage' : 'the final image is built on this stage' }],
    fixes,
    data: { tool: use.tool, cacheDir: where, ...(cache ? sizeData(cache) : {}) },
  };
}

function earlierInstructions(model: ImageModel, stage: Stage, before: Instruction): Instruction[] {
  const chain = ancestry(model.stages, stage.index).map((i) => model.stages[i]);
  return chain.flatMap((s) => s.instructions).filter((i) => i.index < before.index);
}

/** `pip config set global.no-cache-dir ...` or a written pip.conf saying so: the cache is off. */
function pipConfiguredNoCache(model: ImageModel, stage: Stage, instr: Instruction): boolean {
  // `global.no-cache-dir` (pip config) or `no-cache-dir = ...` (a pip.conf line), not the --no-cache-dir option.
  return earlierInstructions(model, stage, instr).some((i) => i.run && /\.no-cache-dir\b|(^|[\s"'\]]|\\n)no[-_]cache[-_]dir\s*=/im.test(i.run.script));
}

/** A pip.conf copied in or pointed at may turn the cache off where the model cannot see. */
function pipConfigFromFile(model: ImageModel, stage: Stage, instr: Instruction): boolean {
  if (instr.state.env.has('PIP_CONFIG_FILE')) return true;
  return earlierInstructions(model, stage, instr).some(
    (i) => i.copy && [...i.copy.sources, ...(i.copy.destination ? [i.copy.destination] : [])].some((w) => /pip\.(conf|ini)$/.test(w.value)),
  );
}

/** poetry gained `--no-cache` in 1.2; a Dockerfile pinning an older poetry would break with it. */
function poetryPredatesNoCache(model: ImageModel): boolean {
  const pins = model.text.matchAll(/poetry(?:==|@|[_-]version[=:\s]+["']?)v?(\d+)\.(\d+)/gi);
  for (const m of pins) if (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 2)) return true;
  return false;
}

/** Yarn 2+ with Plug'n'Play loads packages from its cache: cleaning it would break the app. */
function yarnBerry(model: ImageModel): boolean {
  return /\.yarnrc\.yml|--immutable|corepack|yarn set version|\.yarn\/(cache|releases)|YARN_ENABLE_GLOBAL_CACHE|nodeLinker/.test(model.text);
}

/** In-project venvs, no venvs, or venvs placed elsewhere: poetry's cache dir then holds only downloads. */
function poetryVenvOutsideCache(model: ImageModel, stage: Stage, instr: Instruction): boolean {
  const env = instr.state.env;
  if (/^(1|true)$/i.test(env.get('POETRY_VIRTUALENVS_IN_PROJECT') ?? '') || /^(0|false)$/i.test(env.get('POETRY_VIRTUALENVS_CREATE') ?? '')) return true;
  if (env.has('POETRY_VIRTUALENVS_PATH')) return true;
  const scripts = [...earlierInstructions(model, stage, instr), instr].map((i) => i.run?.script ?? '');
  return scripts.some((s) => /virtualenvs\.(in-project\s+true|create\s+false|path\s)/.test(s));
}
