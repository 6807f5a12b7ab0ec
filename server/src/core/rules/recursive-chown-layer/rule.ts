import { ancestry } from '../../model/stage-graph';
import { stageLabel } from '../../model/queries';
import type { ImageModel, Instruction, ShellCommand, Stage } from '../../model/types';
import type { PermissionCommand } from '../../shell/recognized';
import { homeOf } from '../shared/home';
import { commandsIn, finalImageStages } from '../shared/image-chain';
import { isWithin, mentionsPath, parentOf, resolvePath, segments } from '../shared/paths';
import { deleteInstruction, removeCommand } from '../shared/run-edits';
import { approx, layerOf, sizeData, total } from '../shared/size-quote';
import type { Finding, Fix, Rule, RuleContext, TextEdit } from '../types';

export const recursiveChownLayer: Rule = {
  meta: {
    id: 'recursive-chown-layer',
    title: 'Recursive chown/chmod of copied files',
    description: 'chown -R or chmod -R over files an earlier COPY added stores every one of them again in a new layer; COPY --chown/--chmod sets them at no cost.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'safe',
  },
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    for (const { stage, instruction, command } of commandsIn(finalImageStages(model))) {
      const r = command.recognized;
      if ((r?.tool !== 'chown' && r?.tool !== 'chmod') || !r.recursive || !r.spec || !r.paths.length) continue;
      const f = check(ctx, model, stage, instruction, command, r);
      if (f) findings.push(f);
    }
    return findings;
  },
};

interface Target {
  readonly path: string;
  readonly copies: readonly Instruction[];
}

function check(ctx: RuleContext, model: ImageModel, stage: Stage, instr: Instruction, cmd: ShellCommand, r: PermissionCommand): Finding | undefined {
  const earlier = chainBefore(model, stage, instr);
  const targets: Target[] = [];
  for (const p of r.paths) {
    const path = p.dynamic ? undefined : resolvePath(p.value, instr.state.workdir, homeOf(instr.state));
    if (!path) continue;
    const copies = earlier.filter((i) => {
      const dest = destinationOf(i);
      return dest !== undefined && isWithin(dest, path);
    });
    if (copies.length) targets.push({ path, copies });
  }
  if (!targets.length) return undefined;
  const copies = [...new Set(targets.flatMap((t) => t.copies))].sort((a, b) => a.index - b.index);
  const flag = r.tool;
  const spec = r.spec!.value;
  // Files a COPY already gave this owner or mode may not be copied up again: unsure.
  const alreadySet = copies.every((c) => (flag === 'chown' ? c.copy?.chown : c.copy?.chmod) === spec);
  const fix = alreadySet ? undefined : buildFix(model, stage, instr, cmd, r, targets, copies, earlier);
  const lines = copies.map((c) => c.range.start.line + 1);
  // The estimate's "chown -R /app copies the files again" items: the bytes this layer duplicates.
  const layer = layerOf(ctx, instr.index);
  const duplicated = layer ? total(layer.items.filter((i) => i.name.startsWith(`${flag} -R `))) : undefined;
  return {
    ruleId: 'recursive-chown-layer',
    message: `\`${flag} -R\` over ${targets[0].path} rewrites the files that ${copies.length === 1 ? `the COPY on line ${lines[0]} added` : `${copies.length} earlier COPY instructions added`}: the new layer stores every one of them again${duplicated ? ` (${approx(duplicated)})` : ''}. \`COPY --${flag}=${spec}\` sets them without a copy.`,
    range: cmd.range,
    severity: alreadySet ? 'information' : undefined,
    related: copies.map((c) => ({
      range: c.range,
      message: c.stageIndex === stage.index ? 'files added here' : `files added here, in ${stageLabel(model.stages[c.stageIndex])}`,
    })),
    fixes: fix ? [fix] : [],
    data: { tool: flag, spec, path: targets[0].path, copies: copies.length, lines: lines.map(String), ...(duplicated ? sizeData(duplicated) : {}) },
  };
}

/** Instructions before `instr` in its stage and the stages it is built on, in file order. */
function chainBefore(model: ImageModel, stage: Stage, instr: Instruction): Instruction[] {
  return ancestry(model.stages, stage.index)
    .flatMap((i) => model.stages[i].instructions)
    .filter((i) => i.index < instr.index)
    .sort((a, b) => a.index - b.index);
}

function destinationOf(i: Instruction): string | undefined {
  if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || !i.copy?.destination) return undefined;
  return resolvePath(i.copy.destination.value, i.state.workdir);
}

const CHOWN_SPEC = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const CHMOD_SPEC = /^[0-7]{3,4}$/;

