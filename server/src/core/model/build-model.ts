import { DockerfileParser, type Instruction as AstInstruction, type Flag as AstFlag } from 'dockerfile-ast';
import { LineIndex, type Range } from '../text/line-index';
import { buildScriptSource, concatScriptSources, toDocumentEnd, verbatimScriptSource, type ScriptSource } from '../shell/script-source';
import type { ScriptCommand, ScriptWord } from '../shell/commands';
import type { RecognizedCommand } from '../shell/recognized';
import { recognize } from '../shell/recognizers';
import { analyseScript } from '../shell/script-memo';
import type { ShellParser } from '../shell/syntax';
import { parseImageRef } from './image-ref';
import { assignRoles } from './stage-graph';
import { LayeredMap } from './layered-map';
import { normalizePath } from './image-paths';
import { substitute } from './variables';
import { isStateful, keptComments, moved, planReuse, rememberForReuse, type ReusePlan } from './reuse';
import type {
  BuildState,
  Comment,
  CopyDetails,
  ImageModel,
  Instruction,
  InstructionFlag,
  KeyValue,
  ModelOptions,
  ModelProblem,
  Mount,
  RunDetails,
  ShellCommand,
  Stage,
  StageBase,
  Word,
} from './types';

/** RUN scripts longer than this are not shell-parsed: the cost would stall typing for no useful finding. */
export const MAX_SCRIPT_LENGTH = 200_000;

// On a line of its own, blanks allowed around; a line break never (hence [^\S\r\n] for blanks).
const TARGET_PRAGMA = /^[^\S\r\n]*#[^\S\r\n]*dockerlean[^\S\r\n]+target[^\S\r\n]*=[^\S\r\n]*([A-Za-z0-9_.-]+)/gim;

/** Parses a Dockerfile into a model of the image it builds. Never throws on malformed input. */
export function buildModel(text: string, shell: ShellParser, options: ModelOptions = {}, previous?: ImageModel): ImageModel {
  const lines = new LineIndex(text);
  const optionsKey = keyOf(options);
  const plan = previous ? planReuse(previous, text, lines, optionsKey, MAX_SCRIPT_LENGTH) : undefined;
  const parts = plan && parseRegion(plan, text, lines);
  return parts ? assemble(text, lines, shell, options, optionsKey, parts) : buildWhole(text, lines, shell, options, optionsKey);
}

/** What a model is built from: an instruction dockerfile-ast just parsed, or one kept from the previous version. */
type Source =
  | { readonly node: AstInstruction }
  | { readonly kept: Instruction; readonly problems?: readonly ModelProblem[]; readonly stage?: Stage };

interface Parts {
  readonly escapeChar: string;
  readonly comments: readonly Comment[];
  readonly sources: readonly Source[];
  readonly problems: ModelProblem[];
  readonly partial: boolean;
}

function buildWhole(text: string, lines: LineIndex, shell: ShellParser, options: ModelOptions, optionsKey: string): ImageModel {
  const problems: ModelProblem[] = [];
  const analysed = analysedPart(text);
  const cut = cutAfterInstructionLimit(analysed);
  let ast = DockerfileParser.parse(textForAst(cut ?? analysed));
  if (cut && ast.getInstructions().length <= MAX_ANALYSED_INSTRUCTIONS) ast = DockerfileParser.parse(textForAst(analysed));
  const nodes = ast.getInstructions();
  nodes.forEach(readArgumentsOnce);
  const capped = nodes.length > MAX_ANALYSED_INSTRUCTIONS;
  if (analysed.length < text.length || capped) {
    const end = capped ? lines.offsetAt(nodes[MAX_ANALYSED_INSTRUCTIONS].getRange().start) : analysed.length;
    problems.push({
      message: `This Dockerfile is too large to analyse whole (${capped ? `over ${MAX_ANALYSED_INSTRUCTIONS} instructions` : `over ${MAX_ANALYSED_LENGTH} characters`}): dockerlean analyses it up to line ${lines.positionAt(end).line} and ignores the rest.`,
      range: lines.rangeOf(0, lines.lineEnd(0)),
      severity: 'information',
    });
  }
  // Comments past the instructions analysed are left out with them (the text may have been cut there).
  const stopLine = capped ? nodes[MAX_ANALYSED_INSTRUCTIONS].getRange().start.line : Infinity;
  const parts: Parts = {
    escapeChar: ast.getEscapeCharacter() || '\\',
    comments: ast
      .getComments()
      .map((c) => ({ text: c.getContent(), range: c.getRange() }))
      .filter((c) => c.range.start.line < stopLine),
    sources: (capped ? nodes.slice(0, MAX_ANALYSED_INSTRUCTIONS) : nodes).map((node) => ({ node })),
    problems,
    partial: analysed.length < text.length || capped,
  };
  return assemble(text, lines, shell, options, optionsKey, parts);
}

