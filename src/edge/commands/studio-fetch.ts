import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Why a fetch from the studio did not give the bytes asked for (the handler names it in its failure). */
export class StudioFetchError extends Error {
  constructor(readonly reason: 'unreachable' | 'refused' | 'too_large', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StudioFetchError';
  }
}

/**
 * GETs a path on the studio the node polls (its ingest token as bearer), at most `maxBytes`
 * (the transfer is cut off past it) within `timeoutMs` or the signal. Over node:http, not fetch:
 * a Pi's memory budget (see transport/http.ts). Throws {@link StudioFetchError}.
 * @example
 * const bytes = await fetchFromStudio({ url: 'http://studio:8080', token }, '/api/v1/edge/pi-1/models/m-v1/artifact', { maxBytes: 1 << 20, timeoutMs: 60_000 });
 */
export function fetchFromStudio(studio: { url: string; token?: string }, path: string, o: { maxBytes: number; timeoutMs: number; signal?: AbortSignal }): Promise<Buffer> {
  let url: URL;
  try { url = new URL(path, studio.url); } catch (err) { return Promise.reject(new StudioFetchError('unreachable', `cannot make a URL of ${studio.url} and ${path}`, { cause: err })); }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { accept: 'application/json', ...(studio.token ? { authorization: `Bearer ${studio.token}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers, timeout: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let got = 0;
      let cut = false;
      res.on('data', (c: Buffer) => {
        if (cut) return;
        got += c.length;
        if (got > o.maxBytes) {
          // Settled here and the transfer dropped (no error event: nothing more to say about it).
          cut = true;
          reject(new StudioFetchError('too_large', `${url.pathname}: the studio sent more than the ${o.maxBytes} bytes asked for`));
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        if (cut) return;
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new StudioFetchError('refused', `GET ${url.pathname} answered HTTP ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (HOMELAB_TOKEN needs the ingest scope)' : ''}: ${body.toString('utf8').slice(0, 200)}`));
        else resolve(body);
      });
      res.on('error', (err) => reject(new StudioFetchError('unreachable', `GET ${url.href}: ${err.message}`, { cause: err })));
    });
    req.on('timeout', () => req.destroy(new StudioFetchError('unreachable', `GET ${url.href}: no answer within ${o.timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof StudioFetchError ? err : new StudioFetchError('unreachable', `GET ${url.href}: ${err.message}`, { cause: err })));
    req.end();
  });
}
