import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError, type CommandHandler } from '../handler.js';

/**
 * `ping`: answers with the node's name, clock and the attempt, to check the channel end to end.
 * `delayMs` (at most 60 000) answers that much later: a way to see deadlines and redelivery work.
 */
export const ping: CommandHandler = {
  type: 'ping',
  async run(params, ctx) {
    const delay = (params as { delayMs?: unknown } | null)?.delayMs;
    if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > 60_000)) {
      throw new CommandError('bad_params', 'delayMs must be an integer in [0, 60000]');
    }
    if (delay) await sleep(delay, undefined, { signal: ctx.signal }).catch(() => undefined);
    return { node: ctx.services.node, ts: Date.now(), attempt: ctx.command.attempt };
  },
};
