// Entry point VS Code's Extension Development Host calls with --extensionTestsPath (see
// scripts/e2e/run-electron.mjs). A tiny sequential runner instead of mocha: the scenarios
// are few, and this keeps the suite free of extra dependencies.
import { scenarios } from './scenarios';

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const s of scenarios) {
    const started = Date.now();
    try {
      await s.run();
      console.log(`ok - ${s.name} (${Date.now() - started} ms)`);
    } catch (e) {
      const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
      failures.push(`${s.name}: ${msg}`);
      console.log(`not ok - ${s.name} (${Date.now() - started} ms)\n${msg}`);
    }
  }
  console.log(`${scenarios.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} e2e scenario(s) failed:\n${failures.join('\n')}`);
}
