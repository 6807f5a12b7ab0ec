#!/usr/bin/env node
// Writes the three Dockerfile injection grammars under syntaxes/.
//
// They are generated because the heredoc support needs the same family of rules once per
// body language (shell, Python, plain text) and once per nesting level, and the instruction
// rules once per escape character; writing those copies by hand would let them drift apart.
//
//   node scripts/syntaxes/generate-dockerfile-grammars.mjs          write the JSON files
//   node scripts/syntaxes/generate-dockerfile-grammars.mjs --check  exit 1 if they are stale
//
// How the grammars work is explained in docs/syntaxes.md. The comments here say why the
// regular expressions look the way they do.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const EMBEDDED_SCOPE = 'dockerlean.injection.dockerfile-embedded';
export const CONTINUATION_SCOPE = 'dockerlean.injection.dockerfile-continuation';
export const SHELL_HEREDOC_SCOPE = 'dockerlean.injection.dockerfile-shell-heredoc';

const BASE = 'source.dockerfile';
const SHELL_REGION = 'meta.embedded.line.shell.dockerfile';
const SHELL_BLOCK = 'meta.embedded.block.shell.dockerfile';
const PYTHON_BLOCK = 'meta.embedded.block.python.dockerfile';
const TEXT_BLOCK = 'string.unquoted.heredoc.dockerfile';
const BACKTICK_MODE = 'meta.escape-backtick.dockerfile';
const DIRECTIVES = 'meta.directives.dockerfile';

// ---------------------------------------------------------------- regular-expression pieces

// Dockerfile keywords are case-insensitive; the built-in grammar gives them these scopes,
// and so do we, because our rules take the whole line from the keyword on.
const ONBUILD = String.raw`(?:((?i:ONBUILD))[ \t]+)?`;
const keyword = (name) => String.raw`^[ \t]*${ONBUILD}((?i:${name}))(?=[ \t]|$)`;
const KEYWORD_CAPTURES = {
  1: { name: 'keyword.control.dockerfile' },
  2: { name: 'keyword.other.special-method.dockerfile' },
};

// A heredoc word as BuildKit accepts it in practice: no blanks, quotes or shell operators.
const WORD = String.raw`[^\s"'<>|&;()\\]+`;
// BuildKit splits the instruction into words and takes a word that starts with `<<WORD` as a
// heredoc, so the token must start a word (`cat<<EOF` is not one) and `<<<` (a here-string)
// is not one either.
const TOKEN = String.raw`(?<=[ \t])<<-?(?:"${WORD}"|'${WORD}'|${WORD})`;
// One unit of header text that is not a heredoc token. Quoted strings are skipped whole,
// so `RUN echo "<<EOF"` does not count as a heredoc.
const SKIP = String.raw`(?:[^"'<\n]|"[^"\n]*"|'[^'\n]*'|<(?!<)|<<<|(?<![ \t])<<|<<(?!-?["']?[^\s"'<>|&;()\\]))`;
// Captures quote (group 1) and word (group 2) of the heredoc token at the current position.
const TOKEN_CAPTURE = String.raw`(?<=[ \t])<<-?(["']?)(${WORD})\1`;
// Flags as they appear on the keyword's own line (continued flags are handled by #flags-*).
const FLAGS_ON_LINE = String.raw`((?:[ \t]+--[A-Za-z][\w-]*(?:=\S*)?)*)`;
// Command names, without a trailing boundary so that they can sit inside a look-behind
// (Oniguruma rejects a look-ahead there); every use puts a blank or the line end after them.
const PYTHON = String.raw`(?:[^\s"'<>|&;()]*/)?python(?:3(?:\.\d+)?)?`;
const SHELL = String.raw`(?:[^\s"'<>|&;()]*/)?(?:ba|da|a|z|k|mk)?sh`;
const NOT_EXEC_FORM = String.raw`(?![ \t]*\[)`;

