import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { HttpError } from './http-error.js';

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
  const buckets = new TokenBuckets(o.perSecond, o.burst, o.maxClients);
  return async (c, next) => {
    if (c.req.path === '/healthz' || c.req.path === '/readyz' || c.req.path === '/metrics') return next();
    // Runs after authentication: only known tokens get here, so a token is a client.
    const client = c.req.header('authorization') || clientAddress(c);
    const wait = buckets.take(client);
    if (wait > 0) {
      o.onLimited?.(client);
      c.header('retry-after', String(wait));
      throw new HttpError(429, `rate limit: at most ${o.perSecond} requests/s (burst ${o.burst}); retry later or batch events`, undefined, 'rate_limited');
    }
    return next();
  };
}

/** The address a request came from ('unknown' when the server cannot tell, e.g. `app.request` in tests). */
export function clientAddress(c: Context): string {
  try { return getConnInfo(c).remote.address ?? 'unknown'; } catch { return 'unknown'; }
}

/**
 * Token buckets per key, the least recently seen forgotten first beyond `maxKeys` (bounded memory
 * whatever a client sends).
 * @example
 * const b = new TokenBuckets(5, 20); if (b.take(addr) > 0) refuse();
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(readonly perSecond: number, readonly burst: number, private readonly maxKeys = 10_000) {}

  private refill(key: string): { tokens: number; at: number } {
    const now = performance.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return b;
  }

  /** Takes one token: 0 when there was one, else the seconds until there is (nothing taken). */
  take(key: string): number {
    const b = this.refill(key);
    if (b.tokens < 1) return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
    b.tokens -= 1;
    return 0;
  }

  /** Seconds until `key` has a token again (0: it has one now); takes nothing. */
  waitFor(key: string): number {
    const b = this.buckets.has(key) ? this.refill(key) : undefined;
    return !b || b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
}
