import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HomelabError } from '../../core/errors.js';

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

/** Which scope a request needs; undefined means open (probes, the dashboard's page and its login). */
export function scopeFor(method: string, path: string): Scope | undefined {
  if (path === '/healthz' || path === '/readyz') return undefined;
  if (path === '/' || path.startsWith('/ui/') || path === '/api/v1/session') return undefined;
  // GitHub and Slack sign their deliveries (the route verifies them); Alertmanager sends a bearer token.
  if (path === '/webhooks/github' || path === '/webhooks/slack') return undefined;
  if (path === '/events' || path === '/push' || path === '/webhooks/alertmanager') return 'ingest';
  if (method === 'GET' || method === 'HEAD' || path === '/query' || /^\/agents\/[^/]+\/query$/.test(path)) return 'read';
  return 'admin';
}

/**
 * Bearer-token check with constant-time comparison of digests. With no tokens configured the
 * server must be bound to loopback (the server refuses to start otherwise), so this lets all through.
 * @example
 * app.use('*', requireScopes(grants));
 */
export function requireScopes(grants: TokenGrant[]): MiddlewareHandler<{ Variables: { scopes: Scope[] } }> {
  return async (c, next) => {
    const needed = scopeFor(c.req.method, c.req.path);
    // Open (loopback, no tokens): every scope. Routes that act for the caller (POST /query) read it.
    c.set('scopes', ['admin']);
    if (grants.length === 0 || needed === undefined) return next();
    const token = presentedToken(c);
    if (token === undefined) throw new HomelabError(401, `this endpoint needs a bearer token with the "${needed}" scope: send Authorization: Bearer <token>`, 'authorization', 'unauthorized');
    const granted = grantedScopes(grants, token);
    if (!granted) throw new HomelabError(401, 'unknown token', 'authorization', 'unauthorized');
    if (!granted.includes(needed) && !granted.includes('admin')) {
      throw new HomelabError(403, `this token lacks the "${needed}" scope`, 'authorization', 'forbidden');
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

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
