import { defaultDetectorConfig, type DetectorConfig } from './config.js';
import { SeriesModel, type Reason, type SeriesState } from './series-model.js';

export interface DetectResult {
  /** Anomaly score in [0, 1]. */
  score: number;
  reason: Reason;
  /** What the series' long-run normal predicted. */
  expected?: number;
}

export interface Detector {
  score(seriesKey: string, ts: number, value: number, kind?: string): DetectResult;
  reset(seriesKey?: string): void;
  readonly seriesCount: number;
  /** What the series learned so far (undefined: never seen). */
  snapshot(seriesKey: string): SeriesState | undefined;
  /**
   * Starts a series from a learned state, replacing what it had: `fresh` (default) for a trained
   * baseline (see `SeriesModel.restore`), false to continue exactly. Throws when the state does not fit.
   */
  restore(seriesKey: string, state: SeriesState, fresh?: boolean): void;
  /** The series this detector has models for. */
  keys(): string[];
}

/**
 * The node's streaming detector: one small model per series, O(1) work per reading, past only.
 * Physically impossible values and operator thresholds score 1 whatever the model says.
 * @example
 * const d = createDetector();
 * d.score('pi-node-1/dht22-temperature', Date.now(), 21.4, 'temperature') // { score: 0, reason: 'none' } while learning
 */
export function createDetector(overrides: Partial<DetectorConfig> = {}): Detector {
  const config = { ...defaultDetectorConfig(), ...overrides };
  const models = new Map<string, SeriesModel>();
  return {
    score(key, ts, value, kind) {
      let m = models.get(key);
      if (!m) { m = new SeriesModel(config); models.set(key, m); }
      const result = m.update(ts, value);
      if (kind) {
        const phys = config.physical[kind];
        if (phys && (value < phys[0] || value > phys[1])) return { score: 1, reason: 'impossible', expected: result.expected };
        const t = config.thresholds[kind];
        if (t && ((t.max !== undefined && value > t.max) || (t.min !== undefined && value < t.min))) return { score: 1, reason: 'threshold', expected: result.expected };
      }
      return result;
    },
    reset(key) {
      if (key === undefined) models.clear();
      else models.delete(key);
    },
    get seriesCount() { return models.size; },
    snapshot(key) { return models.get(key)?.snapshot(); },
    restore(key, state, fresh = true) { models.set(key, SeriesModel.restore(config, state, fresh)); },
    keys() { return [...models.keys()]; },
  };
}
