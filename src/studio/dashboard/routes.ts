import { Hono, type Context } from 'hono';
import { InvalidInput, NotFound } from '../../core/errors.js';
import type { FailedAuth, TokenGrant } from '../http/auth.js';
import { filterAndRange, MAX_SPAN, parseLimit } from '../http/params.js';
import type { StudioStore } from '../store/store.js';
import { createStudioBus, type StudioBus } from '../studio-events.js';
import { AssetStore } from './assets.js';
import { LiveHub } from './live-hub.js';
import { SensorMetrics } from './sensor-metrics.js';
import { chartSeries, DEFAULT_CHART_LIMITS } from './series-query.js';
import { sessionRoutes } from './session.js';
import { streamRoute } from './stream-route.js';

export interface DashboardDeps {
  store: StudioStore;
  tokens: TokenGrant[];
  /** Failed logins per client address, shared with the bearer check (default: its own). */
  failedAuth?: FailedAuth;
  /** The studio's bus: live updates and sensor counters need it; without it they stay empty. */
  bus?: StudioBus;
  /** Sensor series exported on `/metrics/sensors` at most (default 1000). */
  sensorMetricsMaxSeries?: number;
}

/** The page may load only what the studio serves; nothing from any other origin. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The web dashboard and the endpoints made for it, as one Hono app the studio mounts with
 * `app.route('/', …)`: the page (`/`, files under `/ui/`), chart series downsampled on the server
 * (`/api/v1/series`), the sensor list (`/api/v1/sensors`), the live stream (`/api/v1/stream`),
 * the login (`/api/v1/session`) and sensor values for Prometheus (`/metrics/sensors`).
 * @example
 * app.route('/', dashboardRoutes({ store, tokens, bus }));
 */
export function dashboardRoutes(deps: DashboardDeps): Hono {
  const app = new Hono();
  const assets = new AssetStore();
  const serve = (c: Context, path: string, extra: Record<string, string> = {}) => {
    const a = assets.get(path);
    if (!a) throw new NotFound(`no dashboard file ${path}`);
    const headers: Record<string, string> = { 'content-type': a.type, etag: a.etag, 'cache-control': 'no-cache', vary: 'accept-encoding', ...extra };
    if (c.req.header('if-none-match') === a.etag) return c.body(null, 304, headers);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    return c.body(new Uint8Array(gzip ? a.gzip : a.body), 200, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers);
  };
  app.get('/', (c) => serve(c, 'index.html', PAGE_HEADERS));
  app.get('/ui/*', (c) => serve(c, c.req.path.slice('/ui/'.length)));

  app.get('/api/v1/series', async (c) => {
    const q = c.req.query();
    const range = filterAndRange({ range: '24h', ...q }, Date.now(), MAX_SPAN.year);
    const width = parseBounded(q.width, 'width', 800, 1, 4000);
    const maxSeries = parseLimit(q.limit, DEFAULT_CHART_LIMITS.maxSeries, 1000);
    return c.json(await chartSeries(deps.store, { ...range, width }, { ...DEFAULT_CHART_LIMITS, maxSeries }));
  });
  app.get('/api/v1/sensors', async (c) => {
    const q = c.req.query();
    const filter = Object.fromEntries((['node', 'sensor', 'kind', 'location'] as const).filter((k) => q[k]).map((k) => [k, q[k]!]));
    const sensors = await deps.store.latest(filter);
    return c.json({ count: sensors.length, sensors });
  });

  sessionRoutes(app, deps.tokens, deps.failedAuth);
  const bus = deps.bus ?? createStudioBus();
  streamRoute(app, new LiveHub(bus));
  const sensors = new SensorMetrics(deps.store, bus, deps.sensorMetricsMaxSeries ? { maxSeries: deps.sensorMetricsMaxSeries } : {});
  app.get('/metrics/sensors', async (c) => c.text(await sensors.render(), 200, { 'content-type': sensors.contentType }));
  return app;
}

function parseBounded(text: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidInput(`${field} must be an integer from ${min} to ${max}, got "${text}"`, { field });
  return n;
}
