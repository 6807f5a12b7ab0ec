// Docker's .dockerignore pattern semantics (moby/patternmatcher), as a small automaton so we
// can both match paths and ask whether two patterns can ever match the same path.
//
// Docker validates a pattern with Go's filepath.Match and then matches it as a regular
// expression it builds from the pattern: `*` is any run of non-`/` characters, `?` one
// non-`/` character, `**` any number of directories (`**` at the end: anything), `\x` a
// literal x, `[...]` a character class where `^` (not `!`) negates. A pattern matches a path
// when it matches the path or one of its parent directories.

type CharTest =
  | { kind: 'any' }
  | { kind: 'notSlash' }
  | { kind: 'char'; code: number }
  | { kind: 'class'; negated: boolean; ranges: [number, number][] };

interface Edge {
  test: CharTest;
  to: number;
}

/** A pattern compiled to an epsilon-NFA over code points. Node 0 is the start. */
export interface Glob {
  edges: Edge[][];
  epsilon: number[][];
  accept: number;
}

const SLASH = 0x2f;
// Paths never contain NUL, so candidate characters run from 1 to the last code point.
const MAX_CODE_POINT = 0x10ffff;

// ---------------------------------------------------------------- syntax (filepath.Match)

/**
 * Why Go's filepath.Match (Unix) rejects `pattern`, or undefined when it accepts it. Docker
 * runs this check on every pattern and fails the build with "syntax error in pattern".
 * A reversed range (`[z-a]`) passes Match but not Go's regexp compiler, which Docker uses to
 * match; it is reported here too because Docker hits the same error as soon as it matches.
 */
export function goMatchSyntaxError(pattern: string): string | undefined {
  const cps = Array.from(pattern, (c) => c.codePointAt(0) as number);
  let i = 0;
  while (i < cps.length) {
    const c = cps[i];
    if (c === 0x5c /* \ */) {
      if (i + 1 >= cps.length) return 'the pattern ends with a "\\" that escapes nothing';
      i += 2;
    } else if (c === 0x5b /* [ */) {
      const r = parseClass(cps, i);
      if ('error' in r) return r.error;
      const reversed = r.ranges.find(([lo, hi]) => lo > hi);
      if (reversed) return `the range ${String.fromCodePoint(reversed[0])}-${String.fromCodePoint(reversed[1])} is reversed`;
      i = r.next;
    } else {
      i++;
    }
  }
  return undefined;
}

interface ParsedClass {
  negated: boolean;
  ranges: [number, number][];
  next: number;
}

/** Parses `[...]` at `at` the way filepath.Match's matchChunk does. */
function parseClass(cps: number[], at: number): ParsedClass | { error: string } {
  let i = at + 1;
  let negated = false;
  if (cps[i] === 0x5e /* ^ */) {
    negated = true;
    i++;
  }
  const ranges: [number, number][] = [];
  const unclosed = { error: 'a "[" character class is not closed' };
  for (;;) {
    if (cps[i] === 0x5d /* ] */ && ranges.length > 0) return { negated, ranges, next: i + 1 };
    const lo = classChar(cps, i);
    if (!lo) {
      if (cps[i] === 0x5d) return { error: 'a character class is empty' };
      if (cps[i] === 0x2d) return { error: 'a range in a character class has no start' };
      return unclosed;
    }
    i = lo.next;
    let hi = lo;
    if (cps[i] === 0x2d /* - */) {
      const h = classChar(cps, i + 1);
      if (!h) return { error: 'a range in a character class has no end' };
      hi = h;
      i = h.next;
    }
    // Match requires more pattern after every class member: the closing `]` at least.
    if (i >= cps.length) return unclosed;
    ranges.push([lo.code, hi.code]);
  }
}

function classChar(cps: number[], i: number): { code: number; next: number } | undefined {
  const c = cps[i];
  if (c === undefined || c === 0x2d || c === 0x5d) return undefined;
  if (c === 0x5c) return cps[i + 1] === undefined ? undefined : { code: cps[i + 1], next: i + 2 };
  return { code: c, next: i + 1 };
}

// ---------------------------------------------------------------- compiling

/** Compiles a cleaned, syntactically valid pattern (see goMatchSyntaxError). */
export function compileGlob(pattern: string): Glob {
  const g: Glob = { edges: [[]], epsilon: [[]], accept: 0 };
  const node = () => {
    g.edges.push([]);
    g.epsilon.push([]);
    return g.edges.length - 1;
  };
  const step = (from: number, test: CharTest) => {
    const to = node();
    g.edges[from].push({ test, to });
    return to;
  };
  const cps = Array.from(pattern, (c) => c.codePointAt(0) as number);
  let cur = 0;
  // patternmatcher turns a pattern that starts with `**` and has no other wildcard into a
  // plain suffix test: `**foo` matches "barfoo", not only ".../foo".
  const suffixOnly = cps[0] === 0x2a && cps[1] === 0x2a && !hasWildcard(cps.slice(2));
  if (suffixOnly) {
    const rest = cps[2] === SLASH ? cps.slice(3) : cps.slice(2);
    if (cps[2] === SLASH) {
      cur = directories(g, cur, node);
    } else {
      g.edges[cur].push({ test: { kind: 'any' }, to: cur });
    }
    for (const c of rest) cur = step(cur, { kind: 'char', code: c });
    g.accept = cur;
    return g;
  }
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === 0x2a /* * */) {
      if (cps[i + 1] === 0x2a) {
        i++;
        if (cps[i + 1] === SLASH) i++;
        if (i + 1 >= cps.length) {
          g.edges[cur].push({ test: { kind: 'any' }, to: cur });
        } else {
          cur = directories(g, cur, node);
        }
      } else {
        g.edges[cur].push({ test: { kind: 'notSlash' }, to: cur });
        // A self-loop must not be shared with what follows a later token; give `*` its node.
        const after = node();
        g.epsilon[cur].push(after);
        cur = after;
      }
    } else if (c === 0x3f /* ? */) {
      cur = step(cur, { kind: 'notSlash' });
    } else if (c === 0x5c /* \ */) {
      i++;
      cur = step(cur, { kind: 'char', code: cps[i] });
    } else if (c === 0x5b /* [ */) {
      const r = parseClass(cps, i);
      if ('error' in r) throw new Error(`invalid pattern ${pattern}: ${r.error}`);
      cur = step(cur, { kind: 'class', negated: r.negated, ranges: r.ranges });
      i = r.next - 1;
    } else {
      cur = step(cur, { kind: 'char', code: c });
    }
  }
  g.accept = cur;
  return g;
}

