import { buildEdgeStack } from '../../edge/stack.js';
import type { EdgeConfig } from '../../edge/config.js';
import type { Source } from '../../edge/sources/source.js';
import { createEdgeParts } from '../../edge/defaults.js';
import { OpsServer } from '../../edge/ops-server.js';

/** A running collector and what stops it. */
export interface RunningEdge {
  stop(): Promise<void>;
  stack: ReturnType<typeof buildEdgeStack>;
}

/**
 * Starts one sensor-collector with the given sources and, when `config.port` > 0, its own
 * `/healthz`, `/metrics` and `/push` port.
 */
export async function startEdge(config: EdgeConfig, sources: Source[], log: (m: string) => void): Promise<RunningEdge> {
  const parts = await createEdgeParts(config);
  const stack = buildEdgeStack(config, { ...parts, sources, log });
  await stack.collector.start();
  const ops = config.port > 0
    ? new OpsServer({ port: config.port, registry: stack.metrics.registry, snapshot: () => stack.snapshot(), sink: stack.collector, node: config.node, ...(config.location ? { location: config.location } : {}) })
    : undefined;
  await ops?.start();
  return {
    stack,
    async stop() {
      await ops?.stop();
      await stack.collector.stop();
    },
  };
}
