import type { PolicedFinding } from '../core/rules/policy';
import type { Rule } from '../core/rules/types';

export interface FileResult {
  readonly file: string;
  readonly findings: readonly PolicedFinding[];
}

/** `dockerlean check --format json`: the contract other tools read. Extend, never rename. */
export function toJson(results: readonly FileResult[]): unknown {
  return results.map((r) => ({
    file: r.file,
    findings: r.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      fixes: (f.fixes ?? []).map((x) => x.title),
    })),
  }));
}

export function toText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let count = 0;
  for (const r of results) {
    for (const f of r.findings) {
      count++;
      lines.push(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.ruleId}] ${f.message}`);
      for (const x of f.fixes ?? []) lines.push(`    fix available: ${x.title}${x.safety === 'safe' ? '' : ' (review before applying)'}`);
    }
  }
  if (results.length) lines.push(count === 0 ? 'No findings.' : `${count} finding${count === 1 ? '' : 's'} in ${results.filter((r) => r.findings.length).length} file(s).`);
  return lines.join('\n') + '\n';
}

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0, validated against the OASIS schema in the tests. */
export function toSarif(results: readonly FileResult[], rules: readonly Rule[], version: string, docsUrl: (id: string) => string | undefined): unknown {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerlean',
            version,
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.description },
              ...(docsUrl(r.meta.id) ? { helpUri: docsUrl(r.meta.id) } : {}),
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { category: r.meta.category, fixable: r.meta.fixable },
            })),
          },
        },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [location(r.file, f.range)],
            ...(f.related?.length ? { relatedLocations: f.related.map((x, id) => ({ id, ...location(r.file, x.range), message: { text: x.message } })) } : {}),
            ...(f.fixes?.length
              ? {
                  fixes: f.fixes.map((x) => ({
                    description: { text: x.title },
                    artifactChanges: [
                      {
                        artifactLocation: { uri: toUri(r.file) },
                        replacements: x.edits.map((e) => ({
                          deletedRegion: region(e.range),
                          insertedContent: { text: e.newText },
                        })),
                      },
                    ],
                  })),
                }
              : {}),
          })),
        ),
      },
    ],
  };
}

function location(file: string, range: PolicedFinding['range']) {
  return { physicalLocation: { artifactLocation: { uri: toUri(file) }, region: region(range) } };
}

function region(range: PolicedFinding['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
