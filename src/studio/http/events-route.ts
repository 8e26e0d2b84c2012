import type { Hono } from 'hono';
import { HomelabError } from '../../core/errors.js';
import { decodeHttpBytes } from '../ingest/decode.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { StudioMetrics } from '../metrics.js';

/**
 * `POST /events`: CloudEvents 1.0 over HTTP in structured, binary and batch mode.
 * One event: 202 stored / 200 duplicate / 400 with the reason. A batch: 200 when all were taken,
 * 207 when some were rejected, 400 when none was; each event gets its own result either way.
 */
export function eventsRoute(app: Hono, ingestor: Ingestor, metrics: StudioMetrics): void {
  app.post('/events', async (c) => {
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => { headers[k.toLowerCase()] = v; });
    let raw;
    try {
      raw = decodeHttpBytes(headers, new Uint8Array(await c.req.arrayBuffer()));
    } catch (err) {
      const e = err instanceof HomelabError ? err : new HomelabError(400, String(err));
      metrics.ingestRejections.inc({ reason: e.reason });
      return c.json(e.toJSON(), e.status as 400);
    }
    const results = await ingestor.accept(raw);
    const isBatch = (headers['content-type'] ?? '').includes('batch');
    const rejected = results.filter((r) => r.status === 'rejected').length;
    if (!isBatch) {
      const r = results[0]!;
      if (r.status === 'rejected') {
        return c.json({ ...new HomelabError(400, r.reason ?? 'rejected', r.field).toJSON(), results }, 400);
      }
      return c.json({ results }, r.status === 'stored' ? 202 : 200);
    }
    const status = rejected === 0 ? 200 : rejected === results.length ? 400 : 207;
    return c.json({ accepted: results.length - rejected, rejected, results }, status);
  });
}
