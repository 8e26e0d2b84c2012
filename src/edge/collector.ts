import type { HealthInput, Reading } from '../core/schemas.js';
import type { Severity } from '../core/severity.js';
import type { Normaliser } from './normalise.js';
import type { ClockTracker } from './clock.js';
import { classify, type ReadingScorer, type SeverityConfig } from './route/classify.js';
import type { Router } from './route/router.js';
import type { Origin, Sample, Source, SourceSink } from './sources/source.js';
import type { Intake } from './intake/intake.js';
import { DiskFullError } from './intake/disk-guard.js';
import { KeyReuseError, type KeyedBatch } from './intake/keys.js';
import { RecentReadings, RECENT_PER_SERIES } from './intake/recent.js';
import type { StateRow } from './route/aggregator.js';

/** Keeps every reading on the node (7 days raw, 5-minute rollups). */
export interface LocalReadingStore {
  /** `journalSeq`: the intake journal row the reading is in, written with the flush that stores it. */
  append(reading: Reading & { severity: Severity; score: number }, journalSeq?: number): void;
  /** The journal row up to which every reading is in a durable flush (see intake). */
  journalThrough?(): number;
  /** Each series' latest `perSeries` readings, flushed or buffered (identity dedupe after a restart). */
  recent?(perSeries: number): Iterable<{ node: string; sensor: string; ts: number; value: number }>;
  close(): void | Promise<void>;
}

/** Drains the outbox to the studio. */
export interface Forwarding {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface CollectorParts {
  sources: Source[];
  normaliser: Normaliser;
  scorer: ReadingScorer;
  severity: SeverityConfig;
  store: LocalReadingStore;
  router: Router;
  /** Where everything accepted is made durable before `readings()` resolves (group commit). */
  intake: Intake;
  forwarder: Forwarding;
  /** Node-health limits that make a health report a warning (sent sooner, dropped later). */
  unhealthy: (h: HealthInput) => boolean;
  tickMs: number;
  /** The node's clock; while it is unsynced, readings wait to be corrected. */
  clock?: ClockTracker;
  /** Most readings held while the clock is unsynced; beyond, they go on marked `unsynced`. */
  maxPendingUnsynced?: number;
  /**
   * Called when the clock has synced after running unsynced: readings beyond the hold went on
   * marked `unsynced`, and the studio corrects those it held with this (`io.homelab.edge.clock`).
   */
  onClockSync?: (sync: NonNullable<ClockTracker['lastSync']>) => void;
  log?: (msg: string) => void;
}

export interface CollectorCounters {
  readingsIn: number;
  /** Readings refused because they could not be made durable (a full disk), by the batch's worst severity. */
  refused: Record<Severity, number>;
  /** Readings of a redelivered message already taken (not taken again). */
  redelivered: number;
  /** Readings whose identity (node, sensor, ts) and value were already taken: not taken again. */
  duplicates: number;
  malformed: Record<string, number>;
  /** Pushed readings refused because their `ts` lies outside the studio's window. */
  outOfWindow: number;
  bySeverity: Record<Severity, number>;
}

const HELD = 'h\u0000';
const ORIGIN = 'm\u0000';
const RANK: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };

/**
 * sensor-collector: the composition root on a node. Sources → normalise → detect → classify →
 * router → intake (one durable commit) → local store and outbox → forwarder. `readings()`
 * resolves once what it took is committed, and only then does a source acknowledge it; it
 * rejects (DiskFullError) when the disk cannot take it. The constructor only assigns; `start()`
 * restores what the last commit left (open windows, warnings, held readings), starts the
 * forwarder, the tick and the sources; `stop()` stops them in reverse order and flushes what the
 * router holds into the outbox.
 * @example
 * const collector = new Collector(parts);
 * await collector.start();
 */
export class Collector implements SourceSink {
  readonly counters: CollectorCounters = { readingsIn: 0, refused: { normal: 0, warning: 0, critical: 0 }, redelivered: 0, duplicates: 0, malformed: {}, outOfWindow: 0, bySeverity: { normal: 0, warning: 0, critical: 0 } };
  private timer?: NodeJS.Timeout;
  /** Samples waiting for the clock, each under its state row (persisted like the router's windows). */
  private pending: { key: string; sample: Sample }[] = [];
  private heldSeq = 0;
  private heldChanges: StateRow[] = [];
  /** Last digest taken per delivery slot (MQTT packet id): a redelivery of one of them is not taken twice. */
  private origins = new Map<string, string>();
  private readonly recent = new RecentReadings();

