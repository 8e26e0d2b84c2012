import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { InvalidInput } from '../../core/errors.js';
import { FailedAuth, grantedScopes, presentedToken, SCOPES, SESSION_COOKIE, type Scope, type TokenGrant } from '../http/auth.js';

/** How long the browser keeps the token: the cookie is re-set at each login. */
const SESSION_MAX_AGE_S = 30 * 86_400;

/** Whether the page reached us over TLS (directly or through a proxy that says so). */
const overTls = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/**
 * The dashboard's login. `GET /api/v1/session` says whether tokens are needed and what the
 * current request may do; `POST /api/v1/session {"token"}` checks a token and keeps it in an
 * httpOnly, SameSite=Strict cookie that the API then accepts like the bearer token (same
 * scopes); `DELETE` forgets it. With no tokens configured (loopback only) everything is open.
 * @example
 * sessionRoutes(app, grants);
 */
export function sessionRoutes(app: Hono, grants: TokenGrant[], failed: FailedAuth = new FailedAuth()): void {
  const open = grants.length === 0;
  const all: Scope[] = [...SCOPES];
  app.get('/api/v1/session', (c) => {
    if (open) return c.json({ auth: 'none', authenticated: true, scopes: all });
    failed.check(c); // an answer here says whether a token is known: limited like any login
    const token = presentedToken(c);
    const scopes = token === undefined ? undefined : grantedScopes(grants, token);
    if (token !== undefined && !scopes) failed.record(c, 'unknown');
    return c.json({ auth: 'token', authenticated: scopes !== undefined, scopes: scopes ?? [] });
  });
  app.post('/api/v1/session', async (c) => {
    let token: unknown;
    try {
      token = (JSON.parse(await c.req.text()) as { token?: unknown }).token;
    } catch (err) {
      throw new InvalidInput('body must be JSON: {"token": "…"}', { field: '(body)', reason: 'malformed_json', cause: err });
    }
    if (typeof token !== 'string' || !token.trim() || token.length > 1024) throw new InvalidInput('token must be a non-empty string', { field: 'token' });
    if (open) return c.json({ auth: 'none', authenticated: true, scopes: all });
    failed.check(c);
    const scopes = grantedScopes(grants, token.trim());
    if (!scopes) failed.fail(c, 'unknown', 'unknown token', 'token');
    setCookie(c, SESSION_COOKIE, token.trim(), { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_MAX_AGE_S, secure: overTls(c) });
    return c.json({ auth: 'token', authenticated: true, scopes });
  });
  app.delete('/api/v1/session', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: overTls(c) });
    return c.body(null, 204);
  });
}
