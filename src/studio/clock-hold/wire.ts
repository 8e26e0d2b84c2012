import { join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { StudioMetrics } from '../metrics.js';
import { ClockHold } from './clock-hold.js';
import { PostgresHeldReadings } from './postgres-held-readings.js';
import { SqliteHeldReadings } from './sqlite-held-readings.js';

/** Where the studio keeps its data: PostgreSQL when it has one (shared by replicas), else `held.db` in the data directory. */
export interface HoldStorage {
  databaseUrl?: string;
  databaseSchema?: string;
  /** A data directory, `:memory:` or none (in memory). */
  dataDir?: string;
}

/** The clock hold on the studio's storage, counted in its metrics. */
export function createClockHold(storage: HoldStorage, metrics: StudioMetrics): ClockHold {
  const repo = storage.databaseUrl
    ? new PostgresHeldReadings(storage.databaseUrl, storage.databaseSchema)
    : new SqliteHeldReadings(storage.dataDir && storage.dataDir !== ':memory:' ? join(storage.dataDir, 'held.db') : ':memory:');
  return new ClockHold({ repo, count: (outcome, n) => metrics.clockHold.inc({ outcome }, n) });
}

/**
 * Readings on an unsynced clock outside the window wait in `hold`; a node's clock correction
 * (`io.homelab.edge.clock`), once stored, sends what waited for it back through the ingestor.
 */
export function attachClockHold(hold: ClockHold, ingestor: Ingestor, log: Logger): void {
  ingestor.hold = hold;
  ingestor.onStored((items) => {
    for (const item of items) {
      if (!item.clockSync) continue;
      const c = item.clockSync;
      hold.correct(c, (events) => ingestor.accept(events)).then(
        (r) => { if (r.corrected || r.refused) log.info({ node: c.node, offset_ms: c.offset_ms, ...r }, 'clock correction applied to held readings'); },
        (err: Error) => log.error({ err, node: c.node }, 'clock correction failed; applied again on the next start'),
      );
    }
  });
}
