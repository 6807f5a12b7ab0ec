// Regenerating the shipped data from the shared inputs must give the same bytes: the files are
// reproducible from their stated sources. Each generator runs once more here, with its generation
// date pinned to the shipped file's, and the result is compared with what is in server/data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { promisify } from 'node:util';
import { fromRoot, repoRoot } from '../../../test/support/paths';

// ../shared beside the repository, as on every machine of the project (CI included).
const SHARED = process.env.DOCKERLEAN_SHARED_DATA ?? path.join(repoRoot, '..', 'shared', 'data');
const haveShared = fs.existsSync(path.join(SHARED, 'debian-bullseye-packages.tsv.gz'));
const run = promisify(execFile);

const epochOf = (isoDay: string): string => String(Date.parse(`${isoDay}T00:00:00Z`) / 1000);

async function regenerate(script: string, args: string[], generatedAt: string): Promise<void> {
  await run(process.execPath, [fromRoot('scripts/data', script), ...args], {
    cwd: fromRoot(),
    env: { ...process.env, SOURCE_DATE_EPOCH: epochOf(generatedAt) },
    maxBuffer: 1 << 26,
  });
}

test('generators reproduce the shipped files from the shared inputs', { skip: haveShared ? false : `shared inputs not found at ${SHARED}`, timeout: 120_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlean-regen-'));
  try {
    const shipped = (rel: string): string => fs.readFileSync(fromRoot('server/data', rel), 'utf8');
    const dateOf = (json: string): string => (JSON.parse(json) as { generatedAt: string }).generatedAt;
    const bullseye = zlib.gunzipSync(fs.readFileSync(fromRoot('server/data/debian/bullseye.idx.gz'))).toString('utf8');
    const bullseyeDate = (JSON.parse(bullseye.slice(0, bullseye.indexOf('\n'))) as { generatedAt: string }).generatedAt;

    await Promise.all([
      regenerate('debian.mjs', ['--from-tsv', SHARED, '--releases', 'bullseye', '--uncompressed', '--out', tmp], bullseyeDate),
      regenerate('base-images.mjs', ['--shared', SHARED, '--out', path.join(tmp, 'base-images.json')], dateOf(shipped('base-images.json'))),
      regenerate('python-packages.mjs', ['--shared', SHARED, '--out', path.join(tmp, 'python-packages.json')], dateOf(shipped('python-packages.json'))),
      regenerate('alpine-packages.mjs', ['--shared', SHARED, '--out', path.join(tmp, 'alpine-packages.json')], dateOf(shipped('alpine-packages.json'))),
    ]);

    assert.ok(fs.readFileSync(path.join(tmp, 'bullseye.idx'), 'utf8') === bullseye, 'debian/bullseye.idx.gz differs from a regeneration');
    for (const f of ['base-images.json', 'python-packages.json', 'alpine-packages.json']) {
      assert.ok(fs.readFileSync(path.join(tmp, f), 'utf8') === shipped(f), `${f} differs from a regeneration`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
