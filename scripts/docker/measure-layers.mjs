#!/usr/bin/env node
// Builds a Dockerfile on a real engine and prints the size of every instruction's layer as JSON,
// to hold dockerlean's estimates against reality.
//
//   node scripts/docker/measure-layers.mjs <Dockerfile> [context] [--target STAGE] [--build-arg K=V]... [--keep]
//
// Needs the compiled harness (`npm run compile-tests`, i.e. `tsc -p .`) and what
// scripts/ci/install-docker.sh installs; run as root (a private dockerd), or point DOCKER_HOST at a
// running engine. debian:<release>[-slim] bases are made locally when missing (see
// test/docker/engine.ts); any other base must already be in that engine. Progress goes to stderr.
//
// Output (stdout), one JSON object — LayerMeasurement in test/docker/layers.ts:
// {
//   "dockerfile": "/abs/Dockerfile", "context": "/abs/dir", "target": "runtime" | undefined,
//   "tag": "dockerlean-measure:…",              // removed again unless --keep
//   "engine": { "serverVersion": "20.10.24+dfsg1", "owned": true },
//   "buildMs": 31800,
//   "image": { "id": "sha256:…", "sizeBytes": 120004567 },           // final image, exact bytes
//   "stages": [{ "index": 0, "name": "builder", "from": "debian:bookworm-slim", "fromStage"?: 0,
//                "baseImageId": "…", "baseSizeBytes": 74812345, "baseHistoryEntries": 1,
//                "imageId": "…", "sizeBytes": 150123456, "final": false }, …],
//   "layers": [{                                   // one per Dockerfile instruction, in file order
//       "stage": 0 | null,                         // null: ARG before the first FROM
//       "stageName": "builder", "keyword": "RUN", "text": "RUN apt-get update && …",
//       "line": 4, "endLine": 6,                   // 1-based lines in the Dockerfile
//       "kind": "layer" | "from" | "global-arg",   // from: sizeBytes is the whole starting image
//       "sizeBytes": 45678901,                     // bytes this instruction added (0 for ENV, CMD, …)
//       "createdBy": "/bin/sh -c apt-get update && …", "imageId": "…", "cached": false }, …],
//   "finalHistoryCheck": { "historyEntries": 5, "baseEntries": 1, "instructionEntries": 4,
//                          "consistent": true }     // final image history minus base entries == per-step sizes
// }
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

const usage = 'usage: measure-layers.mjs <Dockerfile> [context] [--target STAGE] [--build-arg K=V]... [--keep]';
const positional = [];
const buildArgs = {};
let target;
let keepImage = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--target') target = argv[++i];
  else if (a === '--build-arg') {
    const [k, ...v] = (argv[++i] ?? '').split('=');
    buildArgs[k] = v.join('=');
  } else if (a === '--keep') keepImage = true;
  else if (a === '-h' || a === '--help') {
    console.log(usage);
    process.exit(0);
  } else if (a.startsWith('--')) {
    console.error(`unknown option ${a}\n${usage}`);
    process.exit(2);
  } else positional.push(a);
}
if (positional.length < 1 || positional.length > 2) {
  console.error(usage);
  process.exit(2);
}

const compiled = join(root, 'out', 'test', 'docker');
if (!existsSync(join(compiled, 'layers.js'))) {
  console.error(`compiled harness not found in ${compiled}: run \`npm run compile-tests\` first`);
  process.exit(2);
}
const { startEngine, ensureBaseImages, engineSkipReason } = require(join(compiled, 'engine.js'));
const { measureLayers, parseDockerfile, externalBaseImages } = require(join(compiled, 'layers.js'));

const reason = engineSkipReason();
if (reason) {
  console.error(`no Docker engine: ${reason}`);
  process.exit(3);
}

const [dockerfile, context] = positional;
const bases = externalBaseImages(parseDockerfile(readFileSync(dockerfile, 'utf8')));
const engine = await startEngine();
let code = 0;
try {
  const ours = bases.filter((b) => /^(?:docker\.io\/)?(?:library\/)?debian:[a-z]+(-slim)?$/.test(b));
  if (ours.length) await ensureBaseImages(engine, ours);
  const result = await measureLayers(engine, { dockerfile, context, target, buildArgs, keepImage });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (!result.finalHistoryCheck.consistent) {
    console.error('warning: the final image history does not match the per-step layers (see finalHistoryCheck)');
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  code = 1;
} finally {
  await engine.stop();
}
process.exit(code);
