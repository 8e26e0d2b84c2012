/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)].
 * Full jitter spreads a fleet of nodes reconnecting after an outage instead of having them
 * retry in lockstep.
 * @example
 * backoffMs(3, { baseMs: 500, capMs: 60_000 }) // somewhere in [0, 4000]
 */
export function backoffMs(attempt: number, opts: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
