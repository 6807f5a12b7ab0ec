/**
 * The outline of a RUN script at its top level: which control operators join its commands,
 * whether it holds compound commands or a comment. Fixes that glue scripts together with `&&`
 * need this to keep their meaning: `a && c; d` does not fail when `a` fails, `a && c` does.
 * Approximate by design (no full shell grammar): anything it does not understand makes the
 * script look complex, so callers decline to edit it.
 */
export interface ScriptShape {
  /** Control operators outside quotes, substitutions and subshells, in order. */
  readonly operators: readonly string[];
  /** A `#` comment outside quotes. */
  readonly comment: boolean;
  /** `if`, `for`, `while`, `until`, `case`, `function`, `{`, `[[` or a subshell at command position. */
  readonly compound: boolean;
  /** Quotes and parentheses close. */
  readonly balanced: boolean;
  /** The script's last token is an operator (`a &&`, `a;`, `a &`). */
  readonly endsWithOperator: boolean;
}

const COMPOUND_WORDS = new Set(['if', 'for', 'while', 'until', 'case', 'function', 'select', '{', '[[']);
const WORD_END = /[\s;&|()<>]/;

export function scriptShape(script: string): ScriptShape {
  const operators: string[] = [];
  let comment = false;
  let compound = false;
  let balanced = true;
  let lastWasOperator = false;
  let atCommandStart = true;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      operators.push('newline');
      lastWasOperator = true;
      atCommandStart = true;
      i++;
      continue;
    }
    if (c === '#') {
      comment = true;
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      operators.push(two);
      lastWasOperator = true;
      atCommandStart = true;
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '&') {
      operators.push(c);
      lastWasOperator = true;
      atCommandStart = true;
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      // A subshell at the top level: its inside is not ours to judge.
      compound = true;
      const end = c === '(' ? skipParens(script, i + 1) : -1;
      if (end < 0) {
        balanced = false;
        break;
      }
      i = end;
      lastWasOperator = false;
      atCommandStart = false;
      continue;
    }
    // A word (with any quotes and substitutions glued to it).
    const start = i;
    while (i < n && !WORD_END.test(script[i])) {
      const next = skipQuoted(script, i);
      if (next < 0) {
        balanced = false;
        i = n;
        break;
      }
      i = next;
    }
    if (i === start) {
      // A redirection operator (`>`, `<`, `2>&1`): part of the command, not a control operator.
      i++;
      if (script[i] === '&' && script[i - 1] === '>') i++;
      continue;
    }
    const word = script.slice(start, i);
    if (atCommandStart && COMPOUND_WORDS.has(word)) compound = true;
    // `>&`, `&>` and `2>&1` belong to redirections.
    if (script[i] === '>' || script[i] === '<') {
      i++;
      if (script[i] === '&') i++;
    }
    atCommandStart = false;
    lastWasOperator = false;
  }
  return { operators, comment, compound, balanced, endsWithOperator: lastWasOperator && operators.length > 0 && operators[operators.length - 1] !== 'newline' };
}

/** The script is `cmd && cmd | cmd && ...`: appending `&& x` or prepending `y &&` keeps its meaning. */
export function isAndChain(script: string): boolean {
  const s = scriptShape(script.replace(/\n+\s*$/, ''));
  return s.balanced && !s.comment && !s.compound && !s.endsWithOperator && s.operators.every((op) => op === '&&' || op === '|');
}

/** Index just past the quoted or substituted part starting at `i`, or past the single character; -1 when unclosed. */
function skipQuoted(s: string, i: number): number {
  const c = s[i];
  if (c === '\\') return Math.min(i + 2, s.length);
  if (c === "'") {
    const end = s.indexOf("'", i + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (c === '"') return skipDouble(s, i + 1);
  if (c === '`') return skipBackquote(s, i + 1);
  if (c === '$' && s[i + 1] === '(') return skipParens(s, i + 2);
  if (c === '$' && s[i + 1] === '{') {
    const end = s.indexOf('}', i + 2);
    return end < 0 ? -1 : end + 1;
  }
  return i + 1;
}

function skipDouble(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return i + 1;
    if (c === '\\') i += 2;
    else if (c === '`' || (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{'))) {
      i = skipQuoted(s, i);
      if (i < 0) return -1;
    } else i++;
  }
  return -1;
}

function skipBackquote(s: string, i: number): number {
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === '`') return i + 1;
    else i++;
  }
  return -1;
}

/** From just inside `(`, past the matching `)`. */
function skipParens(s: string, i: number): number {
  let depth = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) {
      while (i < s.length && s[i] !== '\n') i++;
    } else {
      const next = skipQuoted(s, i);
      if (next < 0) return -1;
      i = next;
    }
  }
  return -1;
}
