import { compareWithReal, type RealComparison } from '../../server/src/node/compare-real';
import { loadShellParser } from '../../server/src/node/shell-parser-loader';
import { sizeServices } from '../../server/src/node/size-services';

/**
 * "Compare with the real image" runs docker from the extension host, not the language server:
 * the server never executes anything, and this runs only on the user's request in a trusted workspace.
 */
export async function compareInExtensionHost(file: string, context: string, image?: string): Promise<RealComparison | { error: string }> {
  const services = sizeServices();
  if (!services) return { error: 'size data not found' };
  return compareWithReal({ file, context, image }, await loadShellParser(), services.facts);
}
