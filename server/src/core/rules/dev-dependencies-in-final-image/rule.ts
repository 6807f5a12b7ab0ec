import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import { stageLabel } from '../../model/queries';
import { commandsIn, finalImageStages, runsAfter, stageChain, type CommandAt } from '../shared/image-chain';
import { insertWordsAfter, removeWord, verbWord } from '../shared/flag-edits';
import { jsBuildOf } from '../shared/js-asset-builds';
import { npmSupportsOmit, poetryInstall, versionBelow } from '../shared/tool-versions';
import { approx, layerOf, sizeData } from '../shared/size-quote';
import type { Finding, Fix, RelatedLocation, Rule, RuleContext, TextEdit } from '../types';

/** How one install would leave the dev dependencies out, and how sure we are of the spelling. */
interface Remedy {
  readonly tool: string;
  /** Short form for messages: `poetry install`, `npm ci`. */
  readonly label: string;
  /** The flag to add, or what to do instead: kept in data. */
  readonly change: string;
  /** The same as an instruction for the message: "add `--omit=dev`", "drop `--dev`". */
  readonly advice: string;
  readonly edit?: TextEdit;
  readonly safety: Fix['safety'];
  /** Arguments we cannot read (`$POETRY_OPTIONS`) may already leave dev dependencies out. */
  readonly unsure?: boolean;
  /** Only the requirements file's name says it is for development. */
  readonly byName?: boolean;
}

/** A build target meant for development is expected to carry dev dependencies. */
const DEV_TARGET = /^(dev|develop|development|test|tests|testing|ci|debug|local)$|[-_](dev|test|tests|ci)$/i;

export const devDependenciesInFinalImage: Rule = {
  meta: {
    id: 'dev-dependencies-in-final-image',
    title: 'Dev dependencies installed in the final image',
    description: 'Test runners, linters and build tooling from the dev dependency group ship in the image when the install in a final-image stage does not leave them out.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'safe',
  },
  check(ctx) {
    const { model } = ctx;
    if (model.finalStage?.name && DEV_TARGET.test(model.finalStage.name)) return [];
    const findings: Finding[] = [];
    const all = commandsIn(finalImageStages(model));
    for (const site of all) {
      const remedy = remedyFor(model, site);
      if (!remedy || prunedInSameRun(site)) continue;
      const later = all.filter((c) => runsAfter(site, c));
      const needer = remedy.tool === 'npm' || remedy.tool === 'yarn' || remedy.tool === 'pnpm' ? later.find((c) => jsBuildOf(c.command)) : later.find((c) => isPythonDevTool(c.command));
      findings.push(withCost(ctx, site, needer ? neededFinding(site, remedy, needer) : plainFinding(site, remedy)));
    }
    return findings;
  },
};

/** `npm ci && npm run build && npm prune --omit=dev`: the dev dependencies never reach a layer. */
function prunedInSameRun(site: CommandAt): boolean {
  return (site.instruction.run?.commands ?? []).some((c) => c.ordinal > site.command.ordinal && c.recognized?.tool === 'node-pm' && c.recognized.action === 'prune' && c.recognized.omitDev);
}

/**
 * The estimate sizes a Node install's whole node_modules, dev dependencies included: quoted as
 * what the install keeps in the image, which leaving the dev dependencies out shrinks.
 */
function withCost(ctx: RuleContext, site: CommandAt, f: Finding): Finding {
  const nodeModules = layerOf(ctx, site.instruction.index)?.items.find((i) => i.name.startsWith('node_modules'));
  if (!nodeModules) return f;
  return {
    ...f,
    message: `${f.message} The node_modules it installs, dev dependencies included: ${approx(nodeModules)}.`,
    data: { ...f.data, ...sizeData(nodeModules) },
  };
}

function where(stage: Stage): string {
  return stage.role === 'final' ? 'the final stage' : `${stageLabel(stage)}, which the final image is built on`;
}

function plainFinding(site: CommandAt, remedy: Remedy): Finding {
  const message = remedy.byName
    ? `\`${remedy.label}\` looks like a development requirements file, installed in ${where(site.stage)}: its packages ship in the image. ${capitalize(remedy.advice)}.`
    : remedy.unsure
      ? `\`${remedy.label}\` installs the dev dependencies in ${where(site.stage)} unless its variable arguments leave them out; make the production install the default (${remedy.advice}) and opt in to dev dependencies for test builds.`
      : `\`${remedy.label}\` installs the dev dependencies too, in ${where(site.stage)}, so they ship in the image: ${remedy.advice}.`;
  return {
    ruleId: 'dev-dependencies-in-final-image',
    message,
    range: site.command.range,
    severity: remedy.unsure || remedy.byName ? 'information' : undefined,
    fixes: remedy.edit && !remedy.unsure && !remedy.byName ? [{ title: `Leave dev dependencies out: ${remedy.change}`, edits: [remedy.edit], safety: remedy.safety }] : [],
    data: { tool: remedy.tool, change: remedy.change, unsure: !!remedy.unsure },
  };
}

