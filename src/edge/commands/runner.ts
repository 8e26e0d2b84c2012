import type { CommandOutcome, WireCommand } from '../../core/commands.js';
import { CommandError, type CommandHandler, type EdgeServices } from './handler.js';

/** A command's outcome and the JSON body that carries it to the studio. */
export interface RunResult {
  outcome: CommandOutcome;
  body: string;
}

const failure = (reason: string, message: string): RunResult => {
  const outcome: CommandOutcome = { ok: false, error: { reason, message } };
  return { outcome, body: JSON.stringify(outcome) };
};

/**
 * Runs one command through its handler, keeping its bounds: a type with no handler is
 * `unknown_type`, a handler still running at the deadline is `deadline` (its signal aborts), a
 * result whose JSON is over `maxResultBytes` is `result_too_large` (not sent), a handler that
 * throws is its `CommandError` reason or `handler_failed`. Never throws.
 * @example
 * const { body } = await runCommand(command, COMMAND_HANDLERS, services);
 */
export async function runCommand(command: WireCommand, handlers: readonly CommandHandler[], services: EdgeServices, now: () => number = Date.now): Promise<RunResult> {
  const handler = handlers.find((h) => h.type === command.type);
  if (!handler) return failure('unknown_type', `this collector has no handler for "${command.type}"; it takes: ${handlers.map((h) => h.type).join(', ')}`);
  const left = command.deadline - now();
  if (left <= 0) return failure('deadline', `the command's deadline (${new Date(command.deadline).toISOString()}) had passed when it arrived`);
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort(new Error('deadline'));
      reject(new CommandError('deadline', `the handler was still running at the deadline (${new Date(command.deadline).toISOString()})`));
    }, left);
  });
  let result: unknown;
  try {
    result = await Promise.race([Promise.resolve().then(() => handler.run(command.params, { command, services, signal: abort.signal })), deadline]);
  } catch (err) {
    if (err instanceof CommandError) return failure(err.reason, err.message);
    services.log(`[commands] ${command.type} ${command.id} failed: ${(err as Error).message}`);
    return failure('handler_failed', (err as Error).message || String(err));
  } finally {
    clearTimeout(timer);
  }
  const outcome: CommandOutcome = { ok: true, result: result ?? null };
  const body = JSON.stringify(outcome);
  const bytes = Buffer.byteLength(body);
  if (bytes > command.maxResultBytes) {
    return failure('result_too_large', `the result is ${bytes} bytes; the studio takes at most ${command.maxResultBytes}: ask for less (a shorter range, a step, a lower limit)`);
  }
  return { outcome, body };
}
