/** One configuration for every series (no per-series or per-file tuning). */
export interface DetectorConfig {
  /** Readings scored 0 while a series learns its normal behaviour. */
  probation: number;
  /** EW rate of level and spread. */
  alpha: number;
  /** Time-of-day profile: buckets per day and their EW rate. */
  profileBuckets: number;
  profileAlpha: number;
  /** The daily profile is used when its spread is below this fraction of the plain spread. */
  seasonalGain: number;
  /** z (in spreads) at which surprise reaches 63 %. */
  surpriseScale: number;
  /** Surprise is averaged over this many readings before the likelihood step. */
  shortWindow: number;
  /** EW rate of the long-run distribution of averaged surprise. */
  alphaLikelihood: number;
  /** Below this many spreads from the expected value, a reading is never an alarm. */
  minZ: number;
  /** A value this many spreads out is scored on its own reading (a spike). */
  spikeZ: number;
  /** A score at or above this opens an alarm; the next `refractory` readings are damped. */
  alarmScore: number;
  refractory: number;
  /** Consecutive identical values that make a varying series "stuck". */
  flatlineRun: number;
  /** Physical limits per kind; beyond them a value is impossible (score 1). */
  physical: Record<string, [number, number]>;
  /** Static limits per kind from the operator (score 1 beyond them). */
  thresholds: Record<string, { min?: number; max?: number }>;
}

/**
 * The defaults, used for every series and for NAB.
 * @example
 * createDetector({ thresholds: { temperature: { max: 30 } } })
 */
export function defaultDetectorConfig(): DetectorConfig {
  return {
    probation: 150,
    alpha: 0.004,
    profileBuckets: 96,
    profileAlpha: 0.1,
    seasonalGain: 0.9,
    surpriseScale: 10,
    shortWindow: 5,
    alphaLikelihood: 0.001,
    minZ: 4,
    spikeZ: 20,
    alarmScore: 0.6,
    refractory: 200,
    flatlineRun: 30,
    physical: { temperature: [-40, 80], humidity: [0, 100], pressure: [300, 1100] },
    thresholds: {},
  };
}