// `\G(?<=.)`: at the position where the enclosing rule began, but never at column 0. On
// body lines vscode-textmate allows \G at column 0 after the `while` checks, and a body line
// that happens to start with `<<X` must not open a new heredoc level.
const HERE = String.raw`\G(?<=.)`;

// Which heredoc token of the header a level stands for. Levels nest outermost-last, so the
// body that ends last belongs to the outermost level.
const LEVEL_LOOKAHEAD = {
  1: String.raw`${HERE}(?=${TOKEN_CAPTURE})`,
  2: String.raw`${HERE}(?=${TOKEN}${SKIP}*?${TOKEN_CAPTURE})`,
  // Greedy, so the last token is found by backing off from the line end, not by looking
  // ahead from every token.
  3: String.raw`${HERE}(?=${TOKEN}${SKIP}*?${TOKEN}(?:${SKIP}|${TOKEN})*${TOKEN_CAPTURE}${SKIP}*$)`,
};

// The terminator: the word alone on its line. Leading tabs are accepted for `<<` as well as
// `<<-` because a grammar cannot make the end pattern depend on the dash; see docs.
const terminator = (group) => '^\\t*(\\' + group + ')$';
const notTerminator = (group) => '^(?!\\t*\\' + group + '$)';
const TERMINATOR_CAPTURES = { 1: { name: 'keyword.control.heredoc-token.dockerfile' } };

const NEVER = '(?!)';

// ---------------------------------------------------------------- shared small rules

const variables = {
  patterns: [
    {
      match: String.raw`(\$\{)([^}\n]*)(\})`,
      name: 'variable.other.dockerfile',
      captures: {
        1: { name: 'punctuation.definition.variable.begin.dockerfile' },
        3: { name: 'punctuation.definition.variable.end.dockerfile' },
      },
    },
    {
      match: String.raw`(\$)[A-Za-z_][A-Za-z0-9_]*`,
      name: 'variable.other.dockerfile',
      captures: { 1: { name: 'punctuation.definition.variable.dockerfile' } },
    },
  ],
};

const heredocToken = {
  match: String.raw`(?<=[ \t])(<<-?)(["']?)(${WORD})(\2)`,
  captures: {
    1: { name: 'keyword.operator.heredoc.dockerfile' },
    2: { name: 'punctuation.definition.string.begin.dockerfile' },
    3: { name: 'keyword.control.heredoc-token.dockerfile' },
    4: { name: 'punctuation.definition.string.end.dockerfile' },
  },
};

const quotedStrings = {
  patterns: [
    {
      match: String.raw`"(?:[^"\\\n]|\\.)*"`,
      name: 'string.quoted.double.dockerfile',
    },
    {
      match: String.raw`'[^'\n]*'`,
      name: 'string.quoted.single.dockerfile',
    },
  ],
};

// Arguments of COPY/ADD (and of shell-less forms in backtick mode).
const args = (mode) => ({
  patterns: [
    { include: '#variables' },
    { include: '#quoted-strings' },
    { match: `${ESC[mode]}.`, name: 'constant.character.escape.dockerfile' },
  ],
});

const flagValue = {
  patterns: [
    { include: '#variables' },
    {
      match: String.raw`([A-Za-z][\w-]*)(=)`,
      captures: {
        1: { name: 'variable.parameter.option.dockerfile' },
        2: { name: 'keyword.operator.assignment.dockerfile' },
      },
    },
    { match: ',', name: 'punctuation.separator.comma.dockerfile' },
    { match: String.raw`[^,=\s$]+`, name: 'string.unquoted.flag-value.dockerfile' },
  ],
};

// ---------------------------------------------------------------- escape-dependent rules

// The escape character as it goes into a regular expression, per mode: `bs` is the default
// backslash, `bt` the backtick of `# escape=\``.
const ESC = { bs: '\\\\', bt: '`' };

