import { createDetector, defaultDetectorConfig, type DetectorConfig, type SeriesState } from '../edge/detect/index.js';
import { replay, ROLLUP_MS, seedOf, type Rollup } from './reconstruct.js';

export interface BaselineOptions {
  /** The node's sampling interval, ms (what the rollups' counts imply). */
  intervalMs: number;
  /** The most recent span replayed reading by reading at that interval (older rollups go in one per window). */
  fineMs: number;
  /** Most readings replayed one by one (bounds the work per series). */
  maxFineReadings: number;
  config?: Partial<DetectorConfig>;
}

export const DEFAULT_BASELINE = { fineMs: 48 * 3_600_000, maxFineReadings: 200_000 } as const;

/**
 * The edge detector's own state for one series, learned from the studio's rollups the detector's
 * own way: older windows go in as one reading each (their mean, at the window's centre), which
 * teaches the daily and weekly profiles, the level and the range; the most recent `fineMs` are
 * replayed reading by reading at the node's interval (see `replay`), which settles the spreads,
 * step sizes and surprise histories at the rate the node will see. The result is what a collector
 * that had watched this history would hold, and is what a node is given to start from.
 * @example
 * const state = trainBaseline('pi-node-2/dht22-temperature', rollups, { intervalMs: 5000, ...DEFAULT_BASELINE });
 */
export function trainBaseline(key: string, rollups: Rollup[], o: BaselineOptions): { state: SeriesState; readings: number } {
  if (rollups.length === 0) throw new Error(`no rollups for ${key}`);
  const d = createDetector(o.config);
  const end = rollups.at(-1)!.ts + ROLLUP_MS;
  const fineFrom = Math.max(end - o.fineMs, end - o.maxFineReadings * o.intervalMs);
  const split = rollups.findIndex((r) => r.ts >= fineFrom);
  const coarse = split < 0 ? rollups : rollups.slice(0, split);
  let readings = 0;
  for (const r of coarse) { d.score(key, r.ts + ROLLUP_MS / 2, r.mean); readings++; }
  if (split >= 0) readings += replay(rollups.slice(split), o.intervalMs, seedOf(key), (ts, v) => { d.score(key, ts, v); });
  return { state: d.snapshot(key)!, readings };
}

/**
 * The baseline fitted without the held-back tail, then run over the tail's replayed readings beside
 * a detector starting cold: alarms each raises (score ≥ the alarm level) and how far the warm
 * detector's expectation is from the readings.
 */
export function evaluateBaseline(key: string, train: Rollup[], tail: Rollup[], o: BaselineOptions): { tail_readings: number; alarms_warm: number; alarms_cold: number; expected_mae: number } {
  const alarm = { ...defaultDetectorConfig(), ...o.config }.alarmScore;
  const warm = createDetector(o.config);
  warm.restore(key, trainBaseline(key, train, o).state);
  const cold = createDetector(o.config);
  let alarmsWarm = 0;
  let alarmsCold = 0;
  let err = 0;
  const n = replay(tail, o.intervalMs, seedOf(`${key}#tail`), (ts, v) => {
    const w = warm.score(key, ts, v);
    if (w.score >= alarm) alarmsWarm++;
    err += Math.abs((w.expected ?? v) - v);
    if (cold.score(key, ts, v).score >= alarm) alarmsCold++;
  });
  return { tail_readings: n, alarms_warm: alarmsWarm, alarms_cold: alarmsCold, expected_mae: n ? err / n : 0 };
}
