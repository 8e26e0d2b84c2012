import { HttpClient } from './client.js';
import type { ClientOptions } from './types.js';

/** A trained model as the studio answers for it (the per-series state is left out; `get(id, { full: true })` has it). */
export interface ModelSummary {
  id: string;
  name: string;
  version: number;
  model_type: 'timeseries_forecast' | 'detector_baseline';
  target: string;
  created_at: number;
  trained_on: { from: number; to: number };
  checksum: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  series: { node: string; sensor: string; kind: string; unit: string; location: string | null; window: { from: number; to: number }; points: number; sample_interval_ms: number; forecast: boolean; metrics: Record<string, Record<string, number>>; checksum: string }[];
}

export interface TrainOptions {
  /** A kind (`temperature`) or a sensor name: every stored series of it is trained. */
  target: string;
  /** Default `timeseries_forecast` (detector baseline and forecast); `detector_baseline` alone is quicker. */
  modelType?: 'timeseries_forecast' | 'detector_baseline';
  /** The training window: `timeRange` before `to` (default 14d, at most 90d), or `from`/`to`. */
  timeRange?: string;
  from?: Date | number | string;
  to?: Date | number | string;
  node?: string;
  location?: string;
  /** Fraction of each series held back to judge it (default 0.2). */
  holdout?: number;
  /** GPUs asked for (recorded with the model; the studio's trainer runs on CPU). */
  gpus?: number;
}

const when = (v: Date | number | string): number | string => (v instanceof Date ? v.getTime() : v);

/**
 * Training on the studio's data, as the seed's `ForgeTraining` (camelCase methods).
 * @example
 * const model = await new ForgeTraining({ url }).train({ target: 'temperature', timeRange: '14d' });
 * await new EdgeData({ url }).deployModel(model, { nodes: ['pi-node-1'] });
 */
export class ForgeTraining {
  private readonly http: HttpClient;

  constructor(private readonly options: ClientOptions & { cluster?: string } = {}) {
    // Training a fleet takes a while: at least 10 minutes unless asked otherwise.
    this.http = new HttpClient({ ...options, timeoutMs: options.timeoutMs ?? 600_000 });
  }

  /** `POST /api/v1/models`: trains from the studio's stored data and answers the versioned model. */
  async train(o: TrainOptions): Promise<ModelSummary> {
    return this.http.request<ModelSummary>('POST', '/api/v1/models', {
      model_type: o.modelType ?? 'timeseries_forecast', target: o.target,
      ...(o.timeRange ? { range: o.timeRange } : {}), ...(o.from !== undefined ? { from: when(o.from) } : {}), ...(o.to !== undefined ? { to: when(o.to) } : {}),
      ...(o.node ? { node: o.node } : {}), ...(o.location ? { location: o.location } : {}), ...(o.holdout !== undefined ? { holdout: o.holdout } : {}),
      ...(o.gpus !== undefined ? { gpus: o.gpus } : {}), ...(this.options.cluster ? { cluster: this.options.cluster } : {}),
    });
  }

  /** Keeps an artifact trained elsewhere (`homelab train --local`, a Job): the studio verifies its checksums. */
  async upload(artifact: unknown): Promise<ModelSummary> {
    return this.http.request<ModelSummary>('POST', '/api/v1/models', { artifact });
  }

  async list(q: { name?: string; limit?: number } = {}): Promise<ModelSummary[]> {
    const p = new URLSearchParams();
    if (q.name) p.set('name', q.name);
    if (q.limit) p.set('limit', String(q.limit));
    return (await this.http.request<{ models: ModelSummary[] }>('GET', `/api/v1/models?${p.toString()}`)).models;
  }

  async get(id: string, o: { full?: boolean } = {}): Promise<ModelSummary & Record<string, unknown>> {
    return this.http.request('GET', `/api/v1/models/${encodeURIComponent(id)}${o.full ? '?full=1' : ''}`);
  }
}