// Line continuation. The rule's begin consumes the end of line, so that vscode-textmate
// records "begin captured EOL" for it; on the next line the instruction's `while: \G` can
// only match in that state. That is how an instruction learns that its previous line ended
// with the escape character, even when the escape sits deep inside embedded shell rules.
// Comment lines and blank lines inside a continued instruction are skipped by Docker, so the
// rule stays open over them.
const continuation = (mode) => ({
  begin: String.raw`(${ESC[mode]})[ \t]*\n`,
  beginCaptures: { 1: { name: 'constant.character.escape.line-continuation.dockerfile' } },
  end: String.raw`^(?![ \t]*(?:#|$))`,
  name: 'meta.line-continuation.dockerfile',
  patterns: [
    {
      match: String.raw`^[ \t]*((#).*)$`,
      captures: {
        1: { name: 'comment.line.number-sign.dockerfile' },
        2: { name: 'punctuation.definition.comment.dockerfile' },
      },
    },
  ],
});

// Flags may continue over several lines (`RUN --mount=… \` newline `--mount=…`), so they
// get a region that ends before the first word that is not a flag.
const flags = (mode) => {
  const e = ESC[mode];
  return {
    begin: String.raw`\G`,
    end: String.raw`(?=[^\s${e}-]|-(?!-)|${e}(?![ \t]*$))`,
    name: 'meta.flags.dockerfile',
    patterns: [{ include: `#continuation-${mode}` }, { include: `#flag-${mode}` }],
  };
};

const flag = (mode) => {
  const e = ESC[mode];
  return {
    match: String.raw`((--)([A-Za-z][\w-]*))(?:(=)((?:[^\s${e}]|${e}(?![ \t]*$))*))?`,
    captures: {
      1: { name: 'entity.other.attribute-name.flag.dockerfile' },
      2: { name: 'punctuation.definition.flag.dockerfile' },
      4: { name: 'keyword.operator.assignment.dockerfile' },
      5: { patterns: [{ include: '#flag-value' }] },
    },
  };
};

// JSON exec form. Only taken when `[` is followed by a string or `]`, because `RUN [ -f x ]`
// is the shell's test command in shell form. Once taken, the rest of the instruction stays
// in the exec form (Docker does not fall back half-way).
const execForm = (mode) => ({
  begin: String.raw`(?=\[[ \t]*(?:"|\]))`,
  end: NEVER,
  name: 'meta.exec-form.dockerfile',
  patterns: [
    { include: `#continuation-${mode}` },
    {
      begin: String.raw`\[`,
      beginCaptures: { 0: { name: 'punctuation.definition.array.begin.dockerfile' } },
      end: String.raw`\]`,
      endCaptures: { 0: { name: 'punctuation.definition.array.end.dockerfile' } },
      name: 'meta.array.dockerfile',
      patterns: [
        { include: `#continuation-${mode}` },
        {
          begin: '"',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.dockerfile' } },
          end: '"',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.dockerfile' } },
          name: 'string.quoted.double.dockerfile',
          patterns: [
            { include: `#continuation-${mode}` },
            {
              match: String.raw`\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})`,
              name: 'constant.character.escape.dockerfile',
            },
          ],
        },
        { match: ',', name: 'punctuation.separator.array.dockerfile' },
      ],
    },
  ],
});

// Shell form. With the default escape character the text is handed to the shellscript
// grammar; the region never ends by itself, the instruction's `while` pops it. With
// `# escape=\`` (Windows images, usually cmd or PowerShell) it stays plain arguments.
const shellForm = (mode) =>
  mode === 'bs'
    ? {
        begin: String.raw`(?=[^ \t\n])`,
        end: NEVER,
        contentName: SHELL_REGION,
        patterns: [{ include: '#shell-first-statement' }, { include: 'source.shell' }],
      }
    : {
        begin: String.raw`(?=[^ \t\n])`,
        end: NEVER,
        contentName: 'meta.shell-form.dockerfile',
        patterns: [{ include: '#continuation-bt' }, { include: '#args-bt' }],
      };

