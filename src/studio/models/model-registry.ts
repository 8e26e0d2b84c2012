import { advance, forecastAt } from '../../core/forecast.js';
import { checksumProblem, modelName, partForNode, type ModelArtifact } from '../../core/model-artifact.js';
import type { ModelTrainer, TrainRequest, TrainingData } from '../../core/training.js';
import type { StudioStore } from '../store/store.js';
import { ROLLUP_MS } from '../store/store.js';
import type { Deployment, DeploymentState, ModelRepository } from './model-repository.js';

/** Why a model operation cannot go ahead; `reason` is what the HTTP layer answers with. */
export class ModelRefused extends Error {
  constructor(readonly reason: 'not_found' | 'conflict' | 'busy' | 'bad_checksum' | 'unsupported' | 'invalid' | 'too_large', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelRefused';
  }
}

/** How the registry hands a node its part of a model (the command channel, wired by the server). */
export interface ModelSender {
  send(node: string, artifact: ModelArtifact): Promise<{ command_id: string; state: DeploymentState; reason?: string }>;
  /** Where a sent command stands now (a node that was offline takes it later; a refusal fails it). */
  status?(commandId: string): Promise<{ state: DeploymentState; reason?: string }>;
}

/** A node's report of its model (event `io.homelab.edge.model`, or a deploy command's result). */
export interface ModelReport { node: string; model_id: string; version: number; state: DeploymentState; reason?: string | null; ts: number; command_id?: string }

/** One series' forecast for a window, from the latest model that forecasts it. */
export interface SeriesForecast {
  node: string; sensor: string; kind: string; unit: string; location: string | null;
  model_id: string; version: number;
  /** Up to when stored rollups moved the model on (after training), epoch ms. */
  state_at: number;
  points: { ts: number; value: number; low: number; high: number }[];
  mean: number; low: number; high: number;
}

const FORECAST_POINTS_MAX = 400;

/**
 * The studio's models as a domain API: training through the trainer port (one at a time), uploads
 * of artifacts trained elsewhere (a Job), deployment to nodes through the sender, each node's
 * reported state, and forecasts for a window (agent-bruno's "what will … be tonight?").
 * @example
 * const models = new ModelRegistry({ repo, store, trainer });
 * const artifact = await models.train({ model_type: 'timeseries_forecast', target: 'temperature', from, to });
 */
export class ModelRegistry {
  private training = false;
  sender?: ModelSender;

  constructor(private readonly o: { repo: ModelRepository; store: StudioStore; trainer?: ModelTrainer; clock?: () => number }) {}

  private now(): number { return this.o.clock?.() ?? Date.now(); }

