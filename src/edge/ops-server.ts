import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeMetricsRegistry } from './metrics.js';
import type { SourceSink } from './sources/source.js';
import { createHash } from 'node:crypto';
import { DiskFullError } from './intake/disk-guard.js';
import { logger } from '../core/logger.js';
import { KeyReuseError } from './intake/keys.js';

/** Refusals kept in a batch key's remembered answer (a replay repeats at most these). */
const MAX_REMEMBERED_REJECTIONS = 64;
/** What a sender's batch key may be: 1–255 visible ASCII characters. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: EdgeMetricsRegistry;
  snapshot: () => object;
  sink: SourceSink;
  node: string;
  location?: string;
  maxBodyBytes?: number;
  /** Whether this collector's clock can judge a pushed `ts` too far ahead (false while unsynced). */
  clockTrusted?: () => boolean;
}

/**
 * The collector's own HTTP port: `GET /healthz`, `GET /metrics`, and `POST /push` for devices
 * that push readings over HTTP (202 with what was taken and refused, once it is on disk; 400 when
 * nothing was usable; 413 over the size limit; 507 naming the data directory when its disk is
 * full, 503 when it could not be stored otherwise: then nothing of the batch was taken). A batch
 * sent with an `Idempotency-Key` header (or `batch_id` in the JSON body) is taken once: a retry
 * with the same key and body gets the first 202 again, marked `replay: true` and
 * `Idempotent-Replayed: true`; the same key with another body is refused with 422. Plain node:http: it runs on a Pi next to everything else.
 * @example
 * const ops = new OpsServer({ port: 9464, registry, snapshot, sink: collector, node: 'pi-node-1' });
 * await ops.start();
 */
export class OpsServer {
  private server?: Server;

  constructor(private readonly options: OpsServerOptions) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  async start(): Promise<void> {
    // A handler that throws must answer, not end the collector (an unhandled rejection would).
    this.server = createServer((req, res) => void this.handle(req, res).catch((err: Error) => {
      logger('edge:ops').error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { status: 500, message: 'internal error; see the collector log' } }));
    }));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    await new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown): void => { res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)); };
    const error = (status: number, message: string): void => json(status, { error: { status, message } });
    if (req.method === 'GET' && req.url === '/healthz') return json(200, { status: 'ok', ...this.options.snapshot() });
    if (req.method === 'GET' && req.url === '/metrics') {
      const text = await this.options.registry.metrics();
      res.writeHead(200, { 'content-type': this.options.registry.contentType }).end(text);
      return;
    }
    if (req.method === 'POST' && req.url === '/push') {
      const limit = this.options.maxBodyBytes ?? 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) return error(413, `body over ${limit} bytes; send smaller batches`);
        chunks.push(chunk as Buffer);
      }
      // Loaded on the first push: the parser brings zod, which a node without HTTP devices never needs.
      const { parsePush } = await import('./http-push.js');
      const body = Buffer.concat(chunks);
      const result = parsePush(body.toString('utf8'), req.headers['content-type'] ?? '', { node: this.options.node, ...(this.options.location ? { location: this.options.location } : {}) }, Date.now(), this.options.clockTrusted?.() ?? true);
      const header = req.headers['idempotency-key'];
      const key = (Array.isArray(header) ? header[0] : header) ?? result.batchId;
      if (key !== undefined && !KEY.test(key)) {
        this.options.sink.malformed('http-push', 'Idempotency-Key is not 1–255 visible ASCII characters');
        return error(400, 'Idempotency-Key (or batch_id) must be 1–255 visible ASCII characters');
      }
      for (const r of result.rejected) this.options.sink.malformed('http-push', `reading ${r.index}: ${r.reason}`);
      const outside = result.rejected.filter((r) => r.code === 'ts_out_of_window').length;
      if (outside) this.options.sink.outOfWindow?.(outside);
      if (result.samples.length === 0) return json(400, { error: { status: 400, message: result.rejected[0]?.reason ?? 'no readings in the body' }, rejected: result.rejected });
      const answer = { accepted: result.samples.length, rejected: result.rejected };
      let replayed: string | undefined;
      try {
        // 202 only once the readings are on disk: a restart after kill -9 still has them.
        // With a key, the key is committed with them: a retry gets this answer, nothing is taken twice.
        if (key !== undefined && this.options.sink.readingsOnce) {
          const digest = createHash('sha256').update(body).digest('base64url');
          const remembered = JSON.stringify({ accepted: answer.accepted, rejected: answer.rejected.slice(0, MAX_REMEMBERED_REJECTIONS) });
          replayed = await this.options.sink.readingsOnce(result.samples, { key, digest, result: remembered });
        } else await this.options.sink.readings(result.samples);
      } catch (err) {
        if (err instanceof DiskFullError) return json(507, { error: { status: 507, reason: 'disk_full', message: err.message, dir: err.dir }, accepted: 0 });
        if (err instanceof KeyReuseError) return json(422, { error: { status: 422, reason: 'idempotency_key_reused', message: err.message }, accepted: 0 });
        return json(503, { error: { status: 503, reason: 'unavailable', message: (err as Error).message }, accepted: 0 });
      }
      if (replayed !== undefined) {
        res.writeHead(202, { 'content-type': 'application/json', 'idempotent-replayed': 'true' }).end(JSON.stringify({ ...(JSON.parse(replayed) as object), replay: true }));
        return;
      }
      return json(202, answer);
    }
    error(404, 'routes: GET /healthz, GET /metrics, POST /push');
  }
}
