import { CommanderError } from 'commander';
import { DomainError, InvalidInput } from '../core/errors.js';
import { HomelabError } from '../sdk/errors.js';

/** Exit code of a command given bad input: flags, values, files (as `sysexits` and most CLIs: 2). */
export const EXIT_USAGE = 2;

/** Commander's own outcomes that are not errors. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** One line: newlines inside a message (commander's "Did you mean …?") are joined. */
export const oneLine = (text: string): string => text.trim().split(/\s*\n\s*/).join(' ');

/**
 * What the CLI does with an error that reached the top: the one line to print (undefined when
 * commander printed it already) and the exit code. Bad flags and bad input (commander's parse
 * errors, an InvalidInput, a studio's 400 answer) exit 2; a clash with the machine (port in use, a data directory
 * another process holds) or a failure exits 1. No stack reaches the user unless HOMELAB_DEBUG is
 * set: the message says what to do.
 * @example
 * const { line, code } = cliFailure(err, process.env);
 */
export function cliFailure(err: unknown, env: Record<string, string | undefined>): { line?: string; code: number; stack?: string } {
  if (err instanceof CommanderError) return { code: NOT_ERRORS.has(err.code) ? err.exitCode : EXIT_USAGE };
  const e = err instanceof Error ? err : new Error(String(err));
  const debug = env.HOMELAB_DEBUG && e.stack ? { stack: e.stack } : {};
  if (e instanceof DomainError) return { line: `error: ${oneLine(e.message)}`, code: e instanceof InvalidInput ? EXIT_USAGE : 1, ...debug };
  if (e instanceof HomelabError) return { line: `error: ${oneLine(e.message)}`, code: e.status === 400 ? EXIT_USAGE : 1, ...debug };
  const code = (e as NodeJS.ErrnoException).code;
  return { line: `error: ${oneLine(e.message)}${code && !e.message.includes(code) ? ` (${code})` : ''}${debug.stack ? '' : ' — set HOMELAB_DEBUG=1 for details'}`, code: 1, ...debug };
}
