import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Rule docs ship with the extension and the npm package (docs/rules/<id>.md), so links work
 * offline and match the installed version. Found by walking up from the running bundle.
 */
let docsDir: string | null | undefined;

export function ruleDocsUrl(ruleId: string): string | undefined {
  if (docsDir === undefined) docsDir = findDocsDir();
  if (!docsDir) return undefined;
  const page = path.join(docsDir, `${ruleId}.md`);
  return fs.existsSync(page) ? pathToFileURL(page).toString() : undefined;
}

function findDocsDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}
