import type { StudioStore } from '../store/store.js';

const SHARED = ['catalog', 'latest', 'series', 'stats', 'anomalies', 'healthHistory', 'nodes'] as const;

/**
 * The store seen by one request: each read (same method, same arguments) is made once and its
 * result shared, so the goals of one list or one scheduled check that look at the same place and
 * period read it once. Made per request and dropped after it: every figure is still from that request.
 * @example
 * const reads = sharedReads(store); await measuredProgress(reads, a, now); await measuredProgress(reads, b, now);
 */
export function sharedReads(store: StudioStore): StudioStore {
  const memo = new Map<string, Promise<unknown>>();
  const shared = Object.create(store) as StudioStore;
  for (const name of SHARED) {
    const f = (store[name] as (...a: unknown[]) => Promise<unknown>).bind(store);
    Object.defineProperty(shared, name, {
      value: (...args: unknown[]) => {
        const key = `${name}\u0000${JSON.stringify(args)}`;
        let p = memo.get(key);
        if (!p) memo.set(key, (p = f(...args)));
        return p;
      },
    });
  }
  return shared;
}
