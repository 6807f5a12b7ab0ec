import * as path from 'node:path';
import type { SizeFacts } from '../core/estimate/types';
import { createSizeDataLoader, findSizeDataDir, type SizeDataLoader } from './size-data-loader';
import { createSizeFacts } from './size-facts';

/**
 * One size-data loader per process, found beside the running bundle (dist/data) or in the
 * source tree (server/data). Loaded on first use; messages about missing or corrupt data are
 * handed to `onMessage` once each.
 */
let shared: { loader: SizeDataLoader; facts: SizeFacts } | null | undefined;

export function sizeServices(onMessage: (m: string) => void = () => undefined): { loader: SizeDataLoader; facts: SizeFacts } | undefined {
  if (shared === undefined) {
    const dir = process.env.DOCKERLEAN_DATA_DIR ?? findSizeDataDir(__dirname) ?? findSizeDataDir(path.dirname(process.argv[1] ?? __dirname));
    if (!dir) {
      onMessage('size data not found: estimates are unavailable');
      shared = null;
    } else {
      const loader = createSizeDataLoader(dir, { onMessage });
      shared = { loader, facts: createSizeFacts(loader) };
    }
  }
  return shared ?? undefined;
}
