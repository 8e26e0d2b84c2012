import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HttpError } from './http-error.js';
import { clientAddress, TokenBuckets } from './rate-limit.js';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A token's SHA-256 and what it may do; tokens themselves are never kept. */
export interface TokenGrant {
  digest: Buffer;
  scopes: Scope[];
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Parses `HOMELAB_TOKENS`: comma-separated `token:scope+scope` (scopes: ingest, read, admin;
 * admin implies the others). Unknown scopes are reported, not silently granted.
 * @example
 * parseTokens('edge-secret:ingest,team-secret:read,ops-secret:admin', warnings)
 */
export function parseTokens(spec: string | undefined, warnings: string[]): TokenGrant[] {
  if (!spec) return [];
  const grants: TokenGrant[] = [];
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const sep = entry.lastIndexOf(':');
    const token = sep > 0 ? entry.slice(0, sep) : entry;
    const names = sep > 0 ? entry.slice(sep + 1).split('+') : ['read'];
    const scopes = names.filter((n): n is Scope => (SCOPES as readonly string[]).includes(n));
    if (scopes.length !== names.length) warnings.push(`HOMELAB_TOKENS: unknown scope in "${names.join('+')}" (known: ${SCOPES.join(', ')}); ignored`);
    if (token.length < 8) { warnings.push('HOMELAB_TOKENS: a token shorter than 8 characters was ignored'); continue; }
    if (scopes.length) grants.push({ digest: digest(token), scopes });
  }
  return grants;
}

/** The cookie the dashboard keeps its token in (httpOnly, SameSite=Strict; set by `POST /api/v1/session`). */
export const SESSION_COOKIE = 'homelab_token';

/** The node's side of the command channel (long-poll, results, and a model part sent by reference). */
const NODE_CHANNEL = /^\/api\/v1\/edge\/[^/]+\/(?:commands\/(?:next|[^/]+\/result)|models\/[^/]+\/artifact)$/;

/** Which scope a request needs; undefined means open (probes, the dashboard's page and its login). */
export function scopeFor(method: string, path: string): Scope | undefined {
  if (path === '/healthz' || path === '/readyz') return undefined;
  if (path === '/' || path.startsWith('/ui/') || path === '/api/v1/session') return undefined;
  // GitHub and Slack sign their deliveries (the route verifies them); Alertmanager sends a bearer token.
  if (path === '/webhooks/github' || path === '/webhooks/slack') return undefined;
  if (path === '/events' || path === '/push' || path === '/webhooks/alertmanager') return 'ingest';
  // A node's command channel: its long-poll and its results go with its ingest token.
  if (NODE_CHANNEL.test(path)) return 'ingest';
  // Approvals: the agent checks for admin itself, so a refused approval is in its audit log.
  if (method === 'GET' || method === 'HEAD' || path === '/query' || /^\/agents\/[^/]+\/query$/.test(path) || /^\/api\/v1\/agents\/[^/]+\/actions\/[^/]+\/approve$/.test(path)) return 'read';
  return 'admin';
}

/** Failed authentications allowed per client address: 5 a second sustained, 20 at once. */
export const FAILED_AUTH = { perSecond: 5, burst: 20 } as const;

/** How failed authentications are limited and counted. */
export interface FailedAuthOptions {
  perSecond?: number;
  burst?: number;
  /** A request without a token, or with an unknown one. */
  onFailure?: (reason: 'missing' | 'unknown') => void;
  /** A request refused because its address failed too often. */
  onLimited?: (address: string) => void;
}

/**
 * Failed authentications per client address: each costs a token from the address's bucket, and an
 * address with none left is refused (429) before any token it sends is looked at, so guessing runs
 * at `perSecond` at most whatever tokens it tries (a limiter keyed on the token would not hold it).
 * Shared by the bearer check and the dashboard's login.
 * @example
 * const failed = new FailedAuth({ onFailure: (r) => metrics.authFailures.inc({ reason: r }) });
 */
export class FailedAuth {
  readonly perSecond: number;
  readonly burst: number;
  private readonly buckets: TokenBuckets;
  constructor(private readonly o: FailedAuthOptions = {}) {
    this.perSecond = o.perSecond ?? FAILED_AUTH.perSecond;
    this.burst = o.burst ?? FAILED_AUTH.burst;
    this.buckets = new TokenBuckets(this.perSecond, this.burst);
  }

  /** Throws the 429 when the request's address has failed too often lately. */
  check(c: Context): void {
    const address = clientAddress(c);
    const wait = this.buckets.waitFor(address);
    if (wait === 0) return;
    this.o.onLimited?.(address);
    c.header('retry-after', String(wait));
    throw new HttpError(429, `too many failed authentications from ${address}: at most ${this.perSecond}/s (burst ${this.burst}); retry in ${wait} s with a valid token`, 'authorization', 'auth_rate_limited');
  }

  /** Records a failure of the request's address. */
  record(c: Context, reason: 'missing' | 'unknown'): void {
    this.buckets.take(clientAddress(c));
    this.o.onFailure?.(reason);
  }

  /** Records a failure of the request's address and throws its 401. */
  fail(c: Context, reason: 'missing' | 'unknown', message: string, field = 'authorization'): never {
    this.record(c, reason);
    throw new HttpError(401, message, field, 'unauthorized');
  }
}

/**
 * Bearer-token check with constant-time comparison of digests. With no tokens configured the
 * server must be bound to loopback (the server refuses to start otherwise), so this lets all through.
 * @example
 * app.use('*', requireScopes(grants));
 */
export function requireScopes(grants: TokenGrant[], failed: FailedAuth = new FailedAuth()): MiddlewareHandler<{ Variables: { scopes: Scope[] } }> {
  return async (c, next) => {
    const needed = scopeFor(c.req.method, c.req.path);
    // Open (loopback, no tokens): every scope. Routes that act for the caller (POST /query) read it.
    c.set('scopes', ['admin']);
    if (grants.length === 0 || needed === undefined) return next();
    failed.check(c);
    const token = presentedToken(c);
    if (token === undefined) return failed.fail(c, 'missing', `this endpoint needs a bearer token with the "${needed}" scope: send Authorization: Bearer <token>`);
    const granted = grantedScopes(grants, token);
    if (!granted) return failed.fail(c, 'unknown', 'unknown token');
    if (!granted.includes(needed) && !granted.includes('admin')) {
      throw new HttpError(403, `this token lacks the "${needed}" scope`, 'authorization', 'forbidden');
    }
    c.set('scopes', granted);
    return next();
  };
}

/**
 * The token a request carries: `Authorization: Bearer …`, else the dashboard's session cookie
 * (same scopes either way; the cookie is SameSite=Strict, so other sites cannot make a browser send it).
 */
export function presentedToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) return /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() || undefined;
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? cookie : undefined;
}

/** The scopes of a token (constant-time digest comparison); undefined for an unknown one. */
export function grantedScopes(grants: TokenGrant[], token: string): Scope[] | undefined {
  const presented = digest(token);
  let granted: Scope[] | undefined;
  for (const g of grants) if (timingSafeEqual(g.digest, presented)) granted = g.scopes;
  return granted;
}