/**
 * The new text from the previous model: its instructions before and after the edit, and the
 * edited slice parsed alone. Undefined (build it whole) when the slice does not parse into
 * instructions that end exactly where the kept ones begin, or when it holds a FROM or an
 * instruction that changes the build state: the kept instructions read that state.
 */
function parseRegion(plan: ReusePlan, text: string, lines: LineIndex): Parts | undefined {
  const ast = DockerfileParser.parse(plan.regionSource);
  if ((ast.getEscapeCharacter() || '\\') !== plan.previous.escapeChar) return undefined;
  const nodes = ast.getInstructions();
  const startLine = lines.positionAt(plan.regionStart).line;
  if (plan.sentinel) {
    const last = nodes.pop();
    const at = last?.getRange().start;
    if (!last || !at || at.line !== plan.sentinel.line || at.character !== plan.sentinel.character) return undefined;
    if (last.getKeyword().toUpperCase() !== plan.suffix[0].keyword) return undefined;
  }
  if (nodes.some((n) => n.getRange().start.line < startLine || isStateful(n.getKeyword().toUpperCase()))) return undefined;
  nodes.forEach(readArgumentsOnce);
  if (plan.prefix.length + nodes.length + plan.suffix.length > MAX_ANALYSED_INSTRUCTIONS || text.length > MAX_ANALYSED_LENGTH) return undefined;
  const endLine = plan.sentinel ? plan.sentinel.line : lines.lineCount;
  const kept = keptComments(plan, startLine, endLine);
  const regionComments = ast
    .getComments()
    .map((c) => ({ text: c.getContent(), range: c.getRange() }))
    .filter((c) => c.range.start.line >= startLine && c.range.start.line < endLine);
  const problemsOf = (i: Instruction) => plan.record.instructionProblems[i.index];
  return {
    escapeChar: plan.previous.escapeChar,
    comments: [...kept.before, ...regionComments, ...kept.after],
    sources: [
      ...plan.prefix.map((kept) => ({ kept, problems: problemsOf(kept), stage: stageOf(plan.previous, kept, 0, 0) })),
      ...nodes.map((node) => ({ node })),
      ...plan.suffix.map((i) => ({
        kept: moved(i, plan.lineDelta, plan.offsetDelta),
        problems: moved(problemsOf(i), plan.lineDelta, plan.offsetDelta),
        stage: stageOf(plan.previous, i, plan.lineDelta, plan.offsetDelta),
      })),
    ],
    problems: [],
    partial: false,
  };
}

/**
 * dockerlean reads an instruction's arguments, flags, properties and JSON form, and dockerfile-ast
 * splits the instruction's text into arguments again, character by character, for each of them
 * (that was most of building a model beyond the parse). The split is kept per instruction: a copy
 * is handed out each time, since dockerfile-ast's flag handling shifts the array it gets.
 */
function readArgumentsOnce(node: AstInstruction): void {
  const own = node as unknown as { getRawArguments: () => unknown[] };
  const split = own.getRawArguments.bind(node);
  let kept: unknown[] | undefined;
  own.getRawArguments = () => (kept ??= split()).slice();
}

function keyOf(options: ModelOptions): string {
  return JSON.stringify([options.target ?? null, [...(options.buildArgs ?? new Map())]]);
}

