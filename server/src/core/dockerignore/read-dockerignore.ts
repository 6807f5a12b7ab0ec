// Reads a .dockerignore the way Docker does (moby/patternmatcher: ignorefile.ReadAll, then
// PatternMatcher.New), keeping where each pattern sits in the text so findings can point at it.
import { goMatchSyntaxError } from './glob';

export interface IgnoreRule {
  /** 0-based line of the pattern in the file. */
  line: number;
  /** Range of the trimmed line text (UTF-16 code units), as written. */
  start: number;
  end: number;
  /** The trimmed line as written, `!` included. */
  text: string;
  /** `!pattern`: re-includes what earlier patterns excluded. */
  negated: boolean;
  /** The pattern Docker matches, after its cleaning, without the `!`. */
  pattern: string;
  /** Docker's reason for rejecting the line; a rejected line makes every build fail. */
  error?: string;
}

// Go's unicode.IsSpace set, which strings.TrimSpace uses. JavaScript's \s also has U+FEFF.
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const LEADING_SPACE = new RegExp(`^[${SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${SPACE}]+$`);

const trimSpace = (s: string): string => s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');

export function readDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const lines = text.split('\n');
  // bufio.ScanLines: a final newline does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, line) => {
    let content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let offset = 0;
    if (line === 0 && content.startsWith('\uFEFF')) {
      content = content.slice(1);
      offset = 1;
    }
    // Only a `#` in the very first column makes a comment; the check comes before trimming.
    if (content.startsWith('#')) return;
    const trimmed = trimSpace(content);
    if (trimmed === '') return;
    const start = offset + content.length - content.replace(LEADING_SPACE, '').length;
    rules.push({ line, start, end: start + trimmed.length, text: trimmed, ...dockerPattern(trimmed) });
  });
  return rules;
}

/** What ReadAll and PatternMatcher.New make of one trimmed, non-comment line. */
function dockerPattern(trimmed: string): Pick<IgnoreRule, 'negated' | 'pattern' | 'error'> {
  // ReadAll: cut the `!`, clean the rest, drop one leading slash, put the `!` back.
  const bang = trimmed.startsWith('!');
  let p = bang ? trimSpace(trimmed.slice(1)) : trimmed;
  if (p.length > 0) {
    p = cleanPath(p);
    if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
  }
  if (bang) p = '!' + p;
  // New: trim and clean the whole line again, then take the `!` off for good.
  p = cleanPath(trimSpace(p));
  if (!p.startsWith('!')) return { negated: false, pattern: p, error: goMatchSyntaxError(p) };
  if (p.length === 1) return { negated: true, pattern: '', error: 'a lone "!" is an illegal exclusion pattern' };
  const pattern = p.slice(1);
  return { negated: true, pattern, error: goMatchSyntaxError(pattern) };
}

/** Go's path.Clean for slash-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined === '' ? '.' : joined;
}
