import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { buildEdgeStack } from '../../edge/stack.js';
import type { EdgeConfig } from '../../edge/config.js';
import type { Source } from '../../edge/sources/source.js';
import { createEdgeParts } from '../../edge/defaults.js';

/** A running collector and what stops it. */
export interface RunningEdge {
  stop(): Promise<void>;
  stack: ReturnType<typeof buildEdgeStack>;
}

/**
 * Starts one sensor-collector with the given sources and, when `config.port` > 0, its own
 * `/healthz` and `/metrics` endpoint.
 */
export async function startEdge(config: EdgeConfig, sources: Source[], log: (m: string) => void): Promise<RunningEdge> {
  const parts = await createEdgeParts(config);
  const stack = buildEdgeStack(config, { ...parts, sources, log });
  await stack.collector.start();
  const server = config.port > 0 ? await serveOps(config.port, stack.metrics.registry, () => stack.snapshot()) : undefined;
  return {
    stack,
    async stop() {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await stack.collector.stop();
    },
  };
}

function serveOps(port: number, registry: Registry, snapshot: () => object): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...snapshot() }));
    } else if (req.url === '/metrics') {
      registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text), () => res.writeHead(500).end());
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { status: 404, message: 'try /healthz or /metrics' } }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
