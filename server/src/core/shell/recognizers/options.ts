import type { ScriptWord } from '../commands';

/** Splits a command's arguments into options and operands, knowing which options take a value. */
export interface ParsedOptions {
  readonly flags: ReadonlyMap<string, ScriptWord | true>;
  readonly operands: readonly ScriptWord[];
  has(...names: string[]): boolean;
  value(...names: string[]): ScriptWord | undefined;
  values(...names: string[]): ScriptWord[];
}

export function parseOptions(args: readonly ScriptWord[], takesValue: ReadonlySet<string>): ParsedOptions {
  const flags = new Map<string, ScriptWord | true>();
  const multi: Array<[string, ScriptWord]> = [];
  const operands: ScriptWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a.value;
    if (v === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) {
        const name = v.slice(0, eq);
        const word = { ...a, value: v.slice(eq + 1) };
        flags.set(name, word);
        multi.push([name, word]);
      } else if (takesValue.has(v) && i + 1 < args.length) {
        flags.set(v, args[i + 1]);
        multi.push([v, args[i + 1]]);
        i++;
      } else flags.set(v, true);
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      // Short options may be bundled (`-yq`); a value-taking one consumes the rest or the next word.
      for (let k = 1; k < v.length; k++) {
        const name = '-' + v[k];
        if (takesValue.has(name)) {
          const rest = v.slice(k + 1);
          let word: ScriptWord | undefined;
          if (rest) word = { ...a, value: rest };
          else if (i + 1 < args.length) word = args[++i];
          if (word) {
            flags.set(name, word);
            multi.push([name, word]);
          }
          break;
        }
        flags.set(name, true);
      }
      continue;
    }
    operands.push(a);
  }
  return {
    flags,
    operands,
    has: (...names) => names.some((n) => flags.has(n)),
    value: (...names) => {
      for (const n of names) {
        const f = flags.get(n);
        if (f && f !== true) return f;
      }
      return undefined;
    },
    values: (...names) => multi.filter(([n]) => names.includes(n)).map(([, w]) => w),
  };
}