function assemble(text: string, lines: LineIndex, shell: ShellParser, options: ModelOptions, optionsKey: string, parts: Parts): ImageModel {
  const { escapeChar, problems } = parts;
  const buildArgs = options.buildArgs ?? new Map<string, string>();
  let pragmaTarget: string | undefined;
  for (const m of text.matchAll(TARGET_PRAGMA)) pragmaTarget = m[1];

  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const instructions: Instruction[] = [];
  const stageInstructions: Instruction[][] = [];
  /** Each stage's state after its last instruction so far: what a `FROM <stage>` inherits. */
  const stageEndStates: BuildState[] = [];
  const instructionProblems: Array<readonly ModelProblem[] | undefined> = [];
  let state: BuildState = emptyState();
  let current: Stage | undefined;

  for (const source of parts.sources) {
    const index = instructions.length;
    const before = problems.length;
    const keyword = 'node' in source ? source.node.getKeyword().toUpperCase() : source.kept.keyword;
    if ('kept' in source && source.problems) problems.push(...source.problems);
    if (keyword === 'FROM') {
      const stage = 'node' in source ? startStage(source.node, stages, globalArgs, buildArgs, escapeChar, index, problems) : { ...source.stage!, from: { ...source.kept, index } };
      const base = stage.base;
      const parent = base.kind === 'stage' ? stages[base.stageIndex] : undefined;
      // A stage built on another inherits its ENV, WORKDIR and USER; ARGs never cross a FROM.
      state = parent ? inheritState(stageEndStates[parent.index]) : emptyState();
      const withState: Stage = { ...stage, from: { ...stage.from, state } };
      stages.push(withState);
      stageEndStates.push(state);
      stageInstructions.push([withState.from]);
      instructions.push(withState.from);
      instructionProblems.push(problems.length > before ? problems.slice(before) : undefined);
      current = withState;
      continue;
    }
    const stageIndex = current ? current.index : -1;
    const stage = current ? stages[current.index] : undefined;
    const instr =
      'node' in source
        ? buildInstruction(source.node, keyword, index, stageIndex, state, text, lines, escapeChar, shell, stages, problems)
        : { ...source.kept, index, stageIndex, state };
    if (stage) for (const from of stagesReadBy(instr)) if (!stage.copiesFrom.includes(from)) stage.copiesFrom.push(from);
    instructions.push(instr);
    instructionProblems.push(problems.length > before ? problems.slice(before) : undefined);
    if (current) stageInstructions[current.index].push(instr);
    if (keyword === 'ARG' && !current) {
      for (const p of instr.properties ?? []) globalArgs.set(p.name, buildArgs.get(p.name) ?? p.value);
    }
    state = nextState(state, instr, globalArgs, buildArgs, escapeChar);
    if (current) stageEndStates[current.index] = state;
  }

  const finalStages: Stage[] = stages.map((s, i) => ({ ...s, instructions: stageInstructions[i] }));
  let targetName = options.target ?? pragmaTarget;
  let targetSource: ImageModel['target']['source'] = options.target ? 'option' : pragmaTarget ? 'pragma' : 'last-stage';
  let finalIndex: number | undefined = finalStages.length ? finalStages.length - 1 : undefined;
  if (targetName) {
    const found = finalStages.find((s) => s.name?.toLowerCase() === targetName!.toLowerCase());
    if (found) finalIndex = found.index;
    else {
      problems.push({
        message: `Build target "${targetName}" is not a stage of this Dockerfile; judging the last stage instead.`,
        range: lines.rangeOf(0, 0),
        severity: 'warning',
      });
      targetName = undefined;
      targetSource = 'last-stage';
    }
  }
  assignRoles(finalStages, finalIndex);
  const fromOf = new Map(finalStages.map((s) => [s.from.index, s.from]));
  const model: ImageModel = {
    text,
    lines,
    escapeChar,
    globalArgs,
    instructions: instructions.map((i) => (i.keyword === 'FROM' ? fromOf.get(i.index)! : i)),
    stages: finalStages,
    comments: parts.comments,
    finalStage: finalIndex === undefined ? undefined : finalStages[finalIndex],
    target: { name: targetName ?? (finalIndex !== undefined ? finalStages[finalIndex].name : undefined), source: targetSource },
    problems,
  };
  rememberForReuse(model, { optionsKey, instructionProblems, partial: parts.partial });
  return model;
}

/** Stages an instruction reads from: `COPY --from`, `RUN --mount=from=`. */
function stagesReadBy(i: Instruction): number[] {
  const out: number[] = [];
  for (const m of i.run?.mounts ?? []) if (m.fromStage !== undefined) out.push(m.fromStage);
  if (i.copy?.fromFlag?.stageIndex !== undefined) out.push(i.copy.fromFlag.stageIndex);
  return out;
}

/**
 * The stage a kept FROM instruction starts, as the previous model had it (moved along): only
 * stateless instructions were re-parsed, so its name, base and index are what they were. What
 * the assembly fills in again (its instructions, the stages it reads, its role) starts empty.
 */
function stageOf(previous: ImageModel, i: Instruction, lineDelta: number, offsetDelta: number): Stage | undefined {
  if (i.keyword !== 'FROM') return undefined;
  const { from: _from, instructions: _instructions, ...rest } = previous.stages[i.stageIndex];
  return { ...moved(rest, lineDelta, offsetDelta), from: i, instructions: [], copiesFrom: [], role: 'unused', inFinalImage: false };
}

/**
 * Files past these limits are analysed up to them, with a problem saying so. Rules compare
 * instructions with those before them, and a generated 5 MB file must not stall the editor for
 * minutes; real Dockerfiles are far below both. The text is cut at a line break, so positions hold.
 */
