/** The edge node's local reading store (7 days raw in compressed blocks, 5-minute aggregates). */
export { LocalStore } from './local-store.js';
export type { LocalStoreOptions, LocalStoreStats, StoreQuery, StoredAggregate, StoredReading } from './types.js';
export type { SeriesMeta } from './series.js';
export { BUCKET_MS } from './rollup.js';
