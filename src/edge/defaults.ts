import { join } from 'node:path';
import type { EdgeConfig } from './config.js';
import type { EdgeStackParts } from './stack.js';
import { LocalStore } from './store/index.js';
import { ModelScorer } from './models/model-scorer.js';
import { logger, sink } from '../core/logger.js';

/**
 * The concrete detector and local store a collector runs with.
 * @example
 * const parts = await createEdgeParts(config);
 */
export async function createEdgeParts(config: EdgeConfig): Promise<Pick<EdgeStackParts, 'scorer' | 'store'>> {
  // Flush every 2 000 readings: a smaller buffer keeps a 200-sensor node under 64 MB resident.
  const store = new LocalStore({
    path: join(config.dataDir, `local-${config.node}.db`), flushEvery: 2000,
    maxBytes: config.localStoreMaxBytes, rawRetentionMs: config.rawRetentionMs, aggregateRetentionMs: config.aggregateRetentionMs,
  });
  store.open();
  // The node's detector, with a model deployed from the studio beside it when there is one (restored from the data dir).
  const scorer = new ModelScorer({ dataDir: config.dataDir, node: config.node, policy: config.modelPolicy ?? {}, log: sink(logger(`edge:${config.node}`)) });
  scorer.open();
  return { scorer, store };
}
