import { HttpClient } from './client.js';
import type { ClientOptions } from './types.js';

export interface ReadingRecord { node: string; sensor: string; kind: string; unit: string; location: string | null; ts: number; value: number; severity: string | null; score: number | null }
export interface SeriesPointRecord { node: string; sensor: string; kind: string; ts: number; count: number; mean: number; min: number; max: number }
export interface AnomalyRecord { eventId: string; node: string; sensor: string; kind: string; value: number; unit: string; ts: number; location?: string; score: number; severity: string; reason: string; explanation?: string }

export interface Query {
  node?: string;
  sensor?: string;
  kind?: string;
  location?: string;
  /** e.g. `1h`, `24h`, `30d` (the seed's `time_range`), or `from`/`to`. */
  timeRange?: string;
  from?: Date | number | string;
  to?: Date | number | string;
}

const params = (q: Query & { step?: string; limit?: number; severity?: string }): string => {
  const p = new URLSearchParams();
  for (const k of ['node', 'sensor', 'kind', 'location', 'step', 'severity'] as const) if (q[k]) p.set(k, q[k]!);
  if (q.timeRange) p.set('range', q.timeRange);
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined) p.set(k, q[k] instanceof Date ? q[k].toISOString() : String(q[k]));
  if (q.limit) p.set('limit', String(q.limit));
  return p.toString();
};

/**
 * Edge data through agent-bruno, as the seed's `EdgeData` (camelCase methods).
 * @example
 * const edge = new EdgeData({ url: 'http://localhost:8080' });
 * const anomalies = await edge.getAnomalies({ timeRange: '1h' });
 * const day = await edge.getTimeseries({ kind: 'temperature', timeRange: '24h', step: '5m' });
 */
export class EdgeData {
  private readonly http: HttpClient;

  constructor(options: ClientOptions & { agent?: string } = {}) {
    this.http = new HttpClient(options);
  }

  /** Raw readings in the range (newest data needs no step). */
  async getReadings(q: Query & { limit?: number } = {}): Promise<ReadingRecord[]> {
    return (await this.http.request<{ readings: ReadingRecord[] }>('GET', `/api/v1/readings?${params(q)}`)).readings;
  }

  /** Downsampled points per series, one per `step` (default 5m). */
  async getTimeseries(q: Query & { step?: string } = {}): Promise<SeriesPointRecord[]> {
    return (await this.http.request<{ points: SeriesPointRecord[] }>('GET', `/api/v1/readings?${params({ step: '5m', ...q })}`)).points;
  }

  /** Anomalies the edge detected, newest first; `severity` is the minimum. */
  async getAnomalies(q: Query & { severity?: 'warning' | 'critical'; limit?: number } = {}): Promise<AnomalyRecord[]> {
    return (await this.http.request<{ anomalies: AnomalyRecord[] }>('GET', `/api/v1/anomalies?${params(q)}`)).anomalies;
  }
}
