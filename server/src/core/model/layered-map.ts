/**
 * A read-only map made of a few layers, newest first. ENV and ARG state changes at every
 * instruction; copying the whole map each time made files with thousands of ENV lines
 * quadratic. Layers are merged once the chain gets deep, which keeps lookups short.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private static readonly MAX_DEPTH = 24;
  private readonly depth: number;
  private flat?: Map<K, V>;

  private constructor(
    private readonly own: ReadonlyMap<K, V>,
    private readonly parent: LayeredMap<K, V> | undefined,
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
  }

  static empty<K, V>(): LayeredMap<K, V> {
    return new LayeredMap<K, V>(new Map(), undefined);
  }

  /** A new map with `entries` set on top of this one; this one is unchanged. */
  with(entries: Iterable<readonly [K, V]>): LayeredMap<K, V> {
    const own = new Map(entries);
    if (own.size === 0) return this;
    if (this.depth + 1 >= LayeredMap.MAX_DEPTH) {
      const merged = new Map(this.materialize());
      for (const [k, v] of own) merged.set(k, v);
      return new LayeredMap(merged, undefined);
    }
    return new LayeredMap(own, this);
  }

  get(key: K): V | undefined {
    for (let m: LayeredMap<K, V> | undefined = this; m; m = m.parent) if (m.own.has(key)) return m.own.get(key);
    return undefined;
  }

  has(key: K): boolean {
    for (let m: LayeredMap<K, V> | undefined = this; m; m = m.parent) if (m.own.has(key)) return true;
    return false;
  }

  private materialize(): Map<K, V> {
    if (!this.flat) {
      const chain: LayeredMap<K, V>[] = [];
      for (let m: LayeredMap<K, V> | undefined = this; m; m = m.parent) chain.unshift(m);
      const flat = new Map<K, V>();
      for (const m of chain) for (const [k, v] of m.own) flat.set(k, v);
      this.flat = flat;
    }
    return this.flat;
  }

  get size(): number {
    return this.materialize().size;
  }

  entries(): MapIterator<[K, V]> {
    return this.materialize().entries();
  }

  keys(): MapIterator<K> {
    return this.materialize().keys();
  }

  values(): MapIterator<V> {
    return this.materialize().values();
  }

  forEach(cb: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.materialize().forEach((v, k) => cb.call(thisArg, v, k, this));
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
