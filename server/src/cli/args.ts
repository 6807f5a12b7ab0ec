/** A small, strict argument parser: unknown options are usage errors (exit 2), never ignored. */
export interface ParsedArgs {
  readonly command?: string;
  readonly options: ReadonlyMap<string, string[]>;
  readonly flags: ReadonlySet<string>;
  readonly files: readonly string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: { valued: readonly string[]; flags: readonly string[] }): ParsedArgs {
  const [command, ...rest] = argv;
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      files.push(...rest.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (spec.valued.includes(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        options.set(name, [...(options.get(name) ?? []), value]);
      } else if (spec.flags.includes(name) && eq < 0) flags.add(name);
      else throw new UsageError(`unknown option --${name}`);
      continue;
    }
    if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    files.push(a);
  }
  return { command, options, flags, files };
}
