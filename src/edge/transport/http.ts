import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SendResult, Transport, WireEvent } from './transport.js';

export interface HttpTransportOptions {
  /** Base URL of agent-bruno, e.g. `http://localhost:8080`; events go to `${url}/events`. */
  url: string;
  /** Bearer token with the `ingest` scope, when the studio requires one. */
  token?: string;
  timeoutMs?: number;
}

interface BatchAnswer {
  results?: { id: string; status: 'stored' | 'duplicate' | 'held' | 'rejected'; reason?: string; rejected_readings?: unknown[] }[];
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
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 2 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 2 });
  constructor(private readonly options: HttpTransportOptions) {}

  async send(events: WireEvent[]): Promise<SendResult> {
    const ids = events.map((e) => e.id);
    const body = `[${events.map((e) => e.json).join(',')}]`;
    const bytes = Buffer.byteLength(body);
    const headers: Record<string, string | number> = { 'content-type': 'application/cloudevents-batch+json', 'content-length': bytes };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let res: { status: number; text: string; retryAfter: string | undefined };
    try {
      res = await this.post(new URL('/events', this.options.url), headers, body);
    } catch (err) {
      return { delivered: [], rejected: [], retry: ids, bytes, error: describe(err) };
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const after = Number(res.retryAfter);
      return { delivered: [], rejected: [], retry: ids, bytes, error: `HTTP ${res.status}`, ...(after > 0 ? { retryAfterMs: after * 1000 } : {}) };
    }
    const ok = res.status >= 200 && res.status < 300;
    let answer: BatchAnswer = {};
    try { answer = JSON.parse(res.text) as BatchAnswer; } catch { /* non-JSON answer: judged by status below */ }
    if (!answer.results) {
      if (ok) return { delivered: ids, rejected: [], retry: [], bytes };
      return { delivered: [], rejected: ids.map((id) => ({ id, reason: `HTTP ${res.status}: ${res.text.slice(0, 200)}` })), retry: [], bytes };
    }
    const byId = new Map(answer.results.map((r) => [r.id, r]));
    const out: SendResult = { delivered: [], rejected: [], retry: [], bytes };
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) out.retry.push(id);
      else if (r.status === 'rejected') out.rejected.push({ id, reason: r.reason ?? 'rejected' });
      else {
        out.delivered.push(id);
        if (Array.isArray(r.rejected_readings) && r.rejected_readings.length) out.rejectedReadings = (out.rejectedReadings ?? 0) + r.rejected_readings.length;
      }
    }
    return out;
  }

  /**
   * One POST over node:http with a keep-alive agent. Not `fetch`: its HTTP stack (undici) costs
   * ~10 MB of resident memory on first use against ~4 MB for node:http (measured), and a Pi
   * collector's budget is 64 MB.
   */
  private post(url: URL, headers: Record<string, string | number>, body: string): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent, timeout: this.options.timeoutMs ?? 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), retryAfter: res.headers['retry-after'] }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
      req.on('error', reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string };
  if (e.name === 'TimeoutError') return 'timeout';
  return e.code ?? e.message ?? String(err);
}
