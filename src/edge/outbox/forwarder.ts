import type { Transport } from '../transport/transport.js';
import { backoffMs } from './backoff.js';
import type { Outbox } from './outbox.js';

export interface ForwarderOptions {
  maxBatchEvents: number;
  maxBatchBytes: number;
  baseBackoffMs: number;
  capBackoffMs: number;
  /** Longest sleep while idle before looking again (new events also wake it). */
  idlePollMs: number;
  log?: (msg: string) => void;
}

export const DEFAULT_FORWARDER: ForwarderOptions = {
  maxBatchEvents: 500, maxBatchBytes: 512 * 1024, baseBackoffMs: 500, capBackoffMs: 60_000, idlePollMs: 1000,
};

export interface ForwarderCounters {
  delivered: number;
  rejected: number;
  /** Readings in what the studio refused for good (rejected events, and readings refused inside stored ones). */
  rejectedReadings: number;
  retries: number;
  bytesSent: number;
  attempts: number;
  lastError?: string;
}

/**
 * Drains the outbox through a transport: batches in priority order, exponential backoff with full
 * jitter on failure (honouring Retry-After), wakes at once for critical events. Never throws into
 * the host; errors become counters and log lines.
 * @example
 * const fwd = new Forwarder(outbox, new HttpTransport({ url }), DEFAULT_FORWARDER);
 * fwd.start();
 * await fwd.stop();
 */
export class Forwarder {
  readonly counters: ForwarderCounters = { delivered: 0, rejected: 0, rejectedReadings: 0, retries: 0, bytesSent: 0, attempts: 0 };
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly outbox: Outbox, private readonly transport: Transport, private readonly options: ForwarderOptions = DEFAULT_FORWARDER) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.outbox.onEnqueue((priority) => { if (priority === 'critical' || this.failures === 0) this.wake?.(); });
    this.loop = this.run();
  }

  /** Stops after the send in flight (if any) completes; what is not delivered stays in the outbox. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.transport.close();
  }

  /** Resolves when the outbox has nothing due (useful for tests and graceful shutdown). */
  drained(): Promise<void> {
    if (this.outbox.depth() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.step();
      } catch (err) {
        // The outbox could not be read or updated (a full disk: marking delivered is a write).
        // What was sent stays held and is sent again; the studio stores each id once.
        this.failures++;
        this.counters.lastError = (err as Error).message;
        const wait = backoffMs(this.failures, { baseMs: this.options.baseBackoffMs, capMs: this.options.capBackoffMs });
        if (this.failures === 1 || this.failures % 10 === 0) this.options.log?.(`[forwarder] outbox error (${(err as Error).message}); retry in ${wait} ms`);
        await this.sleep(wait);
      }
    }
  }

  /** One round: send a batch and record the studio's answer, or sleep while nothing is due. */
  private async step(): Promise<void> {
    const batch = this.outbox.nextBatch(this.options.maxBatchEvents, this.options.maxBatchBytes);
    if (batch.length === 0) {
      if (this.outbox.depth() === 0) this.idleWaiters.splice(0).forEach((r) => r());
      await this.sleep(Math.min(this.options.idlePollMs, Math.max(0, this.outbox.nextDueAt() - Date.now())));
      return;
    }
    this.counters.attempts++;
    const result = await this.transport.send(batch);
    this.counters.bytesSent += result.bytes;
    if (result.delivered.length) this.outbox.markDelivered(result.delivered);
    if (result.rejected.length) this.outbox.markRejected(result.rejected);
    this.counters.delivered += result.delivered.length;
    this.counters.rejected += result.rejected.length;
    // Acknowledged readings given up: counted one by one, not only by event (an aggregate holds many).
    if (result.rejected.length) {
      const json = new Map(batch.map((e) => [e.id, e.json]));
      for (const r of result.rejected) this.counters.rejectedReadings += readingsOf(json.get(r.id));
    }
    this.counters.rejectedReadings += result.rejectedReadings ?? 0;
    if (result.retry.length === 0) {
      this.failures = 0;
      return;
    }
    this.failures++;
    this.counters.retries += result.retry.length;
    if (result.error) this.counters.lastError = result.error;
    const wait = Math.max(result.retryAfterMs ?? 0, backoffMs(this.failures, { baseMs: this.options.baseBackoffMs, capMs: this.options.capBackoffMs }));
    this.outbox.markRetry(result.retry, wait);
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.options.log?.(`[forwarder] ${result.retry.length} events not delivered (${result.error ?? 'no answer for some'}); retry in ${wait} ms (attempt ${this.failures}, ${this.outbox.depth()} waiting)`);
    }
    // The studio is unreachable: back off as a whole rather than cycle through the backlog.
    if (result.error) await this.sleep(wait);
  }
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); resolve(); }
      this.wake = done;
    });
  }
}

/** Readings an event carries: a reading batch's readings, an aggregate's series counts; 0 for other events. */
export function readingsOf(json: string | undefined): number {
  try {
    const data = (JSON.parse(json ?? '') as { data?: { readings?: unknown[]; series?: { count?: unknown }[] } }).data;
    if (Array.isArray(data?.readings)) return data.readings.length;
    if (Array.isArray(data?.series)) return data.series.reduce((n, s) => n + (typeof s.count === 'number' ? s.count : 0), 0);
  } catch { /* not JSON: nothing to count */ }
  return 0;
}