  /** The store as training data: the catalog's series and their 5-minute rollups. */
  trainingData(): TrainingData {
    const store = this.o.store;
    return {
      series: async () => (await store.catalog()).series.map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location })),
      rollups: async (ref, from, to) => (await store.series({ node: ref.node, sensor: ref.sensor, kind: ref.kind, from, to, stepMs: ROLLUP_MS }))
        .map((p) => ({ ts: p.ts, count: p.count, mean: p.mean, min: p.min, max: p.max })),
    };
  }

  /** Trains and keeps one artifact; a second training while one runs is refused (`busy`). */
  async train(request: TrainRequest): Promise<ModelArtifact> {
    if (!this.o.trainer) throw new ModelRefused('unsupported', 'this process has no trainer (an agent-only process); train on the studio or with `homelab train --local`');
    if (this.training) throw new ModelRefused('busy', 'a training is running on this studio; retry when it is done (one at a time)');
    this.training = true;
    try {
      const version = await this.o.repo.nextVersion(modelName(request.model_type, request.target));
      const artifact = await this.o.trainer.train(request, this.trainingData(), version);
      if (!(await this.o.repo.insert(artifact))) throw new ModelRefused('conflict', `model ${artifact.id} exists already`);
      return artifact;
    } finally {
      this.training = false;
    }
  }

  /** Keeps an artifact trained elsewhere (a Job) once its checksums hold; its id must be new. */
  async upload(artifact: ModelArtifact): Promise<ModelArtifact> {
    const problem = checksumProblem(artifact);
    if (problem) throw new ModelRefused('bad_checksum', problem);
    if (!(await this.o.repo.insert(artifact))) throw new ModelRefused('conflict', `model ${artifact.id} (${artifact.name} v${artifact.version}) exists already; train again for a new version`);
    return artifact;
  }

  async get(id: string): Promise<ModelArtifact> {
    const a = await this.o.repo.get(id);
    if (!a) throw new ModelRefused('not_found', `no model ${id}; GET /api/v1/models lists them`);
    return a;
  }

  /**
   * A node's part of a model as the JSON bytes it fetches when its part is too large to ride in a
   * command (the sender's digest is over these same bytes: one stored text, one serialisation).
   */
  async partText(id: string, node: string): Promise<string> {
    const a = await this.get(id);
    if (!a.series.some((s) => s.node === node)) throw new ModelRefused('not_found', `model ${id} has no series of ${node}`);
    return JSON.stringify(partForNode(a, node));
  }

  list(limit = 100, name?: string): Promise<ModelArtifact[]> { return this.o.repo.list(limit, name); }

  nextVersion(name: string): Promise<number> { return this.o.repo.nextVersion(name); }

  /**
   * Sends each node its part of the model (only its own series); a node the model has no series
   * for is refused before anything is sent. Answers per node what the send came to.
   */
  async deploy(id: string, nodes: string[]): Promise<Deployment[]> {
    const a = await this.get(id);
    if (!this.sender) throw new ModelRefused('unsupported', 'this studio has no command channel to the nodes');
    const without = nodes.filter((n) => !a.series.some((s) => s.node === n));
    if (without.length) throw new ModelRefused('invalid', `model ${id} has no series of ${without.join(', ')} (it covers ${[...new Set(a.series.map((s) => s.node))].join(', ')})`);
    const out: Deployment[] = [];
    for (const node of nodes) {
      const sent = await this.sender.send(node, partForNode(a, node));
      const d: Deployment = { node, model_id: a.id, version: a.version, state: sent.state, reason: sent.reason ?? null, updated_at: this.now(), command_id: sent.command_id };
      await this.o.repo.setDeployment(d);
      out.push(d);
    }
    return out;
  }

  /** Takes a node's report of its model state (newer reports win). */
  record(r: ModelReport): Promise<void> {
    return this.o.repo.setDeployment({ node: r.node, model_id: r.model_id, version: r.version, state: r.state, reason: r.reason ?? null, updated_at: r.ts, command_id: r.command_id ?? null });
  }

  async deployments(): Promise<Map<string, Deployment>> {
    const all = await this.o.repo.deployments();
    // Deployments still being sent follow their command (taken later by a node that was offline, or failed).
    for (const d of all) {
      if (d.state !== 'sending' || !d.command_id || !this.sender?.status) continue;
      const now = await this.sender.status(d.command_id);
      if (now.state === 'sending') continue;
      const next = { ...d, state: now.state, reason: now.reason ?? null, updated_at: Math.max(d.updated_at, this.now()) };
      await this.o.repo.setDeployment(next);
      Object.assign(d, next);
    }
    return new Map(all.map((d) => [d.node, d]));
  }

  /**
   * Forecasts of every series of `kind` in the place for [from, to): the newest model with a
   * forecast for each series, moved on through the rollups stored since it was trained, then
   * forecast at 15-minute steps. Series no model forecasts are not in the answer.
   */
  async forecast(q: { kind: string; nodes?: string[]; locations?: string[]; from: number; to: number }): Promise<SeriesForecast[]> {
    const out: SeriesForecast[] = [];
    const seen = new Set<string>();
    for (const a of await this.o.repo.list(200)) {
      for (const s of a.series) {
        const key = `${s.node}/${s.sensor}`;
        if (!s.forecast || s.kind !== q.kind || seen.has(key)) continue;
        if (q.nodes?.length || q.locations?.length) {
          if (!(q.nodes ?? []).includes(s.node) && !(s.location !== null && (q.locations ?? []).includes(s.location))) continue;
        }
        seen.add(key);
        const now = this.now();
        const recent = await this.o.store.series({ node: s.node, sensor: s.sensor, kind: s.kind, from: s.forecast.at + 1, to: now, stepMs: s.forecast.stepMs });
        const moved = advance(s.forecast, recent.map((p) => ({ ts: p.ts, value: p.mean })), Math.min(now, q.from) - s.forecast.stepMs);
        const step = Math.max(s.forecast.stepMs, Math.ceil((q.to - q.from) / FORECAST_POINTS_MAX / s.forecast.stepMs) * s.forecast.stepMs);
        const points: SeriesForecast['points'] = [];
        for (let ts = Math.ceil(Math.max(q.from, moved.at + moved.stepMs) / step) * step; ts < q.to; ts += step) points.push(forecastAt(moved, ts));
        if (points.length === 0) continue;
        out.push({
          node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location, model_id: a.id, version: a.version, state_at: moved.at,
          points, mean: points.reduce((x, p) => x + p.value, 0) / points.length, low: Math.min(...points.map((p) => p.low)), high: Math.max(...points.map((p) => p.high)),
        });
      }
    }
    return out;
  }
}
