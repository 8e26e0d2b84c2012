import { setFlagsFromString } from 'node:v8';

/** What {@link tuneHeapForSmallDevice} did, for the start-up log. */
export interface HeapTuning {
  applied: boolean;
  reason: string;
}

/**
 * Sizes V8's heap for a collector on a Pi rather than for a server. Two flags:
 * - `--semi-space-growth-factor=1` keeps the young generation at its initial 1 MB semi-spaces
 *   instead of letting them grow to 8 MB each (touched by the copying collector, so resident);
 * - `--optimize-for-size` lets the old generation grow 2 MB past its live size before a major GC
 *   instead of 8 MB. The collector's live heap is ~7 MB; what it promotes is readings buffered for
 *   seconds (store flush, warning batch), garbage by the next major GC.
 * Measured by `bench/edge-memory.ts` (200 sensors at 1 Hz, peak RSS): no tuning 65.0–65.5 MB
 * (20–180 s runs); semi-space only 61.7–62.1 MB over 30 s but 65 MB over 180 s; both 61.4–63.7 MB
 * over 150–240 s. The pipeline bench's throughput did not move beyond run-to-run noise.
 *
 * Both flags are read whenever V8 sizes its spaces, so they can be set after start.
 * `--max-semi-space-size` cannot (it is fixed when the heap is created): a user who sets it in
 * `NODE_OPTIONS` or on the command line is left alone, as is anyone who sets `EDGE_HEAP_TUNING=off`.
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
  setFlagsFromString('--optimize-for-size');
  return { applied: true, reason: 'young generation held at 1 MB, old generation sized for memory' };
}
