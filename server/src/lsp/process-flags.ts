import * as v8 from 'node:v8';

/**
 * V8 settings for the language server's process, which lives as long as the editor: measured
 * with the benchmark's 101 open files, they take its resident memory from ~200 MB to ~113 MB.
 *
 * - A young generation of 4 MB per semi-space instead of 16: the analysis allocates many
 *   short-lived objects and a small nursery is collected more often, but never grows to tens
 *   of MB of pages that stay resident (16: ~137 MB; 2: ~111 MB, but start-up, which allocates
 *   most, took 30-50 ms longer). V8 only takes this on the command line, so the VS Code
 *   client starts the server with it (other editors may pass it too; see the README).
 * - WebAssembly compiled by the baseline compiler only (`--liftoff-only`): otherwise V8
 *   recompiles tree-sitter's parser with its optimising compiler on background threads, whose
 *   malloc pools keep 30-70 MB resident afterwards. A keystroke shell-parses one RUN script,
 *   so the slower baseline code costs little. V8 takes this at run time, before the parser is
 *   compiled, so the server sets it itself whoever starts it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export function applyRuntimeFlags(): void {
  v8.setFlagsFromString('--liftoff-only');
}
