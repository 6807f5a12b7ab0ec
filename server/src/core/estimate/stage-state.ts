import { normalizePath as cleanPath, resolveInImage } from '../model/image-paths';
import type { SizeRange } from './types';

/**
 * What the estimate knows about a stage while walking its instructions: which OS packages are
 * installed (so apt adds only what is missing), and which paths hold how many bytes (so
 * `COPY --from=<stage> /opt/venv` can be sized).
 */
export class StageState {
  family: 'debian' | 'alpine' | 'scratch' | 'unknown' = 'unknown';
  release?: string;
  slim = false;
  /** The base's repository (`python`, `debian`): tells an official Python image from Debian's python3. */
  baseRepository?: string;
  readonly installed = new Set<string>();
  /** Bytes written under a path by this stage (and the stages it is built on). */
  readonly ledger = new Map<string, SizeRange>();
  /** Venvs created so far: path → created with --copies. */
  readonly venvs = new Map<string, boolean>();
  /** Total of the stage chain's layers, an upper bound for anything copied out of it. */
  layersHigh = 0;

  clone(): StageState {
    const s = new StageState();
    s.family = this.family;
    s.release = this.release;
    s.slim = this.slim;
    s.baseRepository = this.baseRepository;
    for (const p of this.installed) s.installed.add(p);
    for (const [k, v] of this.ledger) s.ledger.set(k, v);
    for (const [k, v] of this.venvs) s.venvs.set(k, v);
    s.layersHigh = this.layersHigh;
    return s;
  }

  credit(path: string, r: SizeRange): void {
    const key = cleanPath(path);
    const prev = this.ledger.get(key);
    this.ledger.set(key, prev ? { bytes: prev.bytes + r.bytes, low: prev.low + r.low, high: prev.high + r.high } : r);
  }

  /** Bytes under `path`: entries at or below it, or the share of an entry that contains it. */
  bytesUnder(path: string): SizeRange | undefined {
    const key = cleanPath(path);
    let total: SizeRange | undefined;
    for (const [p, r] of this.ledger) {
      if (key === '/' || p === key || p.startsWith(key + '/')) {
        total = total ? { bytes: total.bytes + r.bytes, low: total.low + r.low, high: total.high + r.high } : r;
      }
    }
    return total;
  }
}

export { cleanPath, resolveInImage as resolvePath };
