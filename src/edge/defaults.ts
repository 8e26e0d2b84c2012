import { join } from 'node:path';
import type { EdgeConfig } from './config.js';
import type { EdgeStackParts } from './stack.js';
import { LocalStore } from './store/index.js';

/** TEMPORARY scorer until the detector lands: physical ranges only. */
const ranges: Record<string, [number, number]> = { temperature: [-40, 80], humidity: [0, 100], pressure: [300, 1100] };

/**
 * The concrete scorer and local store a collector runs with.
 * @example
 * const parts = await createEdgeParts(config);
 */
export async function createEdgeParts(config: EdgeConfig): Promise<Pick<EdgeStackParts, 'scorer' | 'store'>> {
  const store = new LocalStore({ path: join(config.dataDir, `local-${config.node}.db`) });
  store.open();
  return {
    scorer: { score: (_k, _ts, v, kind) => { const r = kind ? ranges[kind] : undefined; return r && (v < r[0] || v > r[1]) ? { score: 1, reason: 'impossible' } : { score: 0, reason: 'none' }; } },
    store,
  };
}
