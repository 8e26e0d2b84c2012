import type { HealthInput, Reading } from '../core/schemas.js';
import type { Severity } from '../core/severity.js';
import type { Normaliser } from './normalise.js';
import type { ClockTracker } from './clock.js';
import { classify, type ReadingScorer, type SeverityConfig } from './route/classify.js';
import type { Router } from './route/router.js';
import type { Sample, Source, SourceSink } from './sources/source.js';

/** Keeps every reading on the node (7 days raw, 5-minute rollups). */
export interface LocalReadingStore {
  append(reading: Reading & { severity: Severity; score: number }): void;
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
  forwarder: Forwarding;
  /** Node-health limits that make a health report a warning (sent sooner, dropped later). */
  unhealthy: (h: HealthInput) => boolean;
  tickMs: number;
  /** The node's clock; while it is unsynced, readings wait to be corrected. */
  clock?: ClockTracker;
  /** Most readings held while the clock is unsynced; beyond, they go on marked `unsynced`. */
  maxPendingUnsynced?: number;
  log?: (msg: string) => void;
}

export interface CollectorCounters {
  readingsIn: number;
  malformed: Record<string, number>;
  bySeverity: Record<Severity, number>;
}

/**
 * sensor-collector: the composition root on a node. Sources → normalise → detect → classify →
 * local store → router → durable outbox → forwarder. The constructor only assigns; `start()`
 * starts the forwarder, the tick and the sources; `stop()` stops them in reverse order and
 * flushes what the router holds into the outbox so nothing is lost.
 * @example
 * const collector = new Collector(parts);
 * await collector.start();
 */
export class Collector implements SourceSink {
  readonly counters: CollectorCounters = { readingsIn: 0, malformed: {}, bySeverity: { normal: 0, warning: 0, critical: 0 } };
  private timer?: NodeJS.Timeout;
  private pending: Sample[] = [];

  constructor(readonly parts: CollectorParts) {}

  async start(): Promise<void> {
    await this.parts.forwarder.start();
    this.parts.clock?.start();
    this.timer = setInterval(() => this.tick(Date.now()), this.parts.tickMs);
    for (const s of this.parts.sources) await s.start(this);
  }

  async stop(): Promise<void> {
    for (const s of [...this.parts.sources].reverse()) await s.stop();
    clearInterval(this.timer);
    this.parts.router.flush();
    await this.parts.forwarder.stop();
    await this.parts.store.close();
  }

  /** Closes due windows; when the clock has just synced, corrects and routes what waited. */
  tick(now: number): void {
    const offset = this.parts.clock?.poll();
    if (offset !== undefined && this.pending.length) {
      const held = this.pending;
      this.pending = [];
      this.parts.log?.(`[sensor-collector] clock synced: ${held.length} readings corrected by ${offset} ms`);
      for (const s of held) this.process({ ...s, ts: s.ts + offset }, 'corrected');
    }
    this.parts.router.tick(now);
  }

  readings(samples: Sample[]): void {
    const clock = this.parts.clock;
    for (const sample of samples) {
      if (clock && clock.state() === 'unsynced' && this.pending.length < (this.parts.maxPendingUnsynced ?? 100_000)) {
        this.pending.push(sample);
        continue;
      }
      this.process(sample);
    }
  }

  private process(sample: Sample, clockOverride?: 'corrected'): void {
    let r: Reading;
    try {
      r = this.parts.normaliser.normalise(sample);
    } catch (err) {
      this.malformed('normalise', (err as Error).message);
      return;
    }
    if (clockOverride) r.clock = clockOverride;
    this.counters.readingsIn++;
    const verdict = classify(this.parts.scorer, this.parts.severity, `${r.node}/${r.sensor}`, r.ts, r.value, r.kind);
    this.counters.bySeverity[verdict.severity]++;
    r.score = verdict.score;
    r.severity = verdict.severity;
    this.parts.store.append(r as Reading & { severity: Severity; score: number });
    this.parts.router.route(r, verdict);
  }

  health(report: HealthInput & { ts: number }): void {
    const problem = healthProblem(report);
    if (problem) return this.malformed('health', problem);
    this.parts.router.health(report, this.parts.unhealthy(report) ? 'warning' : 'normal');
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