// A `begin`/`while` instruction: see #continuation-* for why `while` is `\G`.
const lineInstruction = (name, scope, patterns) => ({
  begin: keyword(name),
  beginCaptures: KEYWORD_CAPTURES,
  while: String.raw`\G`,
  name: `meta.instruction.${scope}.dockerfile`,
  patterns,
});

const instructionsFor = (mode) => ({
  [`instruction-run-${mode}`]: lineInstruction('RUN', 'run', [
    { include: `#flags-${mode}` },
    { include: `#continuation-${mode}` },
    { include: `#exec-form-${mode}` },
    { include: `#shell-form-${mode}` },
  ]),
  [`instruction-cmd-${mode}`]: lineInstruction('CMD', 'cmd', [
    { include: `#continuation-${mode}` },
    { include: `#exec-form-${mode}` },
    { include: `#shell-form-${mode}` },
  ]),
  [`instruction-entrypoint-${mode}`]: lineInstruction('ENTRYPOINT', 'entrypoint', [
    { include: `#continuation-${mode}` },
    { include: `#exec-form-${mode}` },
    { include: `#shell-form-${mode}` },
  ]),
  [`instruction-healthcheck-${mode}`]: lineInstruction('HEALTHCHECK', 'healthcheck', [
    { include: `#flags-${mode}` },
    { include: `#continuation-${mode}` },
    {
      match: String.raw`(?<![\w-])(?i:NONE)(?![\w-])`,
      name: 'constant.language.none.dockerfile',
    },
    {
      begin: String.raw`(?<![\w-])((?i:CMD))(?=[ \t]|$)`,
      beginCaptures: { 1: { name: 'keyword.other.special-method.dockerfile' } },
      end: NEVER,
      patterns: [
        { include: `#continuation-${mode}` },
        { include: `#exec-form-${mode}` },
        { include: `#shell-form-${mode}` },
      ],
    },
  ]),
  [`instruction-copy-${mode}`]: lineInstruction('COPY|ADD', 'copy', [
    { include: `#flags-${mode}` },
    { include: `#continuation-${mode}` },
    { include: `#exec-form-${mode}` },
    { include: `#args-${mode}` },
  ]),
});

// ---------------------------------------------------------------- heredocs

// Body kinds: what the header remainder and the bodies are tokenised as.
// A RUN heredoc is a script only when it is the whole command or is fed to a shell (BuildKit
// then also honours a `#!` line, hence the shebang check); fed to python it is Python; fed to
// anything else (`cat > file`, `tee`) it is data. Bodies after the first on one line are
// nearly always data for `cat`.
const KINDS = {
  'run-shell': { header: 'shell', first: 'shell-with-shebang', rest: 'text' },
  'run-python': { header: 'shell', first: 'python', rest: 'text' },
  'run-text': { header: 'shell', first: 'text', rest: 'text' },
  copy: { header: 'args', first: 'text', rest: 'text' },
};

// `where`: before the first token (after the keyword) or after a token.
const headerPatterns = (header, where = 'after-token') =>
  header === 'shell'
    ? {
        name: SHELL_REGION,
        patterns: [{ include: '#heredoc-token' }, { include: `#shell-statement-${where}` }, { include: 'source.shell' }],
      }
    : { patterns: [{ include: '#heredoc-token' }, { include: '#args-bs' }] };

// The body starts on the line after the header (`^`) and never ends by itself: the level's
// `while` pops it at the terminator line, together with whatever the embedded grammar left
// open. That is what keeps an unbalanced quote in a heredoc from running into the rest of
// the Dockerfile.
const bodyRule = (body) => {
  switch (body) {
    case 'shell-with-shebang':
      return {
        begin: '^',
        end: NEVER,
        name: SHELL_BLOCK,
        patterns: [{ include: '#python-shebang' }, { include: 'source.shell' }],
      };
    case 'python':
      return { begin: '^', end: NEVER, name: PYTHON_BLOCK, patterns: [{ include: 'source.python' }] };
    case 'text':
      return { begin: '^', end: NEVER, name: TEXT_BLOCK };
    default:
      throw new Error(`unknown body ${body}`);
  }
};