export const MAX_ANALYSED_LENGTH = 1024 * 1024;
export const MAX_ANALYSED_INSTRUCTIONS = 1_000;

const INSTRUCTION_LINE = /^(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)(\s|$)/i;

/**
 * A file with more instructions than are analysed need not be parsed whole: dockerfile-ast works
 * left to right, so the text up to a little past the last analysed instruction parses into the
 * same instructions. Where that is, is guessed from lines that start with a keyword; if the
 * guess was short (continuation or heredoc lines that look like instructions) the caller finds
 * too few instructions in the cut text and parses the whole instead. Undefined: no cut needed.
 */
function cutAfterInstructionLimit(text: string): string | undefined {
  const wanted = MAX_ANALYSED_INSTRUCTIONS + 16;
  let count = 0;
  for (let offset = 0; offset < text.length; ) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    if (INSTRUCTION_LINE.test(text.slice(offset, Math.min(end, offset + 12))) && ++count > wanted) return end < text.length ? text.slice(0, end) : undefined;
    offset = end + 1;
  }
  return undefined;
}

function analysedPart(text: string): string {
  if (text.length <= MAX_ANALYSED_LENGTH) return text;
  const nl = text.lastIndexOf('\n', MAX_ANALYSED_LENGTH - 1);
  return text.slice(0, nl > 0 ? nl + 1 : MAX_ANALYSED_LENGTH);
}

/**
 * dockerfile-ast builds every argument one character at a time, and a 1 MB line keeps it (mostly
 * its garbage collector) busy for seconds. Lines too long to analyse reach it with their middle
 * blanked: the length is the same, so every position holds, and the kept ends carry the keyword,
 * the flags and a trailing line continuation. RUN scripts are read from the real text, and a
 * line this long makes its script too long to analyse anyway.
 */
const KEPT_HEAD = 4096;
const KEPT_TAIL = 256;
function textForAst(text: string): string {
  if (text.length < MAX_SCRIPT_LENGTH) return text;
  let out = '';
  let copied = 0;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_SCRIPT_LENGTH) {
      const middle = text.slice(start + KEPT_HEAD, end - KEPT_TAIL);
      // Lone CRs stay: they break lines for dockerfile-ast as for the editor.
      out += text.slice(copied, start + KEPT_HEAD) + (middle.includes('\r') ? middle.replace(/[^\r]/g, ' ') : ' '.repeat(middle.length));
      copied = end - KEPT_TAIL;
    }
    start = end + 1;
  }
  return copied ? out + text.slice(copied) : text;
}

function asLayered<V>(m: ReadonlyMap<string, V>): LayeredMap<string, V> {
  return m instanceof LayeredMap ? m : LayeredMap.empty<string, V>().with(m);
}

function emptyState(): BuildState {
  return { env: LayeredMap.empty(), args: LayeredMap.empty(), workdir: '/', user: 'root', shell: ['/bin/sh', '-c'] };
}

function inheritState(s: BuildState): BuildState {
  return { ...s, args: LayeredMap.empty() };
}

function nextState(
  s: BuildState,
  i: Instruction,
  globalArgs: ReadonlyMap<string, string | undefined>,
  buildArgs: ReadonlyMap<string, string>,
  escapeChar: string,
): BuildState {
  let next = s;
  switch (i.keyword) {
    case 'ENV': {
      const env = asLayered(s.env).with((i.properties ?? []).map((p) => [p.name, p.value ?? ''] as const));
      next = { ...s, env };
      break;
    }
    case 'ARG': {
      // Before the first FROM too: a global ARG's default may use the global ARGs above it.
      const args = asLayered(s.args).with(
        (i.properties ?? []).map((p) => [p.name, buildArgs.get(p.name) ?? p.value ?? (globalArgs.has(p.name) ? globalArgs.get(p.name) : undefined)] as const),
      );
      next = { ...s, args };
      break;
    }
    case 'WORKDIR': {
      const raw = i.args.map((a) => a.value).join(' ');
      const dir = substitute(raw, lookupIn(s), escapeChar).value;
      next = { ...s, workdir: dir.startsWith('/') ? normalizePath(dir) : normalizePath(`${s.workdir}/${dir}`) };
      break;
    }
    case 'USER':
      next = { ...s, user: substitute(i.args.map((a) => a.value).join(' '), lookupIn(s), escapeChar).value };
      break;
    case 'SHELL':
      next = { ...s, shell: i.args.map((a) => a.value) };
      break;
  }
  return next;
}

