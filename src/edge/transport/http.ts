import type { SendResult, Transport, WireEvent } from './transport.js';

export interface HttpTransportOptions {
  /** Base URL of agent-bruno, e.g. `http://localhost:8080`; events go to `${url}/events`. */
  url: string;
  /** Bearer token with the `ingest` scope, when the studio requires one. */
  token?: string;
  timeoutMs?: number;
}

interface BatchAnswer {
  results?: { id: string; status: 'stored' | 'duplicate' | 'rejected'; reason?: string }[];
}

/**
 * Sends events as one CloudEvents batch (`application/cloudevents-batch+json`) to agent-bruno,
 * which answers with a per-event result.
 * @example
 * const t = new HttpTransport({ url: 'http://localhost:8080' });
 * const r = await t.send([event]); // r.delivered → ['pi-node-1:b1:r0-59']
 */
export class HttpTransport implements Transport {
  readonly name = 'http';
  constructor(private readonly options: HttpTransportOptions) {}

  async send(events: WireEvent[]): Promise<SendResult> {
    const ids = events.map((e) => e.id);
    const body = `[${events.map((e) => e.json).join(',')}]`;
    const bytes = Buffer.byteLength(body);
    const headers: Record<string, string> = { 'content-type': 'application/cloudevents-batch+json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await fetch(new URL('/events', this.options.url), {
        method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return { delivered: [], rejected: [], retry: ids, bytes, error: describe(err) };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const after = Number(res.headers.get('retry-after'));
      return { delivered: [], rejected: [], retry: ids, bytes, error: `HTTP ${res.status}`, ...(after > 0 ? { retryAfterMs: after * 1000 } : {}) };
    }
    let answer: BatchAnswer = {};
    try { answer = JSON.parse(text) as BatchAnswer; } catch { /* non-JSON answer: judged by status below */ }
    if (!answer.results) {
      if (res.ok) return { delivered: ids, rejected: [], retry: [], bytes };
      return { delivered: [], rejected: ids.map((id) => ({ id, reason: `HTTP ${res.status}: ${text.slice(0, 200)}` })), retry: [], bytes };
    }
    const byId = new Map(answer.results.map((r) => [r.id, r]));
    const out: SendResult = { delivered: [], rejected: [], retry: [], bytes };
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) out.retry.push(id);
      else if (r.status === 'rejected') out.rejected.push({ id, reason: r.reason ?? 'rejected' });
      else out.delivered.push(id);
    }
    return out;
  }

  async close(): Promise<void> {}
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timeout';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
