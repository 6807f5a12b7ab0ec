// The failure dockerlean's missing-runtime-library rule predicts, shown on a real engine: a runtime
// stage that copies psycopg2 from a builder without installing libpq5 builds fine and then fails
// on import; adding libpq5 fixes it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fromRoot } from '../support/paths';
import { dockerSkipReason, ensureBaseImages, startEngine, type Engine } from './engine';

const BASES = ['debian:bookworm-slim'];
const MB = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

test('psycopg2 without libpq5 fails at run time, with libpq5 it imports', { skip: dockerSkipReason(BASES), timeout: 30 * 60_000 }, async (t) => {
  const t0 = Date.now();
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const missingTag = `dockerlean-test/libpq-missing:${suffix}`;
  const fixedTag = `dockerlean-test/libpq-fixed:${suffix}`;
  let engine: Engine | undefined;
  try {
    engine = await startEngine();
    t.diagnostic(`engine ${engine.owned ? 'started' : 'reused'} in ${engine.startMs} ms`);
    for (const b of await ensureBaseImages(engine, BASES)) {
      t.diagnostic(
        `${b.tag}: ${MB(b.sizeBytes)} from ${b.source}` +
          (b.publishedBytes ? ` (published ${MB(b.publishedBytes)}, ${b.diffPercent!.toFixed(2)}%)` : '') +
          (b.makeMs ? `, debootstrap ${(b.makeMs / 1000).toFixed(1)} s` : '') +
          (b.importMs ? `, import ${(b.importMs / 1000).toFixed(1)} s` : ''),
      );
    }
    const e = engine;

    await t.test('without libpq5: builds, then import fails on libpq.so.5', async () => {
      const built = await e.build(fromRoot('test', 'docker', 'fixtures', 'libpq-missing'), missingTag);
      const run = await e.run(missingTag, [], { timeoutMs: 120_000 });
      t.diagnostic(`libpq-missing: build ${(built.ms / 1000).toFixed(1)} s, image ${MB(await e.imageSize(missingTag))}`);
      assert.notEqual(run.code, 0, `expected the import to fail, got:\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /ImportError: libpq\.so\.5: cannot open shared object file/);
    });

    await t.test('with libpq5: builds and prints ok', async () => {
      const built = await e.build(fromRoot('test', 'docker', 'fixtures', 'libpq-fixed'), fixedTag);
      const run = await e.run(fixedTag, [], { timeoutMs: 120_000 });
      t.diagnostic(`libpq-fixed: build ${(built.ms / 1000).toFixed(1)} s, image ${MB(await e.imageSize(fixedTag))}`);
      assert.equal(run.code, 0, `expected ok, got exit ${run.code}:\n${run.stdout}${run.stderr}`);
      assert.equal(run.stdout.trim(), 'ok');
    });

    // Both images exist only if both builds passed; their difference is what the fix costs.
    if ((await e.imageExists(missingTag)) && (await e.imageExists(fixedTag))) {
      const [missing, fixed] = [await e.imageSize(missingTag), await e.imageSize(fixedTag)];
      t.diagnostic(`libpq5 adds ${MB(fixed - missing)} (${MB(missing)} -> ${MB(fixed)})`);
      assert.ok(fixed > missing, 'installing libpq5 should add bytes');
    }
  } finally {
    if (engine) {
      await engine.removeImages([missingTag, fixedTag]);
      await engine.stop();
    }
    t.diagnostic(`scenario total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
});
