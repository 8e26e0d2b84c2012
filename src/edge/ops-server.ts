import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeMetricsRegistry } from './metrics.js';
import type { SourceSink } from './sources/source.js';
import { DiskFullError } from './intake/disk-guard.js';
import { logger } from '../core/logger.js';

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: EdgeMetricsRegistry;
  snapshot: () => object;
  sink: SourceSink;
  node: string;
  location?: string;
  maxBodyBytes?: number;
}

/**
 * The collector's own HTTP port: `GET /healthz`, `GET /metrics`, and `POST /push` for devices
 * that push readings over HTTP (202 with what was taken and refused, once it is on disk; 400 when
 * nothing was usable; 413 over the size limit; 507 naming the data directory when its disk is
 * full, 503 when it could not be stored otherwise: then nothing of the batch was taken). Plain node:http: it runs on a Pi next to everything else.
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
      const result = parsePush(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '', { node: this.options.node, ...(this.options.location ? { location: this.options.location } : {}) });
      for (const r of result.rejected) this.options.sink.malformed('http-push', `reading ${r.index}: ${r.reason}`);
      if (result.samples.length === 0) return json(400, { error: { status: 400, message: result.rejected[0]?.reason ?? 'no readings in the body' }, rejected: result.rejected });
      try {
        // 202 only once the readings are on disk: a restart after kill -9 still has them.
        await this.options.sink.readings(result.samples);
      } catch (err) {
        if (err instanceof DiskFullError) return json(507, { error: { status: 507, reason: 'disk_full', message: err.message, dir: err.dir }, accepted: 0 });
        return json(503, { error: { status: 503, reason: 'unavailable', message: (err as Error).message }, accepted: 0 });
      }
      return json(202, { accepted: result.samples.length, rejected: result.rejected });
    }
    error(404, 'routes: GET /healthz, GET /metrics, POST /push');
  }
}
