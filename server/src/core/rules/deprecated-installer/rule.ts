import { toolOfPythonRequirement } from '../../knowledge/packaging-tools';
import type { ImageModel, Instruction, ShellCommand, Stage, Word } from '../../model/types';
import { commandsIn } from '../shared/image-chain';
import { runtimeCommand, runtimeUses } from '../shared/runtime-command';
import { downloaderOf, downloadPipelineRange } from '../shared/tool-installs';
import type { Finding, Fix, RelatedLocation, Rule, TextEdit } from '../types';

const POETRY_INSTALLER = 'https://install.python-poetry.org';
/** Poetry's old installers, removed from its repository: the URLs now return 404 and the build fails. */
const REMOVED_POETRY_INSTALLER = /(^|\/)(get-poetry|install-poetry)\.py(\?|$)/;

export const deprecatedInstaller: Rule = {
  meta: {
    id: 'deprecated-installer',
    title: 'Deprecated or unsupported way of installing a tool',
    description: "Poetry's removed get-poetry.py installer, Node.js downloaded at build time with `n`/`nvm`, and `pip install poetry` into the runtime image: ways of installing tools that break builds or the app's environment.",
    defaultSeverity: 'warning',
    category: 'correctness',
    fixable: 'suggestion',
  },
  check({ model }) {
    const findings: Finding[] = [];
    // The build never runs stages the target does not need.
    const built = model.stages.filter((s) => s.role !== 'unused');
    for (const { stage, instruction, command } of commandsIn(built)) {
      const r = command.recognized;
      if (r?.tool === 'download-to-shell' && r.url && REMOVED_POETRY_INSTALLER.test(r.url.split('#')[0])) {
        findings.push(removedPoetryInstaller(model, stage, instruction, command, r.url));
      } else if (r?.tool === 'node-version-manager') {
        findings.push(nodeDownload(stage, command, r.manager, r.version));
      }
    }
    findings.push(...pipPoetryInRuntime(model));
    return findings;
  },
};

function removedPoetryInstaller(model: ImageModel, stage: Stage, instr: Instruction, cmd: ShellCommand, url: string): Finding {
  const related: RelatedLocation[] = stage.instructions
    .filter((i) => i.keyword === 'ENV' && (i.properties ?? []).some((p) => p.name === 'PATH' && /\.poetry\/bin/.test(p.value ?? '')))
    .map((i) => ({ range: i.range, message: 'the new installer puts `poetry` in $POETRY_HOME/bin (without POETRY_HOME: ~/.local/bin), not ~/.poetry/bin: update PATH' }));
  const fix = rewriteInstaller(model, instr, cmd, url);
  return {
    ruleId: 'deprecated-installer',
    message: `\`${url.slice(url.lastIndexOf('/') + 1)}\` was Poetry's old installer and has been removed: the download fails and so does the build. Use \`curl -sSL ${POETRY_INSTALLER} | python3 -\` (it honours POETRY_VERSION and POETRY_HOME) or \`pipx install poetry\`.`,
    range: downloadPipelineRange(instr, cmd),
    related,
    fixes: fix ? [fix] : [],
    data: { installer: 'get-poetry.py', url },
  };
}

/** The URL becomes the official installer's and the interpreter `python3 -`, other arguments kept. */
function rewriteInstaller(model: ImageModel, instr: Instruction, cmd: ShellCommand, url: string): Fix | undefined {
  const source = downloaderOf(instr, cmd);
  const urlWord = source?.args.find((a) => a.value === url);
  if (!urlWord || urlWord.dynamic || instr.run?.form === 'exec') return undefined;
  const readsStdin = cmd.args[0]?.value === '-';
  const edits: TextEdit[] = [
    { range: urlWord.range, newText: quoteLike(model, urlWord, POETRY_INSTALLER) },
    { range: cmd.name.range, newText: readsStdin ? 'python3' : 'python3 -' },
  ];
  return { title: `Use the official installer (${POETRY_INSTALLER})`, edits, safety: 'suggestion' };
}

function quoteLike(model: ImageModel, word: Word, value: string): string {
  const first = model.text[model.lines.offsetAt(word.range.start)];
  return first === '"' || first === "'" ? `${first}${value}${first}` : value;
}

function nodeDownload(stage: Stage, cmd: ShellCommand, manager: 'n' | 'nvm', version: string | undefined): Finding {
  const image = `node:${version && /^v?\d/.test(version) ? version.replace(/^v/, '') : '<version>'}-slim`;
  const related: RelatedLocation[] = stage.instructions.flatMap((i) =>
    (i.run?.commands ?? [])
      .filter((c) => c.recognized?.tool === 'node-pm' && c.recognized.global && c.recognized.packages.some((p) => p.value === manager || p.value.startsWith(`${manager}@`)))
      .map((c) => ({ range: c.range, message: `\`${manager}\` itself is installed here` })),
  );
  return {
    ruleId: 'deprecated-installer',
    message: `\`${manager === 'n' ? 'n' : 'nvm install'}${version ? ` ${version}` : ''}\` downloads Node.js from the internet while the image builds, unpinned by digest and on top of any Node.js already installed. Use the \`${image}\` image as a stage and \`COPY --from\` what you need (or build the assets there).`,
    range: cmd.range,
    related,
    data: { installer: manager, version: version ?? '', image },
  };
}

/**
 * `pip install poetry` into the runtime image mixes Poetry's own dependencies into the app's
 * environment, and Poetry then stays for no reason when it only installs dependencies.
 */
function pipPoetryInRuntime(model: ImageModel): Finding[] {
  const final = model.finalStage;
  if (!final) return [];
  const rt = runtimeCommand(model);
  if (runtimeUses(rt, ['poetry'])) return [];
  const commands = commandsIn([final]);
  const poetryUses = commands.filter((c) => c.command.recognized?.tool === 'poetry');
  if (!poetryUses.length || poetryUses.some((c) => isRunCommand(c.command))) return [];
  const out: Finding[] = [];
  for (const { command } of commands) {
    const r = command.recognized;
    if (r?.tool !== 'pip' || r.action !== 'install' || inOwnVirtualenv(r.executable)) continue;
    const word = r.packages.find((p) => toolOfPythonRequirement(p.value) === 'poetry');
    if (!word) continue;
    out.push({
      ruleId: 'deprecated-installer',
      message: `\`pip install poetry\` puts Poetry and its own dependencies into the runtime image's Python environment, next to the app's packages, which Poetry's documentation advises against; here Poetry only installs dependencies. Install it with \`pipx\` or the official installer in a build stage and copy the resulting virtual environment into the final stage.`,
      range: word.range,
      related: poetryUses.slice(0, 3).map((c) => ({ range: c.command.range, message: 'Poetry is only used here, to install' })),
      data: { installer: 'pip install poetry' },
    });
  }
  return out;
}

function isRunCommand(cmd: ShellCommand): boolean {
  const operand = cmd.args.find((a) => !a.value.startsWith('-'));
  return operand?.value === 'run' || operand?.value === 'shell';
}

/** `/opt/poetry/bin/pip install poetry` is the documented manual install into a dedicated venv. */
function inOwnVirtualenv(executable: string): boolean {
  return executable.includes('/') && !/^\/(usr\/(local\/)?)?bin\//.test(executable);
}