// The header line after the first `<<WORD`: up to one more token is captured on its own so
// that it is scoped as a token even when the header text around it is shell.
const SEGMENTS = String.raw`(${SKIP}*)(?:(${TOKEN})(${SKIP}*))?(.*)`;
// Captures of `(<<-?)(["']?)(WORD)(\2)` followed by SEGMENTS.
const headerCaptures = (hp) => ({
  1: { name: 'keyword.operator.heredoc.dockerfile' },
  2: { name: 'punctuation.definition.string.begin.dockerfile' },
  3: { name: 'keyword.control.heredoc-token.dockerfile' },
  4: { name: 'punctuation.definition.string.end.dockerfile' },
  5: hp,
  6: { patterns: [{ include: '#heredoc-token' }] },
  7: hp,
  8: hp,
});

const heredocLevels = (kind) => {
  const { header, first, rest } = KINDS[kind];
  const hp = headerPatterns(header);
  const id = (what) => `heredoc-${kind}-${what}`;
  const repo = {};

  // Level k = an outer begin/end rule that consumes the terminator line (Lk), holding a
  // begin/while rule (Bk) that holds the body. Lk and Bk both capture the word because a
  // rule's end/while can only refer back to its own begin.
  for (const k of [1, 2, 3]) {
    repo[id(`L${k}`)] = {
      begin: LEVEL_LOOKAHEAD[k],
      end: terminator(2),
      endCaptures: TERMINATOR_CAPTURES,
      name: 'meta.heredoc.dockerfile',
      patterns: [{ include: `#${id(`B${k}`)}` }],
    };
  }
  repo[id('B1')] = {
    begin: String.raw`${HERE}(<<-?)(["']?)(${WORD})(\2)${SEGMENTS}$`,
    beginCaptures: headerCaptures(hp),
    while: notTerminator(3),
    patterns: [{ include: `#${id('body1')}` }],
  };
  for (const k of [2, 3]) {
    repo[id(`B${k}`)] = {
      begin: LEVEL_LOOKAHEAD[k],
      while: notTerminator(2),
      patterns: [{ include: `#${id(`L${k - 1}`)}` }, { include: `#${id('body')}` }],
    };
  }
  repo[id('body1')] = bodyRule(first);
  repo[id('body')] = bodyRule(rest);
  return repo;
};

const heredocInstruction = (names, scope, kind, pre) => ({
  begin: String.raw`^[ \t]*${ONBUILD}((?i:${names}))${FLAGS_ON_LINE}${NOT_EXEC_FORM}${pre}`,
  beginCaptures: {
    ...KEYWORD_CAPTURES,
    3: { patterns: [{ include: '#flag-bs' }] },
    4: headerPatterns(KINDS[kind].header, 'after-keyword'),
  },
  end: '$',
  name: `meta.instruction.${scope}.heredoc.dockerfile`,
  patterns: [
    { include: `#heredoc-${kind}-L3` },
    { include: `#heredoc-${kind}-L2` },
    { include: `#heredoc-${kind}-L1` },
  ],
});

// Header text before the first token. `pre` must end right before that token.
const PRE = String.raw`([ \t]${SKIP}*?)`;
const commandBefore = (command) => String.raw`([ \t](?:${SKIP}*?[ \t;&|(])?${command}(?:[ \t]+-[^\s<]*)*[ \t]+)(?=${TOKEN})`;
const commandAfter = (command) => String.raw`${PRE}(?=${TOKEN}(?:[ \t]+|[ \t]*\|[ \t]*)${command}(?:[ \t]|$))`;
// `RUN <<EOF` alone, or `RUN <<EOF bash -e`.
const SCRIPT_ONLY = String.raw`([ \t]+)(?=${TOKEN}[ \t]*(?:${SHELL}(?:[ \t]+-\S*)*[ \t]*)?$)`;