/** The dev dependencies are what a later build step runs with: leaving them out would break it. */
function neededFinding(site: CommandAt, remedy: Remedy, needer: CommandAt): Finding {
  const step = stepLabel(needer.command);
  const related: RelatedLocation[] = [{ range: needer.command.range, message: `\`${step}\` needs the dev dependencies` }];
  return {
    ruleId: 'dev-dependencies-in-final-image',
    message: `\`${remedy.label}\` installs the dev dependencies (\`${step}\` needs them) in ${where(site.stage)}, so they ship in the image. Run both in a separate build stage and copy only the output (plus a production-only install, if the app needs one) into the final stage.`,
    range: site.command.range,
    severity: 'information',
    related,
    data: { tool: remedy.tool, change: remedy.change, neededBy: step, unsure: !!remedy.unsure },
  };
}

/** `npm run build`, `npx tailwindcss`, `pytest`, `poetry run mypy`: the step without its arguments. */
function stepLabel(cmd: ShellCommand): string {
  const js = jsBuildOf(cmd);
  if (js) return js.label;
  const words = [cmd.name.value, ...cmd.args.map((a) => a.value)].map((w) => w.slice(w.lastIndexOf('/') + 1));
  const tool = words.findIndex((w) => PYTHON_DEV_TOOLS.has(w));
  return words.slice(0, tool + 1).join(' ');
}

function remedyFor(model: ImageModel, site: CommandAt): Remedy | undefined {
  const { command: cmd, instruction: instr } = site;
  const r = cmd.recognized;
  if (!r) return undefined;
  const unsure = cmd.args.some((a) => a.dynamic);
  const insert = (verbs: string[], words: string[], fallbackAfterName = false): TextEdit | undefined => {
    const verb = verbWord(cmd, verbs) ?? (fallbackAfterName ? cmd.name : undefined);
    return verb ? insertWordsAfter(instr, verb, words) : undefined;
  };
  switch (r.tool) {
    case 'poetry': {
      if (r.action !== 'install' || r.noDev || r.without.includes('dev') || (r.only.length > 0 && !r.only.includes('dev'))) return undefined;
      const poetry = poetryInstall(stageChain(model, site.stage), instr);
      const old = poetry.version !== undefined && versionBelow(poetry.version, '1.2');
      const words = old ? ['--no-dev'] : ['--without', 'dev'];
      return { tool: 'poetry', label: 'poetry install', change: words.join(' '), advice: `add \`${words.join(' ')}\``, edit: insert(['install'], words), safety: poetry.installed ? 'safe' : 'suggestion', unsure };
    }
    case 'pipenv': {
      const envDev = truthy(env(instr, 'PIPENV_DEV'));
      if (r.action === 'other' || (!r.dev && !envDev)) return undefined;
      const flag = cmd.args.find((a) => a.value === '--dev' || a.value === '-d');
      const what = flag && !envDev ? flag.value : 'PIPENV_DEV';
      return { tool: 'pipenv', label: `pipenv ${r.action}`, change: `-${what}`, advice: `drop \`${what}\``, edit: flag && !envDev ? removeWord(model, cmd, flag) : undefined, safety: 'safe', unsure };
    }
    case 'uv': {
      if (r.action !== 'sync' || r.noDev || cmd.args.some((a) => a.value === '--no-default-groups') || truthy(env(instr, 'UV_NO_DEV'))) return undefined;
      return { tool: 'uv', label: 'uv sync', change: '--no-dev', advice: 'add `--no-dev`', edit: insert(['sync'], ['--no-dev']), safety: 'safe', unsure };
    }
    case 'node-pm': {
      if ((r.action !== 'install' && r.action !== 'ci') || r.global || r.packages.length || r.omitDev || productionByEnv(model, instr, cmd, r.manager)) return undefined;
      const label = `${r.manager} ${r.action === 'ci' ? 'ci' : 'install'}`;
      if (r.manager === 'npm') {
        const omit = npmSupportsOmit(stageChain(model, site.stage), instr);
        const flag = omit === false ? '--production' : '--omit=dev';
        return { tool: 'npm', label, change: flag, advice: `add \`${flag}\``, edit: insert(['ci', 'install', 'i'], [flag]), safety: omit === undefined ? 'suggestion' : 'safe', unsure };
      }
      if (r.manager === 'pnpm') return { tool: 'pnpm', label, change: '--prod', advice: 'add `--prod`', edit: insert(['install', 'i'], ['--prod'], true), safety: 'safe', unsure };
      // Yarn 2+ has no install flag for this (it uses `yarn workspaces focus --production`).
      const berry = cmd.args.some((a) => a.value === '--immutable') || siteUsesYarnBerry(site);
      return {
        tool: 'yarn',
        label,
        change: berry ? 'yarn workspaces focus --all --production' : '--production',
        advice: berry ? 'use `yarn workspaces focus --all --production` (Yarn 2+ has no install flag for it)' : 'add `--production` (Yarn 1)',
        edit: berry ? undefined : insert(['install'], ['--production'], true),
        safety: 'suggestion',
        unsure,
      };
    }
    case 'pip': {
      const dev = r.action === 'install' ? r.requirementFiles.find((f) => DEV_REQUIREMENTS.test(f.value.slice(f.value.lastIndexOf('/') + 1))) : undefined;
      if (!dev) return undefined;
      // Naming is a hint, not proof: reported at information, never rewritten.
      return { tool: 'pip', label: `pip install -r ${dev.value}`, change: 'production requirements', advice: 'install only the production requirements here, and the development ones in a test stage', safety: 'suggestion', byName: true };
    }
    default:
      return undefined;
  }
}