export function lookupIn(s: BuildState): (name: string) => string | undefined {
  return (name) => (s.env.has(name) ? s.env.get(name) : s.args.get(name) ?? undefined);
}

function startStage(
  node: AstInstruction,
  stages: readonly Stage[],
  globalArgs: ReadonlyMap<string, string | undefined>,
  buildArgs: ReadonlyMap<string, string>,
  escapeChar: string,
  index: number,
  problems: ModelProblem[],
): Stage {
  const from = node as unknown as import('dockerfile-ast').From;
  const args = node.getArguments();
  const imageArg = args[0];
  // Only ARGs declared before the first FROM are visible here (build args already applied to
  // them); Docker ignores a build arg that no ARG declares.
  const lookup = (n: string) => globalArgs.get(n);
  const range = node.getRange();
  const imageRange = imageArg ? imageArg.getRange() : node.getInstructionRange();
  let base: StageBase;
  if (!imageArg) {
    base = { kind: 'unknown', text: '', range: imageRange, unresolved: [] };
    problems.push({ message: 'FROM needs an image or a stage name.', range, severity: 'error' });
  } else {
    const { value, unresolved } = substitute(imageArg.getValue(), lookup, escapeChar);
    const lower = value.toLowerCase();
    const stageRef = stages.findIndex((s) => s.name?.toLowerCase() === lower);
    if (stageRef >= 0) base = { kind: 'stage', stageIndex: stageRef, range: imageRange };
    else if (lower === 'scratch') base = { kind: 'scratch', range: imageRange };
    else {
      const ref = unresolved.length ? undefined : parseImageRef(value);
      base = ref ? { kind: 'image', ref, range: imageRange, unresolved } : { kind: 'unknown', text: value, range: imageRange, unresolved };
    }
  }
  const stageName = from.getBuildStage?.() ?? undefined;
  const platformFlag = (node as unknown as { getPlatformFlag?: () => AstFlag | null }).getPlatformFlag?.();
  const words: Word[] = args.map((a) => ({ value: a.getValue(), range: a.getRange() }));
  const fromInstr: Instruction = {
    index,
    keyword: 'FROM',
    range,
    keywordRange: node.getInstructionRange(),
    argumentsRange: argumentsRangeOf(words),
    stageIndex: stages.length,
    flags: flagsOf(node),
    state: emptyState(),
    args: words,
  };
  return {
    index: stages.length,
    name: stageName ?? undefined,
    nameRange: from.getBuildStageRange?.() ?? undefined,
    range,
    from: fromInstr,
    base,
    platform: platformFlag?.getValue() ?? undefined,
    instructions: [],
    role: 'unused',
    inFinalImage: false,
    copiesFrom: [],
  };
}

/**
 * What dockerfile-ast's getArgumentsRange() returns (first argument's start to last argument's
 * end), from arguments already read: it would split the instruction's text into arguments
 * again, character by character, and that was a tenth of an analysis.
 */
function argumentsRangeOf(args: readonly Word[]): Range | undefined {
  return args.length ? { start: args[0].range.start, end: args[args.length - 1].range.end } : undefined;
}

/**
 * dockerfile-ast's getHeredocs() throws on some heredocs it cannot match up (a body line `\` + CRLF
 * before an indented delimiter, then more heredocs): the instruction is read as having none.
 */
function heredocsOf(node: AstInstruction): import('dockerfile-ast').Heredoc[] {
  try {
    return (node as unknown as { getHeredocs?: () => import('dockerfile-ast').Heredoc[] }).getHeredocs?.() ?? [];
  } catch {
    return [];
  }
}

function flagsOf(node: AstInstruction): InstructionFlag[] {
  const getFlags = (node as unknown as { getFlags?: () => AstFlag[] }).getFlags;
  if (!getFlags) return [];
  return getFlags.call(node).map((f) => ({
    name: f.getName(),
    value: f.getValue() ?? undefined,
    range: f.getRange(),
    valueRange: f.getValueRange() ?? undefined,
  }));
}

