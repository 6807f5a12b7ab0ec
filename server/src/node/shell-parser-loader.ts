import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ShellParser, SyntaxNode } from '../core/shell/syntax';

/**
 * Loads tree-sitter's bash grammar (WASM, from @vscode/tree-sitter-wasm) once per process.
 * The bundle ships the two .wasm files beside itself; tests and tools run from the source
 * tree and find them in node_modules.
 */
let loading: Promise<ShellParser> | undefined;

export function loadShellParser(): Promise<ShellParser> {
  loading ??= load();
  return loading;
}

function wasmDir(): string {
  const candidates = [__dirname, path.join(__dirname, '..')];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'tree-sitter-bash.wasm'))) return dir;
  return path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
}

async function load(): Promise<ShellParser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TS = require('@vscode/tree-sitter-wasm') as typeof import('@vscode/tree-sitter-wasm');
  const dir = wasmDir();
  await TS.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
  const bash = await TS.Language.load(fs.readFileSync(path.join(dir, 'tree-sitter-bash.wasm')));
  const parser = new TS.Parser();
  parser.setLanguage(bash);
  return {
    parse(script: string): SyntaxNode | undefined {
      // Trees are not kept: the model copies what it needs, and freeing avoids WASM heap growth.
      const tree = parser.parse(script);
      if (!tree) return undefined;
      return new DetachedNode(tree.rootNode as unknown as SyntaxNode, () => tree.delete());
    },
  };
}

/**
 * Wraps the root so the WASM tree is released after the model has read it. Reading happens
 * synchronously inside buildModel, so the tree is freed on the next macrotask.
 */
class DetachedNode implements SyntaxNode {
  constructor(private readonly node: SyntaxNode, release: () => void) {
    setImmediate(release);
  }
  get type() { return this.node.type; }
  get startIndex() { return this.node.startIndex; }
  get endIndex() { return this.node.endIndex; }
  get text() { return this.node.text; }
  get children() { return this.node.children; }
  get namedChildren() { return this.node.namedChildren; }
  get hasError() { return this.node.hasError; }
  get isMissing() { return this.node.isMissing; }
  childForFieldName(name: string) { return this.node.childForFieldName(name); }
  childrenForFieldName(name: string) { return this.node.childrenForFieldName(name); }
}
