import type { Severity } from '../../core/severity.js';

/** The detector as the classifier sees it (see `edge/detect`). */
export interface ReadingScorer {
  score(seriesKey: string, ts: number, value: number, kind?: string): { score: number; reason: string };
}

export interface SeverityConfig {
  /** Anomaly score at or above which a reading is a warning. */
  warningScore: number;
  /** Anomaly score at or above which a reading is critical. */
  criticalScore: number;
  /** Static limits per kind: crossing one is critical whatever the score (e.g. `temperature: { max: 30 }`). */
  limits: Record<string, { min?: number; max?: number }>;
}

/**
 * Critical at the score where the detector is best on NAB's standard profile (θ ≈ 0.50, printed
 * by `node --import tsx bench/nab.ts --verbose`; the detector's alarm level is 0.5 too); warnings
 * a step below, so they batch rather than page.
 */
export const DEFAULT_SEVERITY: SeverityConfig = { warningScore: 0.45, criticalScore: 0.5, limits: {} };

export interface Verdict {
  score: number;
  severity: Severity;
  reason: string;
}

/**
 * Turns a reading into a verdict: the detector's score, then the static limits.
 * @example
 * classify(scorer, DEFAULT_SEVERITY, 'pi-node-2/dht22-temperature', ts, 28.4, 'temperature') // { severity: 'critical', … }
 */
export function classify(scorer: ReadingScorer, config: SeverityConfig, key: string, ts: number, value: number, kind: string): Verdict {
  const { score, reason } = scorer.score(key, ts, value, kind);
  const limit = config.limits[kind];
  if (limit && ((limit.max !== undefined && value > limit.max) || (limit.min !== undefined && value < limit.min))) {
    return { score: Math.max(score, 1), severity: 'critical', reason: `${kind} outside the configured limits [${limit.min ?? '-∞'}, ${limit.max ?? '∞'}]` };
  }
  const severity: Severity = score >= config.criticalScore ? 'critical' : score >= config.warningScore ? 'warning' : 'normal';
  return { score, severity, reason: severity === 'normal' ? 'none' : reason };
}
