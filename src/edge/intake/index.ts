/** Durable before acknowledged: the intake's group commit, its journal and the full-disk guard. */
import { join } from 'node:path';
import type { Outbox } from '../outbox/outbox.js';
import { DiskGuard } from './disk-guard.js';
import { Intake } from './intake.js';
import { IntakeJournal } from './journal.js';
import { BatchKeys } from './keys.js';

export { DiskFullError, DiskGuard, isDiskFull, makeStartRoom } from './disk-guard.js';
export { Intake, type IntakeState, type JournalledStore } from './intake.js';
export { IntakeJournal, type JournalReading } from './journal.js';
export { BatchKeys, KeyReuseError, type KeyedBatch, type KeyRecord } from './keys.js';

/** The node's reserve file for critical readings on a full disk (`DISK_RESERVE_BYTES`). */
export const reservePath = (dataDir: string, node: string): string => join(dataDir, `reserve-${node}.bin`);

/**
 * The intake of one node over its outbox: journal in the outbox's file, reserve file beside it.
 * @example
 * const intake = createIntake(outbox, { dataDir: 'data', node: 'pi-node-1', groupCommitMs: 2, diskReserveBytes: 4 << 20 });
 */
export function createIntake(outbox: Outbox, o: { dataDir: string; node: string; groupCommitMs: number; diskReserveBytes: number; maxGroupReadings?: number; idempotencyKeys?: number; idempotencyTtlMs?: number; log?: (m: string) => void }): Intake {
  const guard = new DiskGuard({ dir: o.dataDir, reservePath: reservePath(o.dataDir, o.node), reserveBytes: o.diskReserveBytes, ...(o.log ? { log: o.log } : {}) });
  const keys = new BatchKeys({ maxKeys: o.idempotencyKeys ?? 10_000, ttlMs: o.idempotencyTtlMs ?? 86_400_000 });
  return new Intake(outbox, new IntakeJournal(() => outbox.database()), guard, { groupCommitMs: o.groupCommitMs, maxGroupReadings: o.maxGroupReadings ?? 5000, ...(o.log ? { log: o.log } : {}) }, keys);
}
