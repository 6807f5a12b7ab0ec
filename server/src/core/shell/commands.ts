import type { SyntaxNode } from './syntax';

/** One word of a command line: its value after quote removal, and where it sits in the script. */
export interface ScriptWord {
  /** The value the shell would see, with variables from the instruction's environment expanded. */
  readonly value: string;
  /** True when part of the value could not be known statically (command substitution, unknown variable). */
  readonly dynamic: boolean;
  readonly start: number;
  readonly end: number;
}

/** A simple command (`name arg arg...`) found anywhere in a script: lists, pipelines, subshells, if/for bodies. */
export interface ScriptCommand {
  readonly name: ScriptWord;
  readonly args: readonly ScriptWord[];
  readonly start: number;
  readonly end: number;
  /** Index of the command whose output is piped into this one, within the same list. */
  readonly pipedFrom?: number;
  /** Inline assignments before the name (`PIP_NO_CACHE_DIR=1 pip install ...`). */
  readonly assignments: ReadonlyMap<string, string>;
  /** Heredoc bodies fed to this command, as script offsets. */
  readonly heredocs: ReadonlyArray<{ start: number; end: number }>;
}

export type VariableLookup = (name: string) => string | undefined;

/**
 * Commands that run another command given as their arguments; the inner command is what matters.
 * Some options of a wrapper take the next word (`sudo -u app pip ...`), and `gosu`/`su-exec`
 * take a user before the command: skipped as plain options, those words became the command name.
 */
interface Wrapper {
  readonly valued?: ReadonlySet<string>;
  readonly operands?: number;
}
const WRAPPERS: ReadonlyMap<string, Wrapper> = new Map<string, Wrapper>([
  ['sudo', { valued: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user']) }],
  ['exec', { valued: new Set(['-a']) }],
  ['nice', { valued: new Set(['-n', '--adjustment']) }],
  ['time', { valued: new Set(['-f', '-o', '--format', '--output']) }],
  ['nohup', {}],
  ['command', {}],
  ['eatmydata', {}],
  ['gosu', { operands: 1 }],
  ['su-exec', { operands: 1 }],
]);
const ENV_VALUED = new Set(['-u', '--unset', '-C', '--chdir']);

/**
 * Scripts nested deeper than this (`{ { { …`, `if …; then if …` by the thousand) are not walked:
 * extractCommands throws a RangeError, which the model reports. A fixed limit, not the stack's,
 * so the outcome is the same on every run.
 */
export const MAX_NESTING = 500;

export function extractCommands(root: SyntaxNode, lookup: VariableLookup): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  let depth = 0;
  const visit = (node: SyntaxNode | null, pipedFrom?: number): void => {
    if (!node) return;
    if (depth >= MAX_NESTING) throw new RangeError(`script nested more than ${MAX_NESTING} deep`);
    depth++;
    try {
      visitNode(node, pipedFrom);
    } finally {
      depth--;
    }
  };
  const visitNode = (node: SyntaxNode, pipedFrom?: number): void => {
    switch (node.type) {
      case 'command':
        addCommand(node, pipedFrom, [], lookup, out);
        return;
      case 'redirected_statement': {
        const body = node.childForFieldName('body');
        const heredocs: Array<{ start: number; end: number }> = [];
        for (const c of node.namedChildren) {
          if (c && c.type === 'heredoc_redirect') {
            for (const b of c.namedChildren) if (b && b.type === 'heredoc_body') heredocs.push({ start: b.startIndex, end: b.endIndex });
          }
        }
        if (body && body.type === 'command') addCommand(body, pipedFrom, heredocs, lookup, out);
        else visit(body, pipedFrom);
        return;
      }
      case 'pipeline': {
        let previous: number | undefined = pipedFrom;
        for (const c of node.namedChildren) {
          const before = out.length;
          visit(c, previous);
          if (out.length > before) previous = out.length - 1;
        }
        return;
      }
      case 'list': {
        // tree-sitter-bash nests `a | b | c && d` as pipeline(a, list(pipeline(b, c), d)): the pipe
        // feeds the list's first command, as in `(a | b | c) && d`.
        // `a && b && c` nests to the left, one list per operator: the chain is walked in a loop,
        // since recursing once per `&&` overflows the stack on a few thousand of them.
        const rests: Array<ReadonlyArray<SyntaxNode | null>> = [];
        let head: SyntaxNode | null = node;
        while (head && head.type === 'list') {
          const [first = null, ...rest]: ReadonlyArray<SyntaxNode | null> = head.namedChildren;
          rests.push(rest);
          head = first;
        }
        visit(head, pipedFrom);
        for (let k = rests.length - 1; k >= 0; k--) for (const c of rests[k]) visit(c);
        return;
      }
      default:
        for (const c of node.namedChildren) visit(c);
    }
  };
  visit(root);
  return out;
}

function addCommand(
  node: SyntaxNode,
  pipedFrom: number | undefined,
  heredocs: Array<{ start: number; end: number }>,
  lookup: VariableLookup,
  out: ScriptCommand[],
): void {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return;
  const assignments = new Map<string, string>();
  const words: ScriptWord[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'variable_assignment') {
      const n = c.childForFieldName('name');
      const v = c.childForFieldName('value');
      if (n) assignments.set(n.text, v ? wordOf(v, lookup).value : '');
      continue;
    }
    if (c.type === 'command_name') {
      words.push(wordOf(c.namedChildren[0] ?? c, lookup));
      continue;
    }
    if (c.startIndex >= nameNode.startIndex && isWordNode(c.type)) {
      const w = wordOf(c, lookup);
      // The shell splits an unquoted expansion into fields (`apt-get install $BUILD_DEPS` with
      // BUILD_DEPS="gcc make" installs two packages) and drops it when empty; each field keeps the
      // expansion's range.
      if ((c.type === 'simple_expansion' || c.type === 'expansion') && !w.dynamic) {
        for (const field of w.value.split(/[ \t\n]+/)) if (field) words.push({ ...w, value: field });
      } else words.push(w);
    }
  }
  // `sudo -E apt-get ...` is apt-get for our purposes: skip wrappers and their leading options.
  for (let wrapper = WRAPPERS.get(basename(words[0]?.value ?? '')); wrapper && words.length > 1; wrapper = WRAPPERS.get(basename(words[0].value))) {
    const isCommandBuiltin = words[0].value === 'command';
    words.shift();
    while (words.length > 1 && words[0].value.startsWith('-')) {
      const option = words.shift()!;
      // `command -v pip` only looks pip up; nothing runs.
      if (isCommandBuiltin && /^-[a-zA-Z]*[vV]/.test(option.value)) return;
      if (wrapper.valued?.has(option.value) && words.length > 1) words.shift();
    }
    for (let k = 0; k < (wrapper.operands ?? 0) && words.length > 1; k++) words.shift();
  }
  if (words.length > 1 && words[0].value === 'env') {
    words.shift();
    while (words.length > 1 && (words[0].value.includes('=') || words[0].value.startsWith('-'))) {
      const option = words.shift()!;
      if (option.value.startsWith('-')) {
        if (ENV_VALUED.has(option.value) && words.length > 1) words.shift();
        continue;
      }
      const [k, ...v] = option.value.split('=');
      assignments.set(k, v.join('='));
    }
  }
  const [name, ...args] = words;
  if (!name) return;
  out.push({ name, args, start: node.startIndex, end: node.endIndex, pipedFrom, assignments, heredocs });
}