function buildInstruction(
  node: AstInstruction,
  keyword: string,
  index: number,
  stageIndex: number,
  state: BuildState,
  text: string,
  lines: LineIndex,
  escapeChar: string,
  shell: ShellParser,
  stages: Stage[],
  problems: ModelProblem[],
): Instruction {
  const flags = flagsOf(node);
  const args: Word[] = node.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
  const base = {
    index,
    keyword,
    range: node.getRange(),
    keywordRange: node.getInstructionRange(),
    argumentsRange: argumentsRangeOf(args),
    stageIndex,
    flags,
    state,
    args,
  };
  switch (keyword) {
    case 'RUN': {
      return { ...base, run: buildRun(node, flags, state, text, lines, escapeChar, shell, stages, problems) };
    }
    case 'COPY':
    case 'ADD': {
      return { ...base, copy: buildCopy(node, keyword, flags, state, escapeChar, stages) };
    }
    case 'ENV':
    case 'ARG':
    case 'LABEL': {
      const getProperties = (node as unknown as { getProperties?: () => import('dockerfile-ast').Property[] }).getProperties;
      const lookup = lookupIn(state);
      const properties: KeyValue[] = (getProperties?.call(node) ?? []).map((p) => {
        const raw = p.getValue();
        return {
          name: p.getName(),
          // ARG defaults are expanded like ENV values (`ARG B=${A}.12`); LABEL values are kept as written.
          value: raw === null ? undefined : keyword === 'LABEL' ? raw : substitute(raw, lookup, escapeChar).value,
          range: p.getRange(),
        };
      });
      return { ...base, properties };
    }
    case 'SHELL': {
      // SHELL takes a JSON array; dockerfile-ast's whitespace split would leave brackets and quotes in.
      const json = node as unknown as import('dockerfile-ast').JSONInstruction;
      const strings = json.getJSONStrings?.() ?? [];
      if (!strings.length || !json.getClosingBracket?.()) return base;
      return { ...base, args: strings.map((s) => ({ value: s.getJSONValue(), range: s.getRange() })) };
    }
    default:
      return base;
  }
}

/** `sh`, `bash -e`, `/bin/bash -ex`: a shell that, given no command string, runs its stdin. */
const SHELL_READING_STDIN = /^(\/usr)?(\/bin\/)?(ba|da|a|z)?sh(\s+-(?![a-z]*c)[a-z]+)*$/;