const DEV_REQUIREMENTS = /(^|[-_.])(dev|devel|develop|development|test|tests|testing|lint|ci)([-_.]|$)/i;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function env(instr: Instruction, name: string): string | undefined {
  return instr.state.env.get(name) ?? instr.state.args.get(name) ?? undefined;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && !/^(0|false|no|off|n|f)$/i.test(v);
}

/** NODE_ENV=production (ENV, ARG, inline or exported earlier in the RUN) and npm/yarn config variables. */
function productionByEnv(model: ImageModel, instr: Instruction, cmd: ShellCommand, manager: 'npm' | 'yarn' | 'pnpm'): boolean {
  // `export` is a declaration, not a command, for the shell parser: read the script text before the command.
  const before = instr.run ? model.text.slice(model.lines.offsetAt(instr.run.scriptRange.start), cmd.start) : '';
  const exported = (name: string): string | undefined => {
    let value: string | undefined;
    for (const m of before.matchAll(new RegExp(`\\bexport\\s+(?:[^;&|\\n]*\\s)?${name}=["']?([^\\s"';&|]*)`, 'g'))) value = m[1];
    return value;
  };
  const get = (name: string) => cmd.assignments.get(name) ?? exported(name) ?? env(instr, name);
  if (get('NODE_ENV') === 'production') return true;
  if (manager === 'npm') {
    const omit = get('NPM_CONFIG_OMIT') ?? get('npm_config_omit');
    return truthy(get('NPM_CONFIG_PRODUCTION') ?? get('npm_config_production')) || (omit !== undefined && omit.split(/[ ,]/).includes('dev'));
  }
  if (manager === 'yarn') return truthy(get('YARN_PRODUCTION') ?? get('yarn_production'));
  return false;
}

function siteUsesYarnBerry(site: CommandAt): boolean {
  return site.stage.instructions.some((i) =>
    (i.run?.commands ?? []).some((c) => (c.name.value === 'corepack' && c.args.some((a) => /^yarn@[2-9]/.test(a.value))) || (c.name.value === 'yarn' && c.args[0]?.value === 'set' && c.args[1]?.value === 'version')),
  );
}

const PYTHON_DEV_TOOLS = new Set(['pytest', 'py.test', 'tox', 'nox', 'mypy', 'ruff', 'flake8', 'black', 'pylint', 'isort', 'coverage', 'bandit']);

/** Tests and linters run during the build: they are what the dev group is for. */
function isPythonDevTool(cmd: ShellCommand): boolean {
  const words = [cmd.name.value, ...cmd.args.map((a) => a.value)].map((w) => w.slice(w.lastIndexOf('/') + 1));
  let i = 0;
  if (['poetry', 'uv', 'pipenv', 'pdm', 'hatch'].includes(words[0]) && words[1] === 'run') i = 2;
  if (/^python(\d+(\.\d+)?)?$/.test(words[i]) && words[i + 1] === '-m') i += 2;
  return PYTHON_DEV_TOOLS.has(words[i]);
}
