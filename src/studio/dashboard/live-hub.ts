import { itemColumns, severityOfLevel } from '../store/columns.js';
import type { IngestItem, ReadingRow } from '../store/store.js';
import type { StudioBus } from '../studio-events.js';

/** One server-sent event, already serialised. */
export interface LiveFrame {
  event: string;
  data: string;
}

/** The latest reading of one series within a flush. */
export type LiveReading = Pick<ReadingRow, 'node' | 'sensor' | 'kind' | 'unit' | 'location' | 'ts' | 'value'> & {
  severity?: string;
  /** Readings of this series in the flush (an edge aggregate counts all it covers). */
  count: number;
};

export interface LiveHubOptions {
  /** How often frames go out, ms: readings coalesce to the latest per series in between. */
  flushMs: number;
  /** Anomalies (and alert or rule events) held per flush; past it a `resync` frame replaces them. */
  maxEventsPerFlush: number;
  /** Frames a slow client may have queued before it is told to `resync` instead. */
  maxQueuedFrames: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveHubOptions = { flushMs: 1000, maxEventsPerFlush: 500, maxQueuedFrames: 200 };

/** A connected client: frames go to `send`; `resync` when its queue overflowed. */
export interface LiveClient {
  send(frames: LiveFrame[]): void;
}

/**
 * Turns the studio's bus into frames for every open dashboard, built once per flush whatever
 * the number of clients: `readings` (the latest reading per series since the last flush, with a
 * count), `anomalies`, `health` (the latest per node), `alert` and `rule` events in order. Every
 * bound is chosen: readings coalesce, more than `maxEventsPerFlush` other events in one flush
 * become a single `resync` frame (the page then refetches), so memory stays bounded whatever
 * ingest does. Subscribes to the bus only while a client is connected.
 * @example
 * const hub = new LiveHub(bus); const leave = hub.join({ send: (frames) => … }); leave();
 */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  private readings = new Map<string, LiveReading>();
  private health = new Map<string, unknown>();
  private events: LiveFrame[] = [];
  private anomalies: unknown[] = [];
  private overflowed = false;
  private offs: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  readonly options: LiveHubOptions;

  constructor(private readonly bus: StudioBus, options: Partial<LiveHubOptions> = {}) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
  }

  get size(): number {
    return this.clients.size;
  }

  /** Adds a client; answers the function that removes it. */
  join(client: LiveClient): () => void {
    this.clients.add(client);
    if (this.clients.size === 1) this.subscribe();
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.unsubscribe();
    };
  }

  /** Frames collected since the last flush, sent to every client (also called by the timer). */
  flush(): LiveFrame[] {
    const frames: LiveFrame[] = [];
    if (this.overflowed) frames.push({ event: 'resync', data: JSON.stringify({ reason: `more than ${this.options.maxEventsPerFlush} events in ${this.options.flushMs} ms` }) });
    else {
      if (this.anomalies.length) frames.push({ event: 'anomalies', data: JSON.stringify(this.anomalies) });
      frames.push(...this.events);
    }
    if (this.readings.size) frames.push({ event: 'readings', data: JSON.stringify([...this.readings.values()]) });
    if (this.health.size) frames.push({ event: 'health', data: JSON.stringify([...this.health.values()]) });
    this.readings = new Map();
    this.health = new Map();
    this.events = [];
    this.anomalies = [];
    this.overflowed = false;
    if (frames.length) for (const c of this.clients) c.send(frames);
    return frames;
  }

  /** Folds stored items in (public for tests; the bus calls it). */
  onStored(items: IngestItem[]): void {
    for (const item of items) {
      // Columns per series (the ingest fast path sends no reading objects): fold each series' run.
      for (const c of itemColumns(item)) {
        for (let i = 0; i < c.ts.length; i++) {
          this.reading(c.node, c.sensor, c.kind, c.unit, c.location ?? null, c.ts[i]!, c.values[i]!, 1, c.levels ? severityOfLevel(c.levels[i]!) ?? undefined : undefined);
        }
      }
      const agg = item.aggregate;
      if (agg) for (const s of agg.series) this.reading(agg.node, s.sensor, s.kind, s.unit, s.location ?? null, s.last_ts ?? agg.window_end, s.last, s.count);
      for (const a of item.anomalies ?? []) this.event(() => this.anomalies.push({ ...a, eventId: item.event.id }));
      if (item.health) this.health.set(item.health.node, item.health);
    }
  }

  private reading(node: string, sensor: string, kind: string, unit: string, location: string | null, ts: number, value: number, count: number, severity?: string): void {
    const key = `${node}\u0000${sensor}`;
    const cur = this.readings.get(key);
    if (cur && cur.ts > ts) { cur.count += count; return; }
    this.readings.set(key, { node, sensor, kind, unit, location, ts, value, count: (cur?.count ?? 0) + count, ...(severity ? { severity } : {}) });
  }

  private event(add: () => void): void {
    if (this.overflowed) return;
    if (this.anomalies.length + this.events.length >= this.options.maxEventsPerFlush) {
      this.overflowed = true;
      this.anomalies = [];
      this.events = [];
      return;
    }
    add();
  }

  private subscribe(): void {
    this.offs = [
      this.bus.on('stored', (items) => this.onStored(items)),
      this.bus.on('alert', (a) => this.event(() => this.events.push({ event: 'alert', data: JSON.stringify(a) }))),
      this.bus.on('rule', (r) => this.event(() => this.events.push({ event: 'rule', data: JSON.stringify(r) }))),
    ];
    this.timer = setInterval(() => this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  private unsubscribe(): void {
    for (const off of this.offs) off();
    this.offs = [];
    clearInterval(this.timer);
    this.timer = undefined;
    this.readings = new Map();
    this.health = new Map();
    this.events = [];
    this.anomalies = [];
    this.overflowed = false;
  }
}