// A heredoc inside shell form that is already under way, e.g.
//   RUN --mount=type=cache,target=/root/.cache \
//       python3 <<EOF
// The RUN rule is a begin/while rule that only survives a line whose previous line left a
// rule with a captured end of line on top of the stack. So the header and every body line
// are consumed by rules whose begin includes the newline, and the body is tokenised line by
// line (multi-line shell or Python constructs are not followed; see docs). These rules reach
// the shell form as an injection, since the rules around them belong to the shell grammar.
// In the shell form the token may start a continued line, and the shellscript grammar does
// not always scope a quoted word as a string (a quoted command name is not), so the quotes
// before the token on its line are counted.
const OUTSIDE_QUOTES = String.raw`(?<=^(?:[^"'\n]|"[^"\n]*"|'[^'\n]*')*(?:^|[ \t]))`;
const IN_SHELL_TOKEN = String.raw`<<-?(["']?)(${WORD})\1`;
const fedTo = (command) => String.raw`(?<=(?:^|[\s;&|(])${command}[ \t]+(?:-[^\s<]*[ \t]+)*)`;
const SHELL_BODIES = {
  python: { lookbehind: fedTo(PYTHON), line: { name: PYTHON_BLOCK, patterns: [{ include: 'source.python' }] } },
  shell: { lookbehind: fedTo(SHELL), line: { name: SHELL_BLOCK, patterns: [{ include: 'source.shell' }] } },
  text: { lookbehind: '', line: { name: TEXT_BLOCK } },
};
const shellHeredoc = (body) => {
  const id = (what) => `heredoc-in-shell-${body}-${what}`;
  const { lookbehind, line } = SHELL_BODIES[body];
  const hp = headerPatterns('shell');
  return {
    [`heredoc-in-shell-${body}`]: {
      // The cheap look-ahead first: Oniguruma tries the look-behinds at every position.
      begin: String.raw`(?=<<)${lookbehind}${OUTSIDE_QUOTES}(?=${IN_SHELL_TOKEN})`,
      end: terminator(2),
      endCaptures: TERMINATOR_CAPTURES,
      name: 'meta.heredoc.dockerfile',
      patterns: [{ include: `#${id('B1')}` }],
    },
    [id('B1')]: {
      begin: String.raw`\G(<<-?)(["']?)(${WORD})(\2)${SEGMENTS}\n`,
      beginCaptures: headerCaptures(hp),
      while: notTerminator(3),
      patterns: [{ include: `#${id('line')}` }],
    },
    [id('line')]: {
      begin: String.raw`^(.*)\n`,
      beginCaptures: { 1: line },
      end: '^',
    },
  };
};

// The shellscript grammar starts a statement only at column 0 or after a shell operator
// (its begin has a look-behind for that), so the first command of a shell form, which
// follows `RUN `, would not be recognised. These rules start that first statement and hand
// its contents to the shell grammar's own statement patterns.
const STATEMENT_END = String.raw`(?=[\n&);{|}]|\x60|[ \t]*#|\])(?<!\\)`;
const firstStatement = (begin) => ({
  begin,
  end: STATEMENT_END,
  name: 'meta.statement.shell',
  patterns: [{ include: 'source.shell#typical_statements' }],
});
// In a heredoc header the text is tokenised inside begin captures, where \G never matches,
// so the statement start is recognised by what precedes it: the RUN keyword (and flags) or
// a heredoc token. After shell operators the shell grammar starts statements by itself.
// The cheap checks come first, and the look-behind back to the keyword is only used before
// the first token, where the text is short.
const WORD_START = String.raw`(?=[^ \t\n<>|&;()])(?<=[ \t])`;
const STATEMENT_AFTER_KEYWORD = firstStatement(
  String.raw`${WORD_START}(?<=^[ \t]*(?:(?i:ONBUILD)[ \t]+)?(?i:RUN)(?:[ \t]+--\S+)*[ \t]+)`,
);
const STATEMENT_AFTER_TOKEN = firstStatement(String.raw`${WORD_START}(?<=<<-?(?:"${WORD}"|'${WORD}'|${WORD})[ \t]+)`);

