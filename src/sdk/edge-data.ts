import { InvalidInput } from '../core/errors.js';
import { HomelabError } from './errors.js';
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

/** A drill-down into a node's raw store (`GET /api/v1/edge/{node}/readings`). */
export interface RawQuery extends Query {
  /** Read from the node's own local store over its command channel instead of the studio's. */
  raw?: boolean;
  /** Downsample on the node, e.g. `1m`. */
  step?: string;
  limit?: number;
  /** How long the studio waits for the node (default 10 s; at most 60 s). */
  timeoutMs?: number;
  /** When the node is offline, leave the query queued this long (e.g. `1h`): answered later by command id. */
  waitForNode?: string;
}

/** The node's answer, or the command it waits in. */
export type RawAnswer =
  | { status: 'done'; node: string; from: number; to: number; count: number; truncated: boolean; nextFrom?: number; source: 'node'; command: string; readings?: ReadingRecord[]; points?: (SeriesPointRecord & { unit: string })[]; stepMs?: number }
  | { status: 'queued'; command: { id: string; state: string; deadline: number }; result: string; message: string };

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

  /**
   * Raw readings in the range as the studio holds them; with `raw: true` (and a `node`), from that
   * node's own local store: every reading it took, where the studio holds only 5-minute
   * aggregates of normal data. A node that does not answer is a `HomelabError` 504 with the
   * reason; with `waitForNode` and an offline node, a `HomelabError` 202 (`reason: "queued"`) naming
   * the command (see {@link getRawReadings} to get the command instead).
   */
  async getReadings(q: RawQuery = {}): Promise<ReadingRecord[]> {
    if (!q.raw) return (await this.http.request<{ readings: ReadingRecord[] }>('GET', `/api/v1/readings?${params(q)}`)).readings;
    const a = await this.getRawReadings(q);
    if (a.status === 'queued') throw new HomelabError(202, a.message, undefined, 'queued');
    return a.readings ?? [];
  }

  /** The drill-down's whole answer: the node's readings (or points, with `step`), or the command it waits in. */
  async getRawReadings(q: RawQuery): Promise<RawAnswer> {
    if (!q.node) throw new InvalidInput('raw readings come from one node\'s own store: give node', { field: 'node' });
    const p = new URLSearchParams(params({ ...q, node: undefined } as Query & { step?: string; limit?: number }));
    if (q.timeoutMs !== undefined) p.set('timeout', `${Math.round(q.timeoutMs)}ms`);
    if (q.waitForNode) p.set('wait_for_node', q.waitForNode);
    const body = await this.http.request<Record<string, unknown>>('GET', `/api/v1/edge/${encodeURIComponent(q.node)}/readings?${p.toString()}`);
    return (body.status === 'queued' ? body : { ...body, status: 'done' }) as RawAnswer;
  }

  /** A command sent to a node (e.g. a queued drill-down), waiting up to `waitMs` for its outcome. */
  async getCommand(node: string, id: string, opts: { waitMs?: number } = {}): Promise<{ id: string; state: string; result?: unknown; error?: { reason: string; message: string } }> {
    const wait = opts.waitMs ? `?wait=${Math.round(opts.waitMs)}ms` : '';
    return (await this.http.request<{ command: { id: string; state: string } }>('GET', `/api/v1/edge/${encodeURIComponent(node)}/commands/${encodeURIComponent(id)}${wait}`)).command;
  }

  /** Downsampled points per series, one per `step` (default 5m). */
  async getTimeseries(q: Query & { step?: string } = {}): Promise<SeriesPointRecord[]> {
    return (await this.http.request<{ points: SeriesPointRecord[] }>('GET', `/api/v1/readings?${params({ step: '5m', ...q })}`)).points;
  }

  /**
   * Sends a trained model to edge nodes (`POST /api/v1/models/{id}/deploy`): each node gets its
   * own series, runs them in shadow, then cuts over or rolls back by itself (`GET /api/v1/nodes`).
   */
  async deployModel(model: { id: string } | string, o: { nodes: string[] }): Promise<{ model_id: string; deployments: { node: string; model_id: string; version: number; state: string; reason: string | null; command_id: string | null }[] }> {
    const id = typeof model === 'string' ? model : model.id;
    return this.http.request('POST', `/api/v1/models/${encodeURIComponent(id)}/deploy`, { nodes: o.nodes });
  }

  /** Anomalies the edge detected, newest first; `severity` is the minimum. */
  async getAnomalies(q: Query & { severity?: 'warning' | 'critical'; limit?: number } = {}): Promise<AnomalyRecord[]> {
    return (await this.http.request<{ anomalies: AnomalyRecord[] }>('GET', `/api/v1/anomalies?${params(q)}&studio=false`)).anomalies;
  }
}
