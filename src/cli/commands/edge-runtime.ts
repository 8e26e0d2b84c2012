import { buildEdgeStack } from '../../edge/stack.js';
import type { EdgeConfig } from '../../edge/config.js';
import type { Source } from '../../edge/sources/source.js';
import { createEdgeParts } from '../../edge/defaults.js';
import { OpsServer } from '../../edge/ops-server.js';
import { prepareDataDir } from '../../core/data-dir.js';
import { lockDataDir } from '../../core/data-dir-lock.js';
import { listenProblem } from '../../core/listen.js';
import { makeStartRoom, reservePath } from '../../edge/intake/index.js';

/** Free space made for opening the databases (their WAL and shared memory) on a full disk: with none, SQLite's open fails SQLITE_FULL (chaos s4b); 256 KiB opened it there and in edge-full-disk.test.ts. */
const START_ROOM = 256 * 1024;

/** A running collector and what stops it. */
export interface RunningEdge {
  stop(): Promise<void>;
  stack: ReturnType<typeof buildEdgeStack>;
}

/**
 * Starts one sensor-collector with the given sources and, when `config.port` > 0, its own
 * `/healthz`, `/metrics` and `/push` port. The data directory is checked and locked for this
 * node first (`edge-<node>.lock`): two collectors of one node on one folder would share an outbox.
 */
export async function startEdge(config: EdgeConfig, sources: Source[], log: (m: string) => void): Promise<RunningEdge> {
  prepareDataDir(config.dataDir, '--data-dir DIR or HOMELAB_DATA_DIR');
  const lock = lockDataDir(config.dataDir, `edge-${config.node.replace(/[^A-Za-z0-9._-]/g, '_')}`, `homelab edge for node ${config.node}`, log);
  let stack: ReturnType<typeof buildEdgeStack> | undefined;
  let ops: OpsServer | undefined;
  // Restarted on a full disk: part of the reserve makes room to open the databases (their WAL and
  // shared memory); the collector then runs in its disk-full state.
  makeStartRoom(config.dataDir, reservePath(config.dataDir, config.node), START_ROOM, log);
  try {
    const parts = await createEdgeParts(config);
    stack = buildEdgeStack(config, { ...parts, sources, log });
    await stack.collector.start();
    const s = stack;
    ops = config.port > 0
      ? new OpsServer({ port: config.port, registry: s.metrics.registry, snapshot: () => s.snapshot(), sink: s.collector, node: config.node, clockTrusted: () => s.collector.parts.clock?.state() !== 'unsynced', ...(config.location ? { location: config.location } : {}) })
      : undefined;
    await ops?.start().catch((err: unknown) => { throw listenProblem(err, '0.0.0.0', config.port, '--port N or EDGE_PORT=N'); });
  } catch (err) {
    await stack?.collector.stop().catch(() => undefined);
    lock.release();
    throw err;
  }
  const running = stack;
  return {
    stack: running,
    async stop() {
      await ops?.stop();
      await running.collector.stop();
      lock.release();
    },
  };
}
