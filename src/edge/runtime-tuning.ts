import { setFlagsFromString } from 'node:v8';

/** What {@link tuneHeapForSmallDevice} did, for the start-up log. */
export interface HeapTuning {
  applied: boolean;
  reason: string;
}

/**
 * Keeps V8's young generation at its initial 1 MB semi-spaces instead of letting it grow to 8 MB
 * each (3 × 8 MB reserved and touched by the copying collector). The collector's live heap is ~6 MB
 * and its garbage short-lived, so a large nursery buys nothing on a Pi but ~3 MB of resident memory
 * (measured by `bench/edge-memory.ts`: 65.2–65.5 MB → 62.3–63.1 MB peak RSS, 200 sensors at 1 Hz).
 *
 * `--semi-space-growth-factor` is read each time V8 considers growing the new space, so it can be
 * set after start. `--max-semi-space-size` cannot (it is fixed when the heap is created): a user
 * who sets it in `NODE_OPTIONS` — as the container image does — is left alone, as is anyone who
 * sets `EDGE_HEAP_TUNING=off`.
 * @example
 * const tuning = tuneHeapForSmallDevice(process.env, process.execArgv);
 * if (!tuning.applied) console.log(`heap tuning: ${tuning.reason}`);
 */
export function tuneHeapForSmallDevice(env: NodeJS.ProcessEnv, execArgv: readonly string[]): HeapTuning {
  if (/^(off|false|0|no)$/i.test(env.EDGE_HEAP_TUNING ?? '')) return { applied: false, reason: 'EDGE_HEAP_TUNING is off' };
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => /^--(max-semi-space-size|semi-space-growth-factor)\b/.test(a))) {
    return { applied: false, reason: 'semi-space size already set on the command line or in NODE_OPTIONS' };
  }
  setFlagsFromString('--semi-space-growth-factor=1');
  return { applied: true, reason: 'young generation held at its initial size' };
}
