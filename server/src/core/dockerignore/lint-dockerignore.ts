// Checks a .dockerignore for patterns that cannot do anything and for patterns that leave the
// Dockerfile (or the ignore file itself) out of the build context. Pure: text in, findings out.
import { cleanPath, IgnoreRule, readDockerignore } from './read-dockerignore';
import { compileGlob, Glob, globMatchesPath, globMatchesSomething, globsOverlap } from './glob';

export type DockerignoreFindingId = 'dockerignore-never-matches' | 'dockerignore-excludes-dockerfile';

export interface DockerignoreFinding {
  id: DockerignoreFindingId;
  message: string;
  /** 0-based line. */
  line: number;
  startCharacter: number;
  endCharacter: number;
  severity: 'warning' | 'information';
}

export interface LintDockerignoreOptions {
  /**
   * Path of the ignore file relative to the context root, when it is inside the context.
   * Defaults to `.dockerignore`. For a Dockerfile-specific ignore file that lives next to
   * the Dockerfile (`docker/Dockerfile.prod.dockerignore`) pass its path.
   */
  ignoreFilePath?: string;
}

/**
 * @param text the ignore file's content
 * @param dockerfilePath the Dockerfile's path relative to the build context root, e.g.
 *   `Dockerfile` or `docker/Dockerfile.prod`; a path outside the context is not checked
 */
export function lintDockerignore(
  text: string,
  dockerfilePath: string,
  options: LintDockerignoreOptions = {},
): DockerignoreFinding[] {
  const rules = readDockerignore(text);
  const globs = new Map<IgnoreRule, Glob>();
  const findings: DockerignoreFinding[] = [];

  for (const rule of rules) {
    const problem = neverMatches(rule);
    if (problem) {
      findings.push(finding(rule, 'dockerignore-never-matches', 'warning', problem));
      continue;
    }
    const glob = compileGlob(rule.pattern);
    if (!globMatchesSomething(glob)) {
      findings.push(finding(rule, 'dockerignore-never-matches', 'warning', `\`${rule.text}\` cannot match any path.`));
      continue;
    }
    globs.set(rule, glob);
  }

  rules.forEach((rule, index) => {
    const glob = globs.get(rule);
    if (!rule.negated || !glob) return;
    const reopens = rules.slice(0, index).some((earlier) => {
      const other = globs.get(earlier);
      return !earlier.negated && other !== undefined && globsOverlap(other, glob);
    });
    if (!reopens) {
      findings.push(
        finding(
          rule,
          'dockerignore-never-matches',
          'information',
          `\`${rule.text}\` re-includes nothing: no pattern above it excludes anything it matches, ` +
            'and a `!` line only takes back earlier exclusions.',
        ),
      );
    }
  });

  // Both files are read by Docker whatever the patterns say; one finding per deciding line.
  const excluded = new Map<IgnoreRule, { what: string; path: string }[]>();
  const buildFiles: [string, string | undefined][] = [
    ['the Dockerfile', contextPath(dockerfilePath)],
    ['the ignore file', contextPath(options.ignoreFilePath ?? '.dockerignore')],
  ];
  for (const [what, path] of buildFiles) {
    const decisive = path === undefined ? undefined : excludedBy(rules, globs, path);
    if (decisive && path) excluded.set(decisive, [...(excluded.get(decisive) ?? []), { what, path }]);
  }
  for (const [rule, files] of excluded) {
    findings.push(finding(rule, 'dockerignore-excludes-dockerfile', 'information', excludesMessage(rule, files)));
  }

  return findings.sort((a, b) => a.line - b.line || a.startCharacter - b.startCharacter);
}

function excludesMessage(rule: IgnoreRule, files: { what: string; path: string }[]): string {
  const names = files.map((f) => `${f.what} (\`${f.path}\`)`).join(' and ');
  const [it, one] = files.length > 1 ? ['them', 'one'] : ['it', 'it'];
  const negations = files.map((f) => `\`!${f.path}\``).join(' or ');
  return (
    `\`${rule.text}\` leaves ${names} out of the build context. Docker still reads ${it} to run the build, ` +
    `but COPY and ADD from the context will not find ${it}; that is usually intended. ` +
    `If a COPY needs ${one}, add ${negations} after this line.`
  );
}

/** Why a pattern can never take effect, judged from its text alone. */
function neverMatches(rule: IgnoreRule): string | undefined {
  if (rule.error) {
    return `Docker rejects \`${rule.text}\` (syntax error in pattern: ${rule.error}), so builds with this file fail.`;
  }
  // Only the first column starts a comment; `  # note` is the pattern "# note".
  if (rule.text.startsWith('#')) {
    return `\`${rule.text}\` is a pattern, not a comment: only a \`#\` in the first column starts a comment.`;
  }
  const hash = /\s#/.exec(rule.text);
  if (hash) {
    return (
      `\`.dockerignore\` has no end-of-line comments: this line is the pattern \`${rule.text}\`, which only ` +
      `matches a file with exactly that name. Move the comment to its own line.`
    );
  }
  const p = rule.pattern;
  if (p === '.') return `\`${rule.text}\` names the context root, which Docker never matches; use \`*\` or \`**\`.`;
  if (p === '/') return `\`${rule.text}\` is only a slash: Docker matches paths inside the context, never \`/\`.`;
  if (p === '..' || p.startsWith('../')) {
    return `\`${rule.text}\` points outside the build context, which is never sent anyway.`;
  }
  return undefined;
}

/** The rule that finally leaves `path` excluded, or undefined when the path stays in. */
function excludedBy(rules: IgnoreRule[], globs: Map<IgnoreRule, Glob>, path: string): IgnoreRule | undefined {
  let decisive: IgnoreRule | undefined;
  for (const rule of rules) {
    const glob = globs.get(rule);
    if (!glob) continue;
    // Like patternmatcher: a pattern that cannot change the state is not evaluated.
    if (rule.negated !== (decisive !== undefined)) continue;
    if (globMatchesPath(glob, path)) decisive = rule.negated ? undefined : rule;
  }
  return decisive;
}

/** `path` relative to the context root, cleaned; undefined when it is outside the context. */
function contextPath(path: string): string | undefined {
  const cleaned = cleanPath(path.replace(/\\/g, '/'));
  const outside = cleaned === '..' || cleaned.startsWith('../') || cleaned.startsWith('/') || /^[A-Za-z]:/.test(cleaned);
  if (cleaned === '.' || outside) return undefined;
  return cleaned;
}

function finding(
  rule: IgnoreRule,
  id: DockerignoreFindingId,
  severity: DockerignoreFinding['severity'],
  message: string,
): DockerignoreFinding {
  return { id, message, line: rule.line, startCharacter: rule.start, endCharacter: rule.end, severity };
}
