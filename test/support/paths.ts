import * as path from 'node:path';
import * as fs from 'node:fs';

/** The repository root, found from the compiled test's location (out/...) or the source tree. */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'out') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found from ' + __dirname);
    dir = parent;
  }
  return dir;
})();

export const fromRoot = (...parts: string[]): string => path.join(repoRoot, ...parts);