/** The command line with its `<<EOF` / `<<-"EOF"` operators blanked out, offsets unchanged. */
function blankHeredocOperators(commandLine: string): string {
  return commandLine.replace(/(?<!<)<<(?!<)-?\s*(["']?)[A-Za-z0-9_.-]+\1/g, (m) => ' '.repeat(m.length));
}

function buildRun(
  node: AstInstruction,
  flags: readonly InstructionFlag[],
  state: BuildState,
  text: string,
  lines: LineIndex,
  escapeChar: string,
  shell: ShellParser,
  stages: readonly Stage[],
  problems: ModelProblem[],
): RunDetails {
  const mounts = flags.filter((f) => f.name === 'mount').map((f) => parseMount(f, stages));
  const instrEnd = lines.offsetAt(node.getRange().end);
  let scriptStart = lines.offsetAt(flags.length ? flags[flags.length - 1].range.end : node.getInstructionRange().end);
  // Blanks and line continuations between the flags and the script (`--mount=... \⏎  pip ...`).
  for (;;) {
    while (scriptStart < instrEnd && /\s/.test(text[scriptStart])) scriptStart++;
    if (scriptStart >= instrEnd || text[scriptStart] !== escapeChar || !/^[ \t]*\r?\n/.test(text.slice(scriptStart + 1, scriptStart + 64))) break;
    scriptStart = Math.min(text.indexOf('\n', scriptStart) + 1, instrEnd);
  }
  const scriptRange = lines.rangeOf(scriptStart, instrEnd);
  const lookup = lookupIn(state);
  const tooLong = (length: number, form: RunDetails['form'] = 'shell'): RunDetails => {
    problems.push({
      message: `This RUN script is ${length} characters long; dockerlean skips shell analysis above ${MAX_SCRIPT_LENGTH}.`,
      range: node.getInstructionRange(),
      severity: 'information',
    });
    return { form, mounts, commands: [], script: '', hasSyntaxErrors: false, scriptRange };
  };

  // A script too long to analyse is cut off before dockerfile-ast's heredoc and JSON scans, which
  // cost as much again as parsing the file (a 1 MB RUN line takes seconds).
  if (instrEnd - scriptStart > MAX_SCRIPT_LENGTH) {
    const whole = buildScriptSource(text, scriptStart, instrEnd, escapeChar);
    if (whole.script.length > MAX_SCRIPT_LENGTH) return tooLong(whole.script.length);
  }

  const json = node as unknown as import('dockerfile-ast').JSONInstruction;
  const jsonStrings = json.getJSONStrings?.() ?? [];
  // Without its closing bracket the JSON is invalid, and Docker runs the text as a shell command.
  if (jsonStrings.length && json.getOpeningBracket?.() && json.getClosingBracket?.()) {
    const words: Word[] = jsonStrings.map((s) => ({ value: s.getJSONValue(), range: s.getRange() }));
    const [name, ...rest] = words;
    const start = scriptStart;
    const cmd: ScriptCommand = {
      name: { value: name.value, dynamic: false, start: lines.offsetAt(name.range.start), end: lines.offsetAt(name.range.end) },
      args: rest.map((w) => ({ value: w.value, dynamic: false, start: lines.offsetAt(w.range.start), end: lines.offsetAt(w.range.end) })),
      start,
      end: instrEnd,
      assignments: new Map(),
      heredocs: [],
    };
    const exact = verbatimScriptSource(text, 0, text.length);
    const recognized = remapRecognized(recognize(cmd, [cmd]), (w) => ({ value: w.value, dynamic: w.dynamic, range: lines.rangeOf(w.start, w.end) }), exact);
    return {
      form: 'exec',
      mounts,
      commands: [{ name, args: rest, range: lines.rangeOf(start, instrEnd), start, end: instrEnd, ordinal: 0, recognized, assignments: cmd.assignments }],
      script: text.slice(scriptStart, instrEnd),
      hasSyntaxErrors: false,
      scriptRange,
    };
  }

  const heredocs = heredocsOf(node);
  let source: ScriptSource;
  let form: RunDetails['form'] = 'shell';
  // What the shell parser reads; offsets match `source.script`, which it is a prefix of.
  let parsed: string | undefined;
  if (heredocs.length) {
    // The command line (with continuations) is shell; heredoc bodies follow it verbatim. It ends
    // where the first body begins, which may be lines after the `<<EOF` (`cat <<EOF >x \⏎ && ...`).
    const body = heredocs[0].getContentRange() ?? heredocs[0].getDelimiterRange();
    const firstLineEnd = Math.min(lines.lineEnd(body ? body.start.line - 1 : heredocs[0].getStartRange().start.line), instrEnd);
    const head = buildScriptSource(text, scriptStart, firstLineEnd, escapeChar);
    const commandLine = blankHeredocOperators(head.script);
    // `RUN <<EOF` runs the body itself as the script; so does `RUN bash <<EOF`, body on stdin.
    if (!commandLine.trim() || (heredocs.length === 1 && SHELL_READING_STDIN.test(commandLine.trim()))) {
      form = 'heredoc';
      const content = heredocs[0].getContentRange();
      source = content ? verbatimScriptSource(text, lines.offsetAt(content.start), lines.offsetAt(content.end)) : verbatimScriptSource(text, firstLineEnd, firstLineEnd);
      if (/^#!(?!.*\b(sh|bash|dash|ash)\b)/.test(source.script)) {
        return { form, mounts, commands: [], script: source.script, hasSyntaxErrors: false, scriptRange };
      }
    } else {
      source = concatScriptSources(head, verbatimScriptSource(text, firstLineEnd, instrEnd));
      // Bodies are data for the commands (`cat <<EOF > /etc/x`, `python3 <<EOF`), and
      // tree-sitter-bash misreads heredocs written before their command or several on one line,
      // turning body lines into commands: only the command line is parsed.
      parsed = commandLine;
    }
  } else {
    source = buildScriptSource(text, scriptStart, instrEnd, escapeChar);
  }

  if (source.script.length > MAX_SCRIPT_LENGTH) return tooLong(source.script.length, form);
  // CR would become part of words for the shell parser; a space keeps every offset in place.
  let analysed: ReturnType<typeof analyseScript>;
  try {
    analysed = analyseScript(shell, (parsed ?? source.script).replace(/\r/g, ' '), lookup);
  } catch (e) {
    // Blocks nested thousands deep (`{ { { …`, `if …; then if …`) overflow the walk over the
    // syntax tree: the script goes unanalysed, with a word why, instead of taking the analysis down.
    if (!(e instanceof RangeError)) throw e;
    problems.push({ message: 'This RUN script nests too deeply for dockerlean to analyse its commands.', range: node.getInstructionRange(), severity: 'information' });
    return { form, mounts, commands: [], script: source.script, hasSyntaxErrors: true, scriptRange };
  }
  if (!analysed) return { form, mounts, commands: [], script: source.script, hasSyntaxErrors: true, scriptRange };
  const found = analysed.commands;
  // Ends are mapped from the last character: a word right before a removed continuation
  // (`gcc\⏎`) must not stretch to the next line.
  const toWord = (w: ScriptWord): Word => ({
    value: w.value,
    dynamic: w.dynamic,
    range: lines.rangeOf(source.toDocument(w.start), toDocumentEnd(source, w.start, w.end)),
  });
  const commands: ShellCommand[] = found.map((c, ordinal) => {
    const start = source.toDocument(c.start);
    const end = toDocumentEnd(source, c.start, c.end);
    return {
      name: toWord(c.name),
      args: c.args.map(toWord),
      range: lines.rangeOf(start, end),
      start,
      end,
      ordinal,
      recognized: remapRecognized(analysed.recognized[ordinal], toWord, source),
      assignments: c.assignments,
    };
  });
  return { form, mounts, commands, script: source.script, hasSyntaxErrors: analysed.hasError, scriptRange };
}

/**
 * Recognizers work in script offsets; the model speaks document ranges. Every word inside a
 * recognized command is mapped back, and `insertAt` (where a fix inserts a flag) too.
 */
function remapRecognized(
  r: RecognizedCommand<ScriptWord> | undefined,
  toWord: (w: ScriptWord) => Word,
  source: ScriptSource,
): RecognizedCommand | undefined {
  if (!r) return undefined;
  const isWord = (v: unknown): v is ScriptWord =>
    typeof v === 'object' && v !== null && 'value' in v && 'start' in v && 'end' in v && 'dynamic' in v;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (isWord(v)) out[k] = toWord(v);
    else if (Array.isArray(v)) out[k] = v.map((x) => (isWord(x) ? toWord(x) : x));
    else if (k === 'insertAt' && typeof v === 'number') out[k] = toDocumentEnd(source, 0, v);
    else out[k] = v;
  }
  return out as unknown as RecognizedCommand;
}

function parseMount(f: InstructionFlag, stages: readonly Stage[]): Mount {
  const opts = new Map<string, string>();
  for (const part of (f.value ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) opts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    else if (part.trim()) opts.set(part.trim().toLowerCase(), 'true');
  }
  const from = opts.get('from');
  return {
    type: opts.get('type') ?? 'bind',
    target: opts.get('target') ?? opts.get('dst') ?? opts.get('destination'),
    from,
    fromStage: from === undefined ? undefined : stageIndexOf(from, stages),
    source: opts.get('source') ?? opts.get('src'),
    range: f.range,
  };
}

function stageIndexOf(ref: string, stages: readonly Stage[]): number | undefined {
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n < stages.length ? n : undefined;
  }
  const i = stages.findIndex((s) => s.name?.toLowerCase() === ref.toLowerCase());
  return i >= 0 ? i : undefined;
}

function buildCopy(
  node: AstInstruction,
  keyword: string,
  flags: readonly InstructionFlag[],
  state: BuildState,
  escapeChar: string,
  stages: readonly Stage[],
): CopyDetails {
  const lookup = lookupIn(state);
  const sub = (v: string) => substitute(v, lookup, escapeChar).value;
  const heredocs = heredocsOf(node);
  // dockerfile-ast lists the lines of heredoc bodies as arguments too; sources and destination
  // are on the command line, before the first body.
  const first = heredocs[0];
  const bodyStart = first ? (first.getContentRange() ?? first.getDelimiterRange())?.start : undefined;
  const onCommandLine = (r: Range) => !bodyStart || r.start.line < bodyStart.line || (r.start.line === bodyStart.line && r.start.character < bodyStart.character);
  const json = node as unknown as import('dockerfile-ast').JSONInstruction;
  const jsonStrings = json.getJSONStrings?.() ?? [];
  const words: Word[] =
    jsonStrings.length && json.getOpeningBracket?.()
      ? jsonStrings.map((s) => ({ value: sub(s.getJSONValue()), range: s.getRange() }))
      : node
          .getArguments()
          .filter((a) => !a.getValue().startsWith('--') && onCommandLine(a.getRange()))
          .map((a) => ({ value: sub(a.getValue()), range: a.getRange() }));
  const fromFlag = flags.find((f) => f.name === 'from');
  let from: CopyDetails['fromFlag'];
  if (fromFlag && fromFlag.value !== undefined) {
    const value = sub(fromFlag.value);
    const stageIndex = stageIndexOf(value, stages);
    from = { value, range: fromFlag.range, stageIndex, image: stageIndex === undefined ? parseImageRef(value) : undefined };
  }
  const flag = (name: string) => flags.find((f) => f.name === name)?.value;
  const sources = words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
  return {
    fromFlag: from,
    sources,
    destination: words.length > 1 || heredocs.length ? words[words.length - 1] : undefined,
    chown: flag('chown'),
    chmod: flag('chmod'),
    isHeredoc: heredocs.length > 0,
    remote: keyword === 'ADD' && sources.some((s) => /^(https?:\/\/|git@|git:\/\/)/.test(s.value)),
  };
}

export type { Range };
