import { HomelabError } from './errors.js';
import type { ClientOptions } from './types.js';

/**
 * The HTTP plumbing shared by the SDK's classes: base URL, token, timeout, one error shape.
 * Server errors arrive as `HomelabError` with the server's status, reason and field.
 */
export class HttpClient {
  readonly url: string;

  constructor(private readonly options: ClientOptions = {}) {
    this.url = (options.url ?? process.env.HOMELAB_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(`${this.url}${path}`, {
        method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const c = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? (err as Error).message;
      throw new HomelabError(503, `cannot reach agent-bruno at ${this.url} (${cause}); is it running? start it with \`homelab up\` or set HOMELAB_URL`, undefined, 'unreachable', { cause: err });
    }
    const text = await res.text();
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    if (!res.ok) {
      const e = (parsed as { error?: { message?: string; field?: string; reason?: string } } | undefined)?.error;
      throw new HomelabError(res.status, e?.message ?? `HTTP ${res.status}: ${text.slice(0, 200)}`, e?.field, e?.reason ?? 'http_error');
    }
    return parsed as T;
  }
}
