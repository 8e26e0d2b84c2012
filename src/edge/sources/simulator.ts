import type { Source, SourceSink, Sample } from './source.js';
import {
  faultEffect, sampleHealth, sampleValue, seededRandom, warehouseNodes, type Fault, type SimNode,
} from './simulator-model.js';

export interface SimulatorOptions {
  nodes?: SimNode[];
  /** How often each sensor is sampled, ms. */
  intervalMs: number;
  /** How often each node reports its health, ms. */
  healthIntervalMs: number;
  seed?: number;
  faults?: Fault[];
  /** Replay this much history (ms before start) at `backfillStepMs`, before going live. */
  backfillMs?: number;
  backfillStepMs?: number;
  /** Only simulate these nodes (e.g. the one this collector plays). */
  only?: string[];
}

/**
 * Simulated warehouse sensors: DHT22-like temperature and humidity and a pressure sensor on each
 * of pi-node-1..3, with a daily cycle, noise, the devices' resolution and injectable faults
 * (HVAC failure, stuck sensor, dying node). Simulated nodes also report their health.
 * @example
 * const sim = new SimulatorSource({ intervalMs: 5000, healthIntervalMs: 60000 });
 * await sim.start(sink);
 * sim.inject({ type: 'hvac-failure', location: 'warehouse-b', start: Date.now(), durationMs: 1_800_000 });
 */
export class SimulatorSource implements Source {
  readonly name = 'simulator';
  /** Simulated readings the collector refused (a full disk). */
  refused = 0;
  private timers: NodeJS.Timeout[] = [];
  private readonly faults: Fault[];
  private readonly nodes: SimNode[];
  private readonly rand: () => number;
  private readonly lastValue = new Map<string, number>();

  constructor(private readonly options: SimulatorOptions) {
    this.faults = [...(options.faults ?? [])];
    const all = options.nodes ?? warehouseNodes();
    this.nodes = options.only ? all.filter((n) => options.only!.includes(n.node)) : all;
    this.rand = seededRandom(options.seed ?? 42);
  }

  /** Adds a fault from now on (or from its own start time). */
  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  async start(sink: SourceSink): Promise<void> {
    const now = Date.now();
    if (this.options.backfillMs) this.backfill(sink, now - this.options.backfillMs, now, this.options.backfillStepMs ?? 60_000);
    this.tick(sink, now);
    this.health(sink, now);
    this.timers.push(setInterval(() => this.tick(sink, Date.now()), this.options.intervalMs));
    this.timers.push(setInterval(() => this.health(sink, Date.now()), this.options.healthIntervalMs));
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  /** Samples every sensor at `ts` (also used by tests and benchmarks to generate data). */
  sampleAt(ts: number): Sample[] {
    const out: Sample[] = [];
    for (const n of this.nodes) {
      if (this.isSilent(n, ts)) continue;
      for (const s of n.sensors) {
        const key = `${n.node}/${s.sensor}`;
        const { delta, stuck } = faultEffect(this.faults, n, s, ts);
        const value = stuck && this.lastValue.has(key) ? this.lastValue.get(key)! : sampleValue(s, ts, this.rand, delta);
        this.lastValue.set(key, value);
        out.push({ node: n.node, sensor: s.sensor, kind: s.kind, unit: s.unit, value, ts, location: n.location });
      }
    }
    return out;
  }

  private isSilent(n: SimNode, ts: number): boolean {
    return this.faults.some((f) => f.type === 'dying-node' && f.node === n.node && ts >= f.start + f.durationMs / 2 && ts < f.start + f.durationMs);
  }

  private backfill(sink: SourceSink, from: number, to: number, step: number): void {
    let nextHealth = from;
    for (let ts = Math.ceil(from / step) * step; ts < to; ts += step) {
      this.send(sink, this.sampleAt(ts));
      if (ts >= nextHealth) {
        this.health(sink, ts);
        nextHealth = ts + this.options.healthIntervalMs;
      }
    }
  }

  private tick(sink: SourceSink, ts: number): void {
    const samples = this.sampleAt(ts);
    if (samples.length) this.send(sink, samples);
  }

  /** Simulated sensors keep no history to resend: a refused batch is counted and gone. */
  private send(sink: SourceSink, samples: Sample[]): void {
    sink.readings(samples).catch(() => { this.refused += samples.length; });
  }

  private health(sink: SourceSink, ts: number): void {
    for (const n of this.nodes) {
      const { silent, ...report } = sampleHealth(n, ts, this.rand, this.faults);
      if (!silent) sink.health(report);
    }
  }
}
