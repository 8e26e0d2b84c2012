/** One configuration for every series (no per-series or per-file tuning). */
export interface DetectorConfig {
  /** Readings scored 0 while a series learns its normal behaviour. */
  probation: number;
  /** EW rate of the plain level and spread (and of the usual step size). */
  alpha: number;
  /** Residuals are clipped at this many spreads while learning (a spike barely moves the normal). */
  clipZ: number;
  /** Daily profile: buckets per day, EW rate per visit, rate of its bias, cycles before use. */
  profileBuckets: number;
  profileAlpha: number;
  profileBiasAlpha: number;
  profileMinCycles: number;
  /** Buckets of the weekly profile (0: none); it replaces the daily one when clearly better. */
  weeklyBuckets: number;
  /** A profile is used when its spread is below this fraction of the plain (or daily) spread. */
  seasonalGain: number;
  /** z (in spreads) at which raw surprise reaches 63 %. */
  surpriseScale: number;
  /** Surprise is averaged over this many readings before the likelihood step. */
  shortWindow: number;
  /** EW rate of the long-run distribution of averaged surprise, and its smallest std. */
  likelihoodAlpha: number;
  likelihoodMinStd: number;
  /** −log10 tail probability at which a likelihood maps to score ≈ 0.5 (Numenta: 5, p = 1e-5). */
  likelihoodHalf: number;
  /** EW rate of the short-run step size whose rise is a volatility alarm. */
  volatilityAlpha: number;
  /** Smallest log ratio of short-run to usual step size that can alarm (log 2: twice as jumpy). */
  volatilityMinRise: number;
  /** Below this many spreads from the expected value, a reading is never an alarm. */
  minZ: number;
  /** From this many spreads, a reading on its own is a spike. */
  spikeZ: number;
  /** New territory: tolerance (fraction of the range seen) and how fast the range is forgotten. */
  rangeTolerance: number;
  rangeForget: number;
  /** Stuck sensor: minimum run, and multiple of the longest run this series normally shows. */
  stuckMinRun: number;
  stuckFactor: number;
  /** A score at or above this opens an alarm; the next `refractory` readings are damped. */
  alarmScore: number;
  refractory: number;
  /** Weight of the log view's evidence against the plain view's, for non-negative series (0: plain only). */
  logWeight: number;
  /**
   * Count series (non-negative whole numbers, see `CountModel`): a new record that this series'
   * own tail expects more than this many times in its long window has its new-territory score
   * divided by how much more (0: no count model).
   */
  countOrdinary: number;
  /** Physical limits per kind; beyond them a value is impossible (score 1). */
  physical: Record<string, [number, number]>;
  /** Static limits per kind from the operator (score 1 beyond them). */
  thresholds: Record<string, { min?: number; max?: number }>;
}

/**
 * The defaults, used for every series and for NAB (one setting for all files). Most were chosen on
 * the NAB subset; `logWeight` and `refractory` are what leave-one-category-out cross-validation
 * (`npm run bench -- nab-cv`, NAB folders plus synthetic counts, costs and traffic) chose when each
 * category was left out. A reading scoring ≥ `alarmScore` (0.5) is an alarm.
 * @example
 * createDetector({ thresholds: { temperature: { max: 30 } } })
 */
export function defaultDetectorConfig(): DetectorConfig {
  return {
    probation: 150,
    alpha: 0.004,
    clipZ: 4,
    profileBuckets: 96,
    profileAlpha: 0.2,
    profileBiasAlpha: 0.01,
    profileMinCycles: 2,
    weeklyBuckets: 168,
    seasonalGain: 0.8,
    surpriseScale: 6,
    shortWindow: 10,
    likelihoodAlpha: 0.001,
    likelihoodMinStd: 0.01,
    likelihoodHalf: 5,
    volatilityAlpha: 0.15,
    volatilityMinRise: Math.LN2,
    minZ: 3,
    spikeZ: 8,
    rangeTolerance: 0.1,
    rangeForget: 3e-5,
    stuckMinRun: 30,
    stuckFactor: 3,
    alarmScore: 0.5,
    refractory: 70,
    logWeight: 0.3,
    countOrdinary: 0.1,
    physical: { temperature: [-40, 80], humidity: [0, 100], pressure: [300, 1100] },
    thresholds: {},
  };
}
