/**
 * The slice of a shell syntax tree that the core reads. It matches web-tree-sitter's Node,
 * so the parser can be loaded outside the core (it needs the file system) and handed in.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly children: ReadonlyArray<SyntaxNode | null>;
  readonly namedChildren: ReadonlyArray<SyntaxNode | null>;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): ReadonlyArray<SyntaxNode | null>;
}

export interface ShellParser {
  /** Parses a POSIX/bash script. Offsets in the tree are string (UTF-16) indices into `script`. */
  parse(script: string): SyntaxNode | undefined;
}
