import type { Hono } from 'hono';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import { HttpError } from './http-error.js';
import { assessNode, type HealthLimits } from '../health/node-health.js';
import type { SeriesFilter, StudioStore } from '../store/store.js';
import { filterAndRange, MAX_SPAN, parseDuration, parseLimit } from './params.js';
import type { ModelRegistry } from '../models/model-registry.js';
import { StudioAnomalyScorer } from '../analysis/spikes.js';

/** Most points one `step` query returns per series (span / step). */
const MAX_STEP_POINTS = 10_000;

/** The REST API under `/api/v1`: readings (raw or downsampled by `step`), anomalies, nodes. */
export function apiRoutes(app: Hono, store: StudioStore, limits: HealthLimits, models?: ModelRegistry): void {
  const spikes = new StudioAnomalyScorer(store);
  app.get('/api/v1/readings', async (c) => {
    const q = c.req.query();
    if (q.step) {
      // Downsampled reads are bounded by points, not by span: "everything, by day" (from=1) is a
      // fair question. A from before anything stored starts at the oldest stored series instead,
      // and the answer's `from` says so.
      const stepMs = parseDuration(q.step, 'step');
      const f = filterAndRange(q, Date.now(), Number.MAX_SAFE_INTEGER);
      const firstSeen = Math.min(...(await store.latest(pick(f))).map((s) => s.firstSeen));
      if (!Number.isFinite(firstSeen)) return c.json({ from: f.from, to: f.to, step: q.step, points: [] });
      if (firstSeen > f.from && firstSeen < f.to) f.from = Math.max(f.from, Math.floor(firstSeen / stepMs) * stepMs);
      if (stepMs < 1 || (f.to - f.from) / stepMs > MAX_STEP_POINTS) throw new HttpError(400, `step ${q.step} gives ${Math.ceil((f.to - f.from) / Math.max(1, stepMs))} points per series; at most ${MAX_STEP_POINTS}: use a longer step or a shorter range`, 'step', 'too_many_points');
      const points = await store.series({ ...f, stepMs });
      return c.json({ from: f.from, to: f.to, step: q.step, points });
    }
    const f = filterAndRange(q);
    const readings = await store.readings({ ...f, limit: parseLimit(q.limit, 10_000, 100_000) });
    return c.json({ from: f.from, to: f.to, count: readings.length, readings });
  });

  app.get('/api/v1/anomalies', async (c) => {
    const q = c.req.query();
    const f = filterAndRange({ range: '24h', ...q }, Date.now(), MAX_SPAN.year);
    if (q.severity && !SEVERITIES.includes(q.severity as Severity)) {
      throw new HttpError(400, `severity must be one of ${SEVERITIES.join(', ')}`, 'severity');
    }
    if (q.studio !== undefined && q.studio !== 'true' && q.studio !== 'false') {
      throw new HttpError(400, 'studio must be true or false', 'studio');
    }
    const limit = parseLimit(q.limit, 1000, 10_000);
    const anomalies = await store.anomalies({ ...f, limit, ...(q.severity ? { minSeverity: q.severity as Severity } : {}) });
    // What the nodes flagged, and beside it what the studio sees in its own rollups: a spike a
    // node scored as normal (it had not learned the series yet) is still an anomaly to a user.
    // Studio spikes carry no severity, so a severity filter leaves them out.
    if (q.studio === 'false' || q.severity) return c.json({ from: f.from, to: f.to, count: anomalies.length, anomalies });
    const found = (await spikes.find(pick(f), f)).slice(0, limit);
    return c.json({ from: f.from, to: f.to, count: anomalies.length, anomalies, studio_found: { count: found.length, anomalies: found } });
  });

  app.get('/api/v1/nodes', async (c) => {
    const now = Date.now();
    const deployed = (await models?.deployments()) ?? new Map();
    // Each node's model as it last reported it (null: none deployed).
    const nodes = (await store.nodes()).map((n) => {
      const d = deployed.get(n.node);
      return { ...assessNode(n, now, limits), model: d ? { id: d.model_id, version: d.version, state: d.state, reason: d.reason, since: d.updated_at } : null };
    });
    return c.json({ count: nodes.length, nodes });
  });

  app.get('/api/v1/nodes/:node/health', async (c) => {
    const f = filterAndRange(c.req.query());
    return c.json({ node: c.req.param('node'), history: await store.healthHistory(c.req.param('node'), f) });
  });
}

function pick(f: SeriesFilter): SeriesFilter {
  const out: SeriesFilter = {};
  for (const k of ['node', 'sensor', 'kind', 'location'] as const) if (f[k]) out[k] = f[k];
  return out;
}
