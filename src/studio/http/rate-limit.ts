import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { HomelabError } from '../../core/errors.js';

export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Burst a client may spend at once. */
  burst: number;
  /** Clients tracked at most (least recently seen forgotten first). */
  maxClients?: number;
  onLimited?: (client: string) => void;
}

/**
 * Token-bucket rate limit per client (its bearer token, else its address), answering 429 with
 * Retry-After. Per process: each replica limits what it serves. Probes are never limited.
 * @example
 * app.use('*', rateLimit({ perSecond: 50, burst: 200 }));
 */
export function rateLimit(o: RateLimitOptions): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    if (c.req.path === '/healthz' || c.req.path === '/readyz' || c.req.path === '/metrics') return next();
    let client = c.req.header('authorization') ?? '';
    if (!client) {
      try { client = getConnInfo(c).remote.address ?? 'unknown'; } catch { client = 'unknown'; }
    }
    const now = performance.now();
    const b = buckets.get(client) ?? { tokens: o.burst, at: now };
    b.tokens = Math.min(o.burst, b.tokens + ((now - b.at) / 1000) * o.perSecond);
    b.at = now;
    buckets.delete(client);
    buckets.set(client, b);
    if (buckets.size > (o.maxClients ?? 10_000)) buckets.delete(buckets.keys().next().value as string);
    if (b.tokens < 1) {
      o.onLimited?.(client);
      c.header('retry-after', String(Math.max(1, Math.ceil((1 - b.tokens) / o.perSecond))));
      throw new HomelabError(429, `rate limit: at most ${o.perSecond} requests/s (burst ${o.burst}); retry later or batch events`, undefined, 'rate_limited');
    }
    b.tokens -= 1;
    return next();
  };
}