  constructor(readonly parts: CollectorParts) {}

  async start(): Promise<void> {
    await this.parts.forwarder.start();
    this.parts.intake.open(this, this.parts.store);
    for (const r of this.parts.store.recent?.(RECENT_PER_SERIES) ?? []) this.recent.remember(r.node, r.sensor, r.ts, r.value);
    this.parts.clock?.start();
    this.timer = setInterval(() => this.tick(Date.now()), this.parts.tickMs);
    for (const s of this.parts.sources) await s.start(this);
  }

  async stop(): Promise<void> {
    for (const s of [...this.parts.sources].reverse()) await s.stop();
    clearInterval(this.timer);
    this.parts.router.flush();
    this.parts.intake.close();
    await this.parts.forwarder.stop();
    await this.parts.store.close();
  }

  /** Closes due windows; when the clock has just synced, corrects and routes what waited. */
  tick(now: number): void {
    const offset = this.parts.clock?.poll();
    if (offset !== undefined && this.parts.clock?.lastSync) this.parts.onClockSync?.(this.parts.clock.lastSync);
    if (offset !== undefined && this.pending.length) {
      const held = this.pending;
      this.pending = [];
      this.parts.log?.(`[sensor-collector] clock synced: ${held.length} readings corrected by ${offset} ms`);
      for (const { key, sample } of held) {
        this.heldChanges.push({ key, body: null });
        const taken = this.take({ ...sample, ts: sample.ts + offset }, 'corrected');
        if (taken) this.route(taken);
      }
    }
    this.parts.router.tick(now);
    // A full disk is logged by its guard once; what the tick closed stays open on disk and closes again next tick.
    void this.parts.intake.committed().catch((err: Error) => { if (!(err instanceof DiskFullError)) this.parts.log?.(`[sensor-collector] ${err.message}`); });
  }

  /**
   * Takes a batch from a source: resolves once it is durable (then the source acknowledges it),
   * rejects without taking any of it when it cannot be (the disk is full: `DiskFullError`).
   */
  readings(samples: Sample[], origin?: Origin): Promise<void> {
    return this.takeBatch(samples, origin);
  }

  /**
   * Takes a batch under the sender's key at most once: a key already committed (or in a commit in
   * flight) answers with its first result and takes nothing; the key is committed with the readings.
   */
  readingsOnce(samples: Sample[], batch: KeyedBatch): Promise<string | undefined> {
    const keys = this.parts.intake.keys;
    const prior = keys.find(batch.key);
    if (prior) {
      if (prior.digest !== batch.digest) {
        keys.counters.conflicts++;
        return Promise.reject(new KeyReuseError(batch.key));
      }
      keys.counters.replayed++;
      return (prior.done ?? Promise.resolve()).then(() => prior.result);
    }
    return this.takeBatch(samples, undefined, batch).then(() => undefined);
  }

  private takeBatch(samples: Sample[], origin?: Origin, batch?: KeyedBatch): Promise<void> {
    if (origin?.redelivery && this.origins.get(origin.key) === origin.digest) {
      this.counters.redelivered += samples.length;
      return Promise.resolve();
    }
    const clock = this.parts.clock;
    const holding = clock !== undefined && clock.state() === 'unsynced';
    const hold: Sample[] = [];
    const taken: { r: Reading; verdict: ReturnType<typeof classify> }[] = [];
    let worst: Severity = 'normal';
    const mark = this.recent.mark();
    let duplicates = 0;
    for (const sample of samples) {
      if (this.recent.seen(sample.node, sample.sensor, sample.ts, sample.value)) {
        duplicates++;
        continue;
      }
      if (holding && this.pending.length + hold.length < (this.parts.maxPendingUnsynced ?? 100_000)) {
        hold.push(sample);
        continue;
      }
      const t = this.take(sample);
      if (!t) continue;
      taken.push(t);
      if (RANK[t.verdict.severity] > RANK[worst]) worst = t.verdict.severity;
    }
    this.counters.duplicates += duplicates;
    // A duplicate's first copy may still be in a commit in flight: answered once that lands.
    if (taken.length + hold.length === 0 && !batch) return duplicates ? this.parts.intake.committed() : Promise.resolve();
    const refuse = (err: DiskFullError) => {
      this.counters.refused[worst] += taken.length + hold.length;
      this.parts.intake.guard.refused(worst, taken.length + hold.length);
      return Promise.reject(err);
    };
    if (!this.parts.intake.admit(worst)) {
      this.recent.forgetSince(mark);
      return refuse(this.parts.intake.guard.error());
    }
    for (const sample of hold) {
      const key = `${HELD}${String(this.heldSeq++).padStart(12, '0')}`;
      this.pending.push({ key, sample });
      this.heldChanges.push({ key, body: JSON.stringify(sample) });
    }
    for (const t of taken) this.route(t);
    if (origin) {
      this.origins.set(origin.key, origin.digest);
      this.heldChanges.push({ key: ORIGIN + origin.key, body: origin.digest });
    }
    if (batch) this.parts.intake.stageKey(batch);
    this.parts.intake.afterCommit(() => this.recent.committed());
    // A commit the disk refused (the first one after it filled) is a refusal like those above.
    return this.parts.intake.committed().catch((err: unknown) => (err instanceof DiskFullError ? refuse(err) : Promise.reject(err)));
  }