// ---------------------------------------------------------------- parser directives

// `# escape=\`` switches the escape character for the whole file, but only within the
// parser directives at the very top. The rule that stands for backtick mode never ends, so
// everything after it is tokenised by the backtick variants of our rules plus the base
// grammar; the main injection is switched off inside it by its selector.
const directives = {
  begin: String.raw`\A(?=#[ \t]*[A-Za-z][\w-]*[ \t]*=)`,
  end: String.raw`^(?!#[ \t]*[A-Za-z][\w-]*[ \t]*=)`,
  name: DIRECTIVES,
  patterns: [{ include: '#escape-backtick' }, { include: BASE }],
};

const escapeBacktick = {
  begin: '^((#)[ \\t]*((?i:escape))[ \\t]*(=)[ \\t]*(`))[ \\t]*$',
  beginCaptures: {
    1: { name: 'comment.line.number-sign.dockerfile meta.directive.escape.dockerfile' },
    2: { name: 'punctuation.definition.comment.dockerfile' },
    3: { name: 'keyword.other.directive.dockerfile' },
    4: { name: 'keyword.operator.assignment.dockerfile' },
    5: { name: 'constant.character.escape.dockerfile' },
  },
  end: NEVER,
  contentName: BACKTICK_MODE,
  patterns: [...instructionPatterns('bt'), { include: BASE }],
};

function instructionPatterns(mode) {
  return [
    { include: '#instruction-run-heredoc-python-before' },
    { include: '#instruction-run-heredoc-python-after' },
    { include: '#instruction-run-heredoc-shell-before' },
    { include: '#instruction-run-heredoc-shell-after' },
    { include: '#instruction-run-heredoc-script' },
    { include: '#instruction-run-heredoc' },
    { include: '#instruction-copy-heredoc' },
    { include: `#instruction-run-${mode}` },
    { include: `#instruction-cmd-${mode}` },
    { include: `#instruction-entrypoint-${mode}` },
    { include: `#instruction-healthcheck-${mode}` },
    { include: `#instruction-copy-${mode}` },
  ];
}

// ---------------------------------------------------------------- the grammars