function buildFix(
  model: ImageModel,
  stage: Stage,
  instr: Instruction,
  cmd: ShellCommand,
  r: PermissionCommand,
  targets: readonly Target[],
  copies: readonly Instruction[],
  earlier: readonly Instruction[],
): Fix | undefined {
  const spec = r.spec!;
  const run = instr.run!;
  if (run.form !== 'shell' || spec.dynamic || copies.some((c) => c.stageIndex !== stage.index)) return undefined;
  if (!(r.tool === 'chown' ? CHOWN_SPEC : CHMOD_SPEC).test(spec.value)) return undefined;
  // Every path must have been handed over whole: all its copies land in it or right below it.
  for (const t of targets) if (t.copies.some((c) => destinationOf(c) !== t.path && parentOf(destinationOf(c)!) !== t.path)) return undefined;
  if (r.paths.length !== targets.length) return undefined;
  // `--chown=app` needs the user when the COPY runs, not only when the chown did.
  if (r.tool === 'chown' && namesCreatedAfter([...earlier, instr], copies[0], spec.value)) return undefined;

  const edits: TextEdit[] = copies.map((c) => flagEdit(c, r.tool, spec.value));
  // A directory that existed before the copies keeps its own owner unless a plain chown stays.
  const allNew = targets.every((t) => isCreatedBy(earlier, t));
  const alone = run.commands.length === 1;
  if (allNew) {
    const removal = alone ? 'whole' : removeCommand(model, instr, cmd);
    if (!removal) return undefined;
    edits.push(removal === 'whole' ? deleteInstruction(model, instr) : removal);
  } else {
    const edit = dropRecursive(model, cmd);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const othersWrite = targets.some((t) => writtenByRun(earlier, t.path));
  const safe = r.tool === 'chown' && alone && !othersWrite && targets.every((t) => !isSystemPath(t.path));
  const where = copies.length === 1 ? 'the COPY' : `the ${copies.length} COPY instructions`;
  return {
    title: `Use --${r.tool}=${spec.value} on ${where}${allNew ? '' : ` and keep a non-recursive ${r.tool}`}${r.tool === 'chmod' ? ' (BuildKit)' : ''}`,
    edits,
    safety: safe ? 'safe' : 'suggestion',
  };
}

function flagEdit(copy: Instruction, name: 'chown' | 'chmod', value: string): TextEdit {
  const existing = copy.flags.find((f) => f.name === name);
  if (existing) return { range: existing.range, newText: `--${name}=${value}` };
  return { range: { start: copy.keywordRange.end, end: copy.keywordRange.end }, newText: ` --${name}=${value}` };
}

/** The path did not exist before the first COPY into it, which therefore created it with its --chown. */
function isCreatedBy(earlier: readonly Instruction[], t: Target): boolean {
  if (isSystemPath(t.path) || destinationOf(t.copies[0]) !== t.path) return false;
  const first = t.copies[0].index;
  return !earlier.some(
    (i) =>
      i.index < first &&
      ((i.keyword === 'WORKDIR' && isWithin(workdirAfter(earlier, i), t.path)) ||
        (i.copy && destinationOf(i) !== undefined && isWithin(destinationOf(i)!, t.path)) ||
        (i.run && (mentionsPath(i.run.script, t.path) || isWithin(i.state.workdir, t.path)))),
  );
}

/** The state on an instruction is the one it runs in: WORKDIR's effect shows on the next one. */
function workdirAfter(earlier: readonly Instruction[], workdir: Instruction): string {
  const next = earlier.find((i) => i.index > workdir.index && i.stageIndex === workdir.stageIndex);
  return next?.state.workdir ?? '/';
}

/** An earlier RUN mentions the path or works inside it: it may have put files there the chown covered. */
function writtenByRun(earlier: readonly Instruction[], path: string): boolean {
  return earlier.some((i) => i.run && (mentionsPath(i.run.script, path) || (i.state.workdir !== '/' && isWithin(i.state.workdir, path))));
}

const SYSTEM_TOP = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);

/** Directories base images already have (or `useradd -m` makes): their own owner predates the Dockerfile. */
function isSystemPath(path: string): boolean {
  const s = segments(path);
  if (!s.length) return true;
  if (s.length === 1) return SYSTEM_TOP.has(s[0]);
  return ['usr', 'etc', 'var', 'home', 'root', 'proc', 'sys', 'dev', 'run', 'lib', 'bin', 'sbin'].includes(s[0]);
}

/** A user or group named in the spec is created by a RUN after the first COPY. */
function namesCreatedAfter(earlier: readonly Instruction[], firstCopy: Instruction, spec: string): boolean {
  const names = spec.split(':').filter((n) => n && !/^\d+$/.test(n));
  return earlier.some(
    (i) =>
      i.index > firstCopy.index &&
      (i.run?.commands ?? []).some((c) => /^(useradd|adduser|groupadd|addgroup)$/.test(c.name.value.replace(/^.*\//, '')) && c.args.some((a) => names.includes(a.value))),
  );
}

/** `chown -R a /x` → `chown a /x`; `chmod -Rv` → `chmod -v`. */
function dropRecursive(model: ImageModel, cmd: ShellCommand): TextEdit | undefined {
  const idx = cmd.args.findIndex((a) => a.value === '-R' || a.value === '--recursive' || /^-[a-zA-Z]*R[a-zA-Z]*$/.test(a.value));
  if (idx < 0) return undefined;
  const word = cmd.args[idx];
  if (word.value === '-R' || word.value === '--recursive') {
    const prevEnd = idx === 0 ? cmd.name.range.end : cmd.args[idx - 1].range.end;
    return { range: { start: prevEnd, end: word.range.end }, newText: '' };
  }
  const raw = model.text.slice(model.lines.offsetAt(word.range.start), model.lines.offsetAt(word.range.end));
  if (raw !== word.value) return undefined;
  return { range: word.range, newText: raw.replace('R', '') };
}
