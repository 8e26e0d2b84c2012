import type { HealthInput, ReadingInput } from '../../core/schemas.js';
import type { KeyedBatch } from '../intake/keys.js';

/** A sensor sample as a source produces it, before the collector gives it identity and a verdict. */
export type Sample = Omit<ReadingInput, 'id' | 'boot' | 'seq' | 'clock' | 'score' | 'severity' | 'ts'> & { ts: number };

/**
 * Where a batch came from, for a source that may deliver it twice (MQTT QoS 1 redelivers a message
 * whose PUBACK was lost, e.g. when the collector died after its commit): `key` names the delivery
 * slot (the packet id), `digest` its content. The collector keeps the last digest of each key with
 * the readings; a redelivery whose digest it has is acknowledged without being taken again.
 */
export interface Origin {
  key: string;
  digest: string;
  redelivery: boolean;
}

/** What sources hand to the collector. */
export interface SourceSink {
  /**
   * Takes a batch; resolves once it is durable on the node, which is when a source may
   * acknowledge it (PUBACK, 202, a cursor). Rejects when it could not be kept (a full disk):
   * nothing of the batch was taken, so the source keeps it or lets its sender retry.
   */
  readings(samples: Sample[], origin?: Origin): Promise<void>;
  /**
   * Takes a batch the sender named with its own key (kept across its retries): resolves with the
   * first answer's `result` when that key was already committed (a replay: nothing taken again),
   * with undefined once taken now. Rejects like `readings`, or with `KeyReuseError` when the key
   * came before with another body.
   */
  readingsOnce?(samples: Sample[], batch: KeyedBatch): Promise<string | undefined>;
  health(report: HealthInput & { ts: number }): void;
  /** A payload the source could not read: counted and logged, never fatal. */
  malformed(source: string, reason: string): void;
  /** Readings refused because their `ts` lies outside the studio's window (counted apart from malformed). */
  outOfWindow?(readings: number): void;
}

/**
 * Anything that produces readings: the simulator, MQTT, HTTP push, /proc + /sys, CSV replay.
 * `start()` begins producing into the sink; `stop()` ends it and releases resources.
 */
export interface Source {
  readonly name: string;
  /** Messages by outcome (MQTT: read, retained, skipped), exported as `homelab_edge_source_messages_total`. */
  readonly counters?: Readonly<Record<string, number>>;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
}
