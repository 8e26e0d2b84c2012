import type { CommandView } from '../../core/commands.js';
import type { CommandQueue } from './command-queue.js';
import type { EdgeReadingsParams, EdgeReadingsResult } from '../../core/edge-readings.js';

export { EDGE_READINGS_MAX_ROWS, type EdgeReadingsParams, type EdgeReadingsResult } from '../../core/edge-readings.js';

/** How a drill-down ended. */
export type EdgeReadingsAnswer =
  | { status: 'done'; command: CommandView; result: EdgeReadingsResult }
  | { status: 'queued'; command: CommandView }
  | { status: 'timeout'; command: CommandView; reason: string }
  | { status: 'failed'; command: CommandView; error: { reason: string; message: string } };

/**
 * Drill-down into a node's raw local store over its command channel: the domain API the HTTP
 * route and the agents share. Asks the node (`readings.query`), waits up to `timeoutMs`; when the
 * node has not answered by then, either gives up on the command (status `timeout`, with the reason
 * in words) or, with `waitForNodeMs`, leaves it queued that long for the node to come back
 * (status `queued`: fetch its outcome later by command id).
 * @example
 * const a = await edge.query('pi-node-1', { from, to, limit: 1000 }, { timeoutMs: 5_000 });
 * if (a.status === 'done') console.log(a.result.count);
 */
export class EdgeReadings {
  constructor(private readonly queue: CommandQueue, private readonly clock: () => number = Date.now) {}

  async query(node: string, params: EdgeReadingsParams, opts: { timeoutMs: number; waitForNodeMs?: number; signal?: AbortSignal }): Promise<EdgeReadingsAnswer> {
    const started = this.clock();
    // Without waiting for the node the command lives a little past the caller's timeout: it is the
    // caller that gives up on it (with the reason), not the queue's sweep a moment earlier.
    const sent = await this.queue.send(node, 'readings.query', params, { ttlMs: Math.max(opts.waitForNodeMs ?? 0, opts.timeoutMs + 1000) });
    const command = (await this.queue.wait(sent.id, Math.max(0, opts.timeoutMs - (this.clock() - started)), opts.signal)) ?? sent;
    if (command.state === 'done') return { status: 'done', command, result: command.result as EdgeReadingsResult };
    if (command.state === 'failed') return { status: 'failed', command, error: command.error ?? { reason: 'node_error', message: 'the node failed the query' } };
    if (opts.waitForNodeMs !== undefined && command.state !== 'expired') return { status: 'queued', command };
    const reason = await this.why(node, command, this.clock() - started);
    await this.queue.cancel(command.id, 'caller_timeout', reason);
    return { status: 'timeout', command: (await this.queue.get(command.id)) ?? command, reason };
  }

  /** Why the node did not answer, in words: its channel's state as the studio sees it. */
  private async why(node: string, command: CommandView, waitedMs: number): Promise<string> {
    const waited = `${(waitedMs / 1000).toFixed(1)} s`;
    if (command.state === 'delivered' && command.deliveredAt !== null) {
      return `node ${node} took the query at ${new Date(command.deliveredAt).toISOString()} but sent no result within ${waited}: ask for a shorter range or a step, or a longer timeout`;
    }
    const ch = await this.queue.channel(node);
    if (ch.polling > 0) return `node ${node} is connected but did not take the query within ${waited}`;
    if (ch.lastPollAt === null) return `node ${node} did not answer within ${waited}: its command channel has not connected to the studio (is its collector running, with STUDIO_AGENT_URL pointing here?)`;
    const ago = Math.round((this.clock() - ch.lastPollAt) / 1000);
    return `node ${node} did not answer within ${waited}: its command channel is not connected (last seen ${new Date(ch.lastPollAt).toISOString()}, ${ago} s ago)`;
  }
}
