import type { SeriesInfo } from '../../studio/store/store.js';
import type { Entities } from './entities.js';

/**
 * Keeps the series a question is about: its nodes and locations (either matches), its kinds.
 * @example
 * inScope(series, { nodes: [], locations: ['warehouse-b'], kinds: ['temperature'] })
 */
export function inScope<T extends Pick<SeriesInfo, 'node' | 'kind' | 'location'>>(series: T[], e: Entities): T[] {
  return series.filter((s) => {
    const placeOk = (e.nodes.length === 0 && e.locations.length === 0)
      || e.nodes.includes(s.node) || (s.location !== null && s.location !== undefined && e.locations.includes(s.location));
    const kindOk = e.kinds.length === 0 || e.kinds.includes(s.kind);
    return placeOk && kindOk;
  });
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/**
 * The part of a question's scope the store can filter on itself (one kind, one node or one
 * location); `inScope` still applies the whole scope to what comes back. Pushing the filter down
 * keeps a one-place question from aggregating every series of the month.
 * @example
 * storeFilter({ nodes: [], locations: ['warehouse-b'], kinds: ['humidity'] }) // { location: 'warehouse-b', kind: 'humidity' }
 */
export function storeFilter(e: Entities): { kind?: string; node?: string; location?: string } {
  return {
    ...(e.kinds.length === 1 ? { kind: e.kinds[0]! } : {}),
    ...(e.nodes.length === 1 && e.locations.length === 0 ? { node: e.nodes[0]! } : {}),
    ...(e.locations.length === 1 && e.nodes.length === 0 ? { location: e.locations[0]! } : {}),
  };
}
