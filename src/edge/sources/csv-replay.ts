import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Source, SourceSink, Sample } from './source.js';

export interface CsvReplayOptions {
  path: string;
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location?: string;
  /** 0 = as fast as possible; 1 = real time; 60 = a minute per second. */
  speed?: number;
  batchSize?: number;
  /** Wait before offering a refused batch again, ms (default 1000). */
  retryMs?: number;
}

/**
 * Parses a CSV timestamp: `2014-04-01 00:00:00` (NAB, taken as UTC), RFC 3339 or epoch ms.
 * @example
 * parseCsvTime('2014-04-01 00:05:00') // 1396310700000
 */
export function parseCsvTime(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t.replace(' ', 'T')}Z` : t;
  return Date.parse(iso);
}

/**
 * Replays a `timestamp,value` CSV as one sensor's readings, streamed line by line, at a chosen
 * speed. A bad row is reported with its line number and skipped.
 * @example
 * new CsvReplaySource({ path: 'machine_temperature.csv', node: 'pi-node-1', sensor: 'machine', kind: 'temperature', unit: '°C', speed: 0 })
 */
export class CsvReplaySource implements Source {
  readonly name = 'csv-replay';
  /** Rows the collector has durably taken, and times a batch was refused (then retried). */
  readonly counters = { sent: 0, refusals: 0 };
  private stopped = false;
  private done?: Promise<void>;

  constructor(private readonly options: CsvReplayOptions) {}

  async start(sink: SourceSink): Promise<void> {
    this.stopped = false;
    this.done = this.replay(sink);
  }

  /** Resolves when the whole file has been replayed (or the source stopped). */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async replay(sink: SourceSink): Promise<void> {
    const o = this.options;
    const lines = createInterface({ input: createReadStream(o.path, 'utf8'), crlfDelay: Infinity });
    let batch: Sample[] = [];
    let lineNo = 0;
    let firstTs: number | undefined;
    const startedAt = Date.now();
    for await (const line of lines) {
      lineNo++;
      if (this.stopped) break;
      if (lineNo === 1 && /timestamp/i.test(line)) continue;
      if (!line.trim()) continue;
      const [tsText, valueText] = line.split(',');
      const ts = parseCsvTime(tsText ?? '');
      const value = Number(valueText);
      if (!Number.isFinite(ts) || valueText === undefined || valueText.trim() === '' || !Number.isFinite(value)) {
        sink.malformed(this.name, `${o.path}:${lineNo}: expected "timestamp,value", got "${line.slice(0, 80)}"`);
        continue;
      }
      firstTs ??= ts;
      if (o.speed && o.speed > 0) {
        const due = startedAt + (ts - firstTs) / o.speed;
        if (due > Date.now()) {
          if (batch.length) { await this.send(sink, batch); batch = []; }
          await new Promise((r) => setTimeout(r, due - Date.now()));
        }
      }
      batch.push({ node: o.node, sensor: o.sensor, kind: o.kind, unit: o.unit, value, ts, ...(o.location ? { location: o.location } : {}) });
      if (batch.length >= (o.batchSize ?? 1000)) { await this.send(sink, batch); batch = []; }
    }
    if (batch.length) await this.send(sink, batch);
  }

  /**
   * The cursor moves past a batch only once the collector has it on disk: a refused batch (a full
   * disk) is offered again every `retryMs` until it is taken or the source stops.
   */
  private async send(sink: SourceSink, batch: Sample[]): Promise<void> {
    for (;;) {
      try {
        await sink.readings(batch);
        this.counters.sent += batch.length;
        return;
      } catch {
        // Counted (exported with the source's counters); the collector logs why it refuses.
        this.counters.refusals++;
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, this.options.retryMs ?? 1000));
      }
    }
  }
}
