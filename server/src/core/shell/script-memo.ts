import { extractCommands, type ScriptCommand, type ScriptWord, type VariableLookup } from './commands';
import type { RecognizedCommand } from './recognized';
import { recognize } from './recognizers';
import type { ShellParser } from './syntax';

/** A RUN script's commands, in script offsets (so the same script anywhere in a file gives the same result). */
export interface ScriptAnalysis {
  readonly commands: readonly ScriptCommand[];
  /** `recognize(commands[i], commands)` for each command. */
  readonly recognized: ReadonlyArray<RecognizedCommand<ScriptWord> | undefined>;
  readonly hasError: boolean;
}

interface Entry extends ScriptAnalysis {
  /** Every variable the extraction looked up, with the value it got: the entry holds only while they are unchanged. */
  readonly lookups: ReadonlyMap<string, string | undefined>;
}

const LIMIT = 2048;
const memos = new WeakMap<ShellParser, Map<string, Entry>>();

/**
 * Shell-parses a script and extracts and recognizes its commands, remembering the result per
 * parser. A keystroke re-analyses the whole Dockerfile, but changes at most one RUN script:
 * the parse, the tree walk and the recognizers were over a third of an analysis, for scripts
 * that had not changed. The result depends only on the script text and on the variables it
 * reads (`lookup`), and both are part of the check; the least recently used scripts go first.
 */
export function analyseScript(shell: ShellParser, script: string, lookup: VariableLookup): ScriptAnalysis | undefined {
  let memo = memos.get(shell);
  if (!memo) memos.set(shell, (memo = new Map()));
  const hit = memo.get(script);
  if (hit && unchanged(hit.lookups, lookup)) {
    memo.delete(script);
    memo.set(script, hit);
    return hit;
  }
  const tree = shell.parse(script);
  if (!tree) return undefined;
  const lookups = new Map<string, string | undefined>();
  const commands = extractCommands(tree, (name) => {
    const value = lookup(name);
    lookups.set(name, value);
    return value;
  });
  const entry: Entry = { commands, recognized: commands.map((c) => recognize(c, commands)), hasError: tree.hasError, lookups };
  memo.set(script, entry);
  if (memo.size > LIMIT) memo.delete(memo.keys().next().value!);
  return entry;
}

function unchanged(lookups: ReadonlyMap<string, string | undefined>, lookup: VariableLookup): boolean {
  for (const [name, value] of lookups) if (lookup(name) !== value) return false;
  return true;
}
