import type { SizeFacts } from '../../server/src/core/estimate/types';
import { sizeServices } from '../../server/src/node/size-services';

/** The size data shipped in server/data, loaded once per test process. */
export function testFacts(): SizeFacts {
  const s = sizeServices((m) => {
    if (!/calibration/.test(m)) throw new Error(`size data problem in tests: ${m}`);
  });
  if (!s) throw new Error('server/data not found');
  return s.facts;
}