function isWordNode(type: string): boolean {
  return (
    type === 'word' ||
    type === 'string' ||
    type === 'raw_string' ||
    type === 'ansi_c_string' ||
    type === 'concatenation' ||
    type === 'simple_expansion' ||
    type === 'expansion' ||
    type === 'number' ||
    type === 'command_substitution' ||
    type === 'translated_string'
  );
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

function wordOf(node: SyntaxNode, lookup: VariableLookup): ScriptWord {
  const r = valueOf(node, lookup);
  return { value: r.value, dynamic: r.dynamic, start: node.startIndex, end: node.endIndex };
}

function valueOf(node: SyntaxNode, lookup: VariableLookup): { value: string; dynamic: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
      return { value: unescapeWord(node.text), dynamic: false };
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), dynamic: false };
    case 'simple_expansion':
    case 'expansion': {
      const name = expansionName(node);
      const v = name ? lookup(name) : undefined;
      if (v !== undefined && node.type === 'simple_expansion') return { value: v, dynamic: false };
      if (node.type === 'expansion') return expandBraced(node, lookup);
      return { value: node.text, dynamic: true };
    }
    case 'string':
    case 'translated_string':
    case 'concatenation': {
      let value = '';
      let dynamic = false;
      // Walk all children, keeping literal text between named parts (quotes are anonymous nodes).
      let cursor = node.type === 'string' ? node.startIndex + 1 : node.startIndex;
      const stop = node.type === 'string' ? node.endIndex - 1 : node.endIndex;
      const base = node.startIndex;
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.startIndex > cursor) value += literal(node.text.slice(cursor - base, c.startIndex - base), node.type === 'string');
        // Inside double quotes `\"`, `\$`, `\\` and `` \` `` still lose their backslash.
        const inner = c.type === 'string_content' ? { value: literal(c.text, node.type === 'string'), dynamic: false } : valueOf(c, lookup);
        value += inner.value;
        dynamic = dynamic || inner.dynamic;
        cursor = c.endIndex;
      }
      if (stop > cursor) value += literal(node.text.slice(cursor - base, stop - base), node.type === 'string');
      return { value, dynamic };
    }
    default:
      return { value: node.text, dynamic: true };
  }
}

function literal(text: string, inDoubleQuotes: boolean): string {
  if (inDoubleQuotes) return text.replace(/\\([$`"\\\n])/g, '$1');
  return text.replace(/^"|"$/g, '');
}

function unescapeWord(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, '$1') : text;
}

function expansionName(node: SyntaxNode): string | undefined {
  for (const c of node.namedChildren) {
    if (c && (c.type === 'variable_name' || c.type === 'special_variable_name')) return c.text;
  }
  return undefined;
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`; anything fancier is dynamic. */
function expandBraced(node: SyntaxNode, lookup: VariableLookup): { value: string; dynamic: boolean } {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?\}$/s.exec(node.text);
  if (!m) return { value: node.text, dynamic: true };
  const v = lookup(m[1]);
  if (!m[2]) return v === undefined ? { value: node.text, dynamic: true } : { value: v, dynamic: false };
  const emptyCounts = m[2].startsWith(':');
  const isSet = v !== undefined && (!emptyCounts || v !== '');
  if (m[2].endsWith('-')) return isSet ? { value: v!, dynamic: false } : { value: m[3], dynamic: false };
  return isSet ? { value: m[3], dynamic: false } : { value: '', dynamic: false };
}