export function embeddedGrammar() {
  const repository = {
    directives,
    'escape-backtick': escapeBacktick,
    'instruction-run-heredoc-python-before': heredocInstruction('RUN', 'run', 'run-python', commandBefore(PYTHON)),
    'instruction-run-heredoc-python-after': heredocInstruction('RUN', 'run', 'run-python', commandAfter(PYTHON)),
    'instruction-run-heredoc-shell-before': heredocInstruction('RUN', 'run', 'run-shell', commandBefore(SHELL)),
    'instruction-run-heredoc-shell-after': heredocInstruction('RUN', 'run', 'run-shell', commandAfter(SHELL)),
    'instruction-run-heredoc-script': heredocInstruction('RUN', 'run', 'run-shell', SCRIPT_ONLY),
    'instruction-run-heredoc': heredocInstruction('RUN', 'run', 'run-text', `${PRE}(?=${TOKEN})`),
    'instruction-copy-heredoc': heredocInstruction('COPY|ADD', 'copy', 'copy', `${PRE}(?=${TOKEN})`),
    ...instructionsFor('bs'),
    ...instructionsFor('bt'),
    ...heredocLevels('run-shell'),
    ...heredocLevels('run-python'),
    ...heredocLevels('run-text'),
    ...heredocLevels('copy'),
    'shell-first-statement': firstStatement(String.raw`\G(?=[^ \t\n])`),
    'shell-statement-after-keyword': STATEMENT_AFTER_KEYWORD,
    'shell-statement-after-token': STATEMENT_AFTER_TOKEN,
    'python-shebang': {
      begin: String.raw`^(?=#!.*\bpython)`,
      end: NEVER,
      name: PYTHON_BLOCK,
      patterns: [{ include: 'source.python' }],
    },
    'continuation-bs': continuation('bs'),
    'continuation-bt': continuation('bt'),
    'flags-bs': flags('bs'),
    'flags-bt': flags('bt'),
    'flag-bs': flag('bs'),
    'flag-bt': flag('bt'),
    'exec-form-bs': execForm('bs'),
    'exec-form-bt': execForm('bt'),
    'shell-form-bs': shellForm('bs'),
    'shell-form-bt': shellForm('bt'),
    'args-bs': args('bs'),
    'args-bt': args('bt'),
    'flag-value': flagValue,
    'heredoc-token': heredocToken,
    'quoted-strings': quotedStrings,
    variables,
  };
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Dockerfile embedded languages (dockerlean)',
    scopeName: EMBEDDED_SCOPE,
    comment: 'Generated by scripts/syntaxes/generate-dockerfile-grammars.mjs; do not edit by hand.',
    // Our instruction rules never nest, so the injection is off inside them; inside backtick
    // mode the rule for that mode brings its own variants; inside the directives it would
    // start the directives rule again at the same place.
    injectionSelector: `L:${BASE} -comment -meta.instruction -${BACKTICK_MODE} -${DIRECTIVES}`,
    patterns: [{ include: '#directives' }, ...instructionPatterns('bs')],
    repository,
  };
}

// Inside the shell form the rules around a line end or a heredoc belong to the shellscript
// grammar, so our rules can only get there as injections. An injection grammar has one
// selector, and these two need different ones: a line continuation counts inside a shell
// string too, a heredoc token does not.
const injectionGrammar = (scopeName, name, selector, patterns, repository) => ({
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name,
  scopeName,
  comment: 'Generated by scripts/syntaxes/generate-dockerfile-grammars.mjs; do not edit by hand.',
  injectionSelector: selector,
  patterns,
  repository,
});

export function continuationGrammar() {
  return injectionGrammar(
    CONTINUATION_SCOPE,
    'Dockerfile line continuation inside shell form (dockerlean)',
    `L:${SHELL_REGION} -meta.heredoc`,
    [{ include: '#continuation-bs' }],
    { 'continuation-bs': continuation('bs') },
  );
}

export function shellHeredocGrammar() {
  return injectionGrammar(
    SHELL_HEREDOC_SCOPE,
    'Dockerfile heredocs inside shell form (dockerlean)',
    `L:${SHELL_REGION} -meta.heredoc -string -comment`,
    [
      { include: '#heredoc-in-shell-python' },
      { include: '#heredoc-in-shell-shell' },
      { include: '#heredoc-in-shell-text' },
    ],
    {
      ...shellHeredoc('python'),
      ...shellHeredoc('shell'),
      ...shellHeredoc('text'),
      'heredoc-token': heredocToken,
      'shell-statement-after-token': STATEMENT_AFTER_TOKEN,
    },
  );
}

export const OUTPUTS = [
  { file: 'syntaxes/dockerfile-embedded.tmLanguage.json', build: embeddedGrammar },
  { file: 'syntaxes/dockerfile-continuation.tmLanguage.json', build: continuationGrammar },
  { file: 'syntaxes/dockerfile-shell-heredoc.tmLanguage.json', build: shellHeredocGrammar },
];

const render = (grammar) => JSON.stringify(grammar, null, 2) + '\n';

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, build } of OUTPUTS) {
    const path = join(root, file);
    const text = render(build());
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== text) {
        console.error(`${file} is stale: run node scripts/syntaxes/generate-dockerfile-grammars.mjs`);
        stale++;
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exit(stale === 0 ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