  /** Held state changed since the last commit: the router's, then the readings held for the clock. */
  drainChanges(): StateRow[] {
    const rows = this.parts.router.drainChanges().concat(this.heldChanges);
    this.heldChanges = [];
    return rows;
  }

  /** Takes back what the last commit left on disk (start-up, or a rolled-back commit). */
  restore(rows: StateRow[]): void {
    this.recent.forget();
    this.parts.router.restore(rows);
    this.heldChanges = [];
    this.pending = rows.filter((r) => r.key.startsWith(HELD) && r.body !== null).map((r) => ({ key: r.key, sample: JSON.parse(r.body!) as Sample }));
    this.origins = new Map(rows.filter((r) => r.key.startsWith(ORIGIN) && r.body !== null).map((r) => [r.key.slice(ORIGIN.length), r.body!]));
    const last = this.pending.at(-1);
    this.heldSeq = last ? Number(last.key.slice(HELD.length)) + 1 : 0;
  }

  /** Normalises and classifies one sample (undefined when malformed). */
  private take(sample: Sample, clockOverride?: 'corrected'): { r: Reading; verdict: ReturnType<typeof classify> } | undefined {
    let r: Reading;
    try {
      r = this.parts.normaliser.normalise(sample);
    } catch (err) {
      this.malformed('normalise', (err as Error).message);
      return undefined;
    }
    if (clockOverride) r.clock = clockOverride;
    const verdict = classify(this.parts.scorer, this.parts.severity, `${r.node}/${r.sensor}`, r.ts, r.value, r.kind);
    r.score = verdict.score;
    r.severity = verdict.severity;
    return { r, verdict };
  }

  private route({ r, verdict }: { r: Reading; verdict: ReturnType<typeof classify> }): void {
    this.counters.readingsIn++;
    this.counters.bySeverity[verdict.severity]++;
    this.parts.router.route(r, verdict);
    this.parts.intake.stageReading(r as Reading & { severity: Severity; score: number });
  }

  health(report: HealthInput & { ts: number }): void {
    const problem = healthProblem(report);
    if (problem) return this.malformed('health', problem);
    this.parts.router.health(report, this.parts.unhealthy(report) ? 'warning' : 'normal');
    void this.parts.intake.committed().catch((err: Error) => this.parts.log?.(`[sensor-collector] health report not kept: ${err.message}`));
  }

  outOfWindow(readings: number): void {
    this.counters.outOfWindow += readings;
  }

  malformed(source: string, reason: string): void {
    this.counters.malformed[source] = (this.counters.malformed[source] ?? 0) + 1;
    this.parts.log?.(`[sensor-collector] malformed input from ${source}: ${reason}`);
  }
}

/**
 * Why a health report is unusable, or undefined. Checked by hand: the edge does not load zod
 * (14 MB of resident memory on import, measured) for one object a minute.
 */
function healthProblem(h: HealthInput & { ts: number }): string | undefined {
  const pct = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;
  if (typeof h.node !== 'string' || h.node.trim() === '') return 'node must be a non-empty string';
  if (!Number.isFinite(h.ts) || h.ts <= 0) return 'ts must be epoch milliseconds';
  for (const f of ['cpu_pct', 'mem_pct', 'disk_pct'] as const) if (!pct(h[f])) return `${f} must be a percentage, got ${String(h[f])}`;
  if (h.temp_c !== undefined && h.temp_c !== null && !(Number.isFinite(h.temp_c) && h.temp_c > -60 && h.temp_c < 150)) return `temp_c out of range: ${h.temp_c}`;
  return undefined;
}
