// What the grammar tests need around vscode-tmgrammar-test: the manifest contributions the
// extension ships (kept here so the test and package.json can be compared), the VS Code
// built-in grammars they inject into, and a way to run the CLI.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, fromRoot } from '../support/paths';

export interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

export interface LanguageContribution {
  id: string;
  aliases: string[];
  filenames: string[];
  filenamePatterns: string[];
  configuration: string;
}

/** Exactly what package.json's contributes.grammars must hold for the syntaxes. */
export const GRAMMAR_CONTRIBUTIONS: GrammarContribution[] = [
  {
    scopeName: 'dockerlean.injection.dockerfile-embedded',
    path: './syntaxes/dockerfile-embedded.tmLanguage.json',
    injectTo: ['source.dockerfile'],
    embeddedLanguages: {
      'meta.embedded.line.shell': 'shellscript',
      'meta.embedded.block.shell': 'shellscript',
      'meta.embedded.block.python': 'python',
    },
  },
  {
    scopeName: 'dockerlean.injection.dockerfile-continuation',
    path: './syntaxes/dockerfile-continuation.tmLanguage.json',
    injectTo: ['source.dockerfile'],
  },
  {
    scopeName: 'dockerlean.injection.dockerfile-shell-heredoc',
    path: './syntaxes/dockerfile-shell-heredoc.tmLanguage.json',
    injectTo: ['source.dockerfile'],
    embeddedLanguages: {
      'meta.embedded.block.shell': 'shellscript',
      'meta.embedded.block.python': 'python',
    },
  },
  {
    language: 'dockerignore',
    scopeName: 'source.dockerignore',
    path: './syntaxes/dockerignore.tmLanguage.json',
  },
];

/** Exactly what package.json's contributes.languages must hold for the syntaxes. */
export const LANGUAGE_CONTRIBUTIONS: LanguageContribution[] = [
  {
    id: 'dockerignore',
    aliases: ['Docker Ignore', 'dockerignore'],
    filenames: ['.dockerignore'],
    filenamePatterns: ['*.dockerignore'],
    configuration: './syntaxes/dockerignore.language-configuration.json',
  },
];

// VS Code's own grammars for the languages we inject into or embed; tm-grammars ships the
// same files (MIT) taken from the VS Code repository.
const BASE_GRAMMARS: { language: string; scopeName: string; file: string }[] = [
  { language: 'dockerfile', scopeName: 'source.dockerfile', file: 'docker.json' },
  { language: 'shellscript', scopeName: 'source.shell', file: 'shellscript.json' },
  { language: 'python', scopeName: 'source.python', file: 'python.json' },
];

export const BASE_GRAMMAR_PACKAGE = 'tm-grammars';

function resolveBaseGrammar(file: string): string {
  try {
    return require.resolve(`${BASE_GRAMMAR_PACKAGE}/grammars/${file}`, { paths: [repoRoot] });
  } catch {
    throw new Error(
      `${BASE_GRAMMAR_PACKAGE} is not installed: it provides VS Code's Dockerfile, shell and Python ` +
        `grammars that the injection grammars are tested against (devDependency).`,
    );
  }
}

/**
 * Writes a vscode-tmgrammar-test configuration (the package.json shape it reads) into `dir`.
 * The CLI joins each path to the configuration's folder, so paths are made relative to it.
 */
export function writeConfig(dir: string, options: { injections: boolean }): string {
  const rel = (p: string) => path.relative(dir, p);
  const ours = GRAMMAR_CONTRIBUTIONS.filter((g) => options.injections || !g.injectTo);
  const config = {
    contributes: {
      grammars: [
        ...BASE_GRAMMARS.map((g) => ({ language: g.language, scopeName: g.scopeName, path: rel(resolveBaseGrammar(g.file)) })),
        ...ours.map((g) => ({ ...g, path: rel(fromRoot(g.path)) })),
      ],
    },
  };
  const file = path.join(dir, 'grammars.config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export interface CliResult {
  code: number;
  output: string;
}

const cliPath = (cli: 'unit' | 'snapshot') =>
  require.resolve(`vscode-tmgrammar-test/dist/${cli}.js`, { paths: [repoRoot] });

export function runTmGrammarCli(cli: 'unit' | 'snapshot', args: string[]): Promise<CliResult> {
  return runNode([cliPath(cli), ...args]);
}

export function runNode(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Files directly in `dir` whose name ends with one of `suffixes`, as absolute paths. */
export function filesIn(dir: string, suffixes: string[]): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => suffixes.some((s) => name.endsWith(s)))
    .sort()
    .map((name) => path.join(dir, name));
}
