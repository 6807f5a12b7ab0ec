// The benchmark's inputs: the repository's own Dockerfile fixtures and generated files,
// written to a scratch directory so the CLIs and language servers read real files.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { generateDockerfile } from '../generate.mjs';

export const GENERATED_SIZES = [300, 2000, 10000];

// Every test/fixtures/<any depth>/Dockerfile and server/src/core/rules/<rule>/fixtures/<x>.Dockerfile
// (not the `.fixed` outputs a fix is compared against).
export function fixtureFiles(root) {
  const out = [];
  const walk = (dir, accept) => {
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, accept);
      else if (accept(p, name)) out.push(p);
    }
  };
  walk(join(root, 'test/fixtures'), (_p, name) => name === 'Dockerfile');
  const rules = join(root, 'server/src/core/rules');
  for (const rule of safeList(rules)) {
    const dir = join(rules, rule, 'fixtures');
    for (const name of safeList(dir)) if (name.endsWith('.Dockerfile') && !name.endsWith('.fixed.Dockerfile')) out.push(join(dir, name));
  }
  return out.sort().map((path) => ({ name: relative(root, path), path, text: readFileSync(path, 'utf8') }));
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function generatedInputs(sizes = GENERATED_SIZES) {
  return sizes.map((lines) => ({ name: `generated-${lines}`, lines, text: generateDockerfile(lines, 1) }));
}

/**
 * A scratch directory holding: one folder per generated input (a build context of its own, as
 * in a real project), and `corpus/`, at least `min` Dockerfiles for the CLI and memory runs —
 * every fixture plus small generated files of varied shape.
 */
export function writeScratch(root, { min = 120, sizes = GENERATED_SIZES } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlean-bench-'));
  const generated = generatedInputs(sizes).map((g) => {
    const d = join(dir, g.name);
    mkdirSync(d);
    const path = join(d, 'Dockerfile');
    writeFileSync(path, g.text);
    return { ...g, path };
  });
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  const files = [];
  const fixtures = fixtureFiles(root);
  fixtures.forEach((f, i) => {
    const p = join(corpus, `${String(i).padStart(3, '0')}-${basename(dirname(f.path))}-${basename(f.path).replace(/\.Dockerfile$/, '')}.Dockerfile`);
    writeFileSync(p, f.text);
    files.push(p);
  });
  const shapes = [40, 60, 90, 150, 300];
  for (let seed = 1; files.length < min; seed++) {
    const p = join(corpus, `${String(files.length).padStart(3, '0')}-generated-${seed}.Dockerfile`);
    writeFileSync(p, generateDockerfile(shapes[seed % shapes.length], seed));
    files.push(p);
  }
  return { dir, generated, corpus, corpusFiles: files, fixtures, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