function hasWildcard(cps: number[]): boolean {
  return cps.some((c) => c === 0x2a || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x5c);
}

// The regular expression (.*\/)? : nothing, or anything that ends with a slash. Returns
// the node after it.
function directories(g: Glob, from: number, node: () => number): number {
  const inside = node();
  const after = node();
  g.epsilon[from].push(after, inside);
  g.edges[inside].push({ test: { kind: 'any' }, to: inside }, { test: { kind: 'char', code: SLASH }, to: after });
  return after;
}

// ---------------------------------------------------------------- matching

function passes(test: CharTest, c: number): boolean {
  switch (test.kind) {
    case 'any':
      return true;
    case 'notSlash':
      return c !== SLASH;
    case 'char':
      return c === test.code;
    case 'class':
      return test.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== test.negated;
  }
}

function closure(g: Glob, nodes: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...nodes];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...g.epsilon[n]);
  }
  return seen;
}

/**
 * Whether the pattern matches `path` (slash-separated, relative to the context root) or one
 * of its parent directories, as Docker's MatchesOrParentMatches decides for one pattern.
 */
export function globMatchesPath(g: Glob, path: string): boolean {
  const cps = Array.from(path, (c) => c.codePointAt(0) as number);
  let states = closure(g, [0]);
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] === SLASH && states.has(g.accept)) return true;
    const next: number[] = [];
    for (const s of states) for (const e of g.edges[s]) if (passes(e.test, cps[i])) next.push(e.to);
    states = closure(g, next);
    if (states.size === 0) return false;
  }
  return states.has(g.accept);
}

// ---------------------------------------------------------------- questions about all paths

// Characters worth trying when looking for a path both automata accept: every character
// the tests name, its neighbours (to step just outside a class), a slash and a plain letter.
function candidates(globs: Glob[]): number[] {
  const points = new Set<number>([SLASH, SLASH - 1, SLASH + 1, 0x61]);
  for (const g of globs) {
    for (const edges of g.edges) {
      for (const { test } of edges) {
        if (test.kind === 'char') points.add(test.code);
        if (test.kind === 'class') {
          for (const [lo, hi] of test.ranges) for (const p of [lo - 1, lo, hi, hi + 1]) if (p >= 1 && p <= MAX_CODE_POINT) points.add(p);
        }
      }
    }
  }
  return [...points];
}

/** The automaton of "the pattern matches the path or a parent": accept, then `/` anything. */
function withDescendants(g: Glob): { glob: Glob; accepting: Set<number> } {
  const edges = g.edges.map((e) => [...e]);
  const epsilon = g.epsilon.map((e) => [...e]);
  const below = edges.length;
  edges.push([{ test: { kind: 'any' }, to: below }]);
  epsilon.push([]);
  edges[g.accept].push({ test: { kind: 'char', code: SLASH }, to: below });
  return { glob: { edges, epsilon, accept: g.accept }, accepting: new Set([g.accept, below]) };
}

/** Whether some path is matched (directly or through a parent) by both patterns. */
export function globsOverlap(a: Glob, b: Glob): boolean {
  const A = withDescendants(a);
  const B = withDescendants(b);
  const chars = candidates([a, b]);
  const key = (x: number, y: number) => `${x},${y}`;
  const seen = new Set<string>();
  const queue: [number, number][] = [];
  const visit = (xs: Iterable<number>, ys: Iterable<number>) => {
    const cx = closure(A.glob, xs);
    const cy = closure(B.glob, ys);
    for (const x of cx) {
      for (const y of cy) {
        if (!seen.has(key(x, y))) {
          seen.add(key(x, y));
          queue.push([x, y]);
        }
      }
    }
  };
  visit([0], [0]);
  while (queue.length > 0) {
    const [x, y] = queue.shift() as [number, number];
    if (A.accepting.has(x) && B.accepting.has(y)) return true;
    for (const ea of A.glob.edges[x]) {
      for (const eb of B.glob.edges[y]) {
        if (chars.some((c) => passes(ea.test, c) && passes(eb.test, c))) visit([ea.to], [eb.to]);
      }
    }
  }
  return false;
}

/** Whether the pattern matches any string at all (a class can make that impossible). */
export function globMatchesSomething(g: Glob): boolean {
  const chars = candidates([g]);
  const seen = closure(g, [0]);
  const queue = [...seen];
  while (queue.length > 0) {
    const n = queue.shift() as number;
    if (n === g.accept) return true;
    for (const e of g.edges[n]) {
      if (!chars.some((c) => passes(e.test, c))) continue;
      for (const m of closure(g, [e.to])) {
        if (!seen.has(m)) {
          seen.add(m);
          queue.push(m);
        }
      }
    }
  }
  return false;
}
