import type { ImageModel, Instruction } from '../../model/types';
import { basename } from '../../shell/commands';
import { appendPoint, lineContinuation } from '../shared/run-edits';
import { isAndChain } from '../shared/script-shape';
import type { Finding, Fix, Rule, TextEdit } from '../types';

export const consecutiveRunLayers: Rule = {
  meta: {
    id: 'consecutive-run-layers',
    title: 'Consecutive RUN instructions',
    description: 'Each RUN adds a layer; consecutive RUNs in the final image that could be one keep files that a later step deletes or rewrites in separate layers.',
    defaultSeverity: 'information',
    category: 'size',
    fixable: 'suggestion',
    hadolint: ['DL3059'],
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (!stage.inFinalImage) continue;
      let group: Instruction[] = [];
      const flush = () => {
        if (group.length > 1) findings.push(finding(model, group));
        group = [];
      };
      for (const instr of stage.instructions) {
        if (!mergeable(instr)) {
          flush();
          continue;
        }
        if (group.length && !sameFlags(group[group.length - 1], instr)) flush();
        group.push(instr);
      }
      flush();
    }
    return findings;
  },
};

/** Shell-form RUNs without heredocs: their scripts can be joined with `&&`. */
function mergeable(instr: Instruction): boolean {
  return instr.keyword === 'RUN' && instr.run?.form === 'shell' && !/<<-?\s*["']?[A-Za-z0-9_.-]+/.test(instr.run.script);
}

function sameFlags(a: Instruction, b: Instruction): boolean {
  const key = (i: Instruction) => i.flags.map((f) => `${f.name}=${f.value ?? ''}`).sort().join('\n');
  return key(a) === key(b);
}

function finding(model: ImageModel, group: Instruction[]): Finding {
  const [first, ...rest] = group;
  const lines = group.map((i) => i.range.start.line + 1);
  const fix = mergeFix(model, group);
  return {
    ruleId: 'consecutive-run-layers',
    message: `${group.length} consecutive RUN instructions (lines ${lines.join(', ')}) add ${group.length} layers where one would do: merged, files one step writes and a later step deletes or rewrites are not stored at all.`,
    range: first.keywordRange,
    related: rest.map((i) => ({ range: i.keywordRange, message: 'could be part of the RUN above' })),
    fixes: fix ? [fix] : [],
    data: { count: group.length, lines: lines.map(String) },
  };
}

/**
 * Joins the scripts with `\` + `&& `. Each later script must be a plain `&&` chain, or joining
 * would change which failures stop the build (`a && b; c` runs c after a fails); the shell must
 * be POSIX-like for `&&` to mean the same.
 */
function mergeFix(model: ImageModel, group: Instruction[]): Fix | undefined {
  if (!group.every((i) => isPosixShell(i.state.shell))) return undefined;
  const edits: TextEdit[] = [];
  for (let k = 1; k < group.length; k++) {
    const prev = group[k - 1];
    const cur = group[k];
    const joinAt = appendPoint(model, prev);
    if (joinAt === undefined || !isAndChain(cur.run!.script)) return undefined;
    const scriptStart = model.lines.offsetAt(cur.run!.scriptRange.start);
    // Comment lines between the two RUNs stay, inside the continuation where Docker skips them.
    const comments = model.text
      .slice(joinAt, model.lines.offsetAt(cur.range.start))
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim().startsWith('#'))
      .map((l) => l + model.lines.eol)
      .join('');
    edits.push({ range: model.lines.rangeOf(joinAt, scriptStart), newText: `${lineContinuation(model)}${comments}    && ` });
  }
  return { title: `Merge the ${group.length} RUN instructions into one`, edits, safety: 'suggestion' };
}

function isPosixShell(shell: readonly string[]): boolean {
  return /^(sh|bash|dash|ash|zsh)$/.test(basename(shell[0] ?? ''));
}
