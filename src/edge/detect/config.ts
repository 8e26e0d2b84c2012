/** One configuration for every series (no per-series or per-file tuning). */
export interface DetectorConfig {
  /** Readings scored 0 while a series learns its normal behaviour. */
  probation: number;
  /** EW rate of the plain level and spread. */
  alpha: number;
  /** Residuals are clipped at this many spreads while learning (a spike barely moves the normal). */
  clipZ: number;
  /** Time-of-day profile: buckets per day, EW rate per visit, rate of its bias, days before use. */
  profileBuckets: number;
  profileAlpha: number;
  profileBiasAlpha: number;
  profileMinDays: number;
  /** The profile is used when its spread is below this fraction of the plain spread. */
  seasonalGain: number;
  /** z (in spreads) at which raw surprise reaches 63 %. */
  surpriseScale: number;
  /** Surprise is averaged over this many readings before the likelihood step. */
  shortWindow: number;
  /** A second, longer window of surprise (sustained change: drift, variance), and its weight. */
  longWindow: number;
  longWeight: number;
  /** EW rate of the long-run distribution of averaged surprise, and its smallest std. */
  likelihoodAlpha: number;
  likelihoodMinStd: number;
  /** −log10 tail probability that maps to score 0.5 (Numenta: 5, i.e. p = 1e-5). */
  likelihoodHalf: number;
  /** Also judge the change from the previous reading (a jump in a smooth series). */
  diffChannel: boolean;
  /** Predictor bank: EW rates of level predictors (1 = previous value), how z is taken from them. */
  bank: number[];
  bankMode: 'best' | 'max' | 'min';
  bankErrAlpha: number;
  /** Below this many spreads from the expected value, a reading is never an alarm. */
  minZ: number;
  /** New territory: tolerance (fraction of the range seen) and how fast the range is forgotten. */
  rangeTolerance: number;
  rangeForget: number;
  /** Stuck sensor: minimum run, and multiple of the longest run this series normally shows. */
  stuckMinRun: number;
  stuckFactor: number;
  /** A score at or above this opens an alarm; the next `refractory` readings are damped. */
  alarmScore: number;
  refractory: number;
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
    clipZ: 4,
    profileBuckets: 96,
    profileAlpha: 0.2,
    profileBiasAlpha: 0.01,
    profileMinDays: 2,
    seasonalGain: 0.9,
    surpriseScale: 6,
    shortWindow: 10,
    longWindow: 1,
    longWeight: 1,
    likelihoodAlpha: 0.001,
    likelihoodMinStd: 0.01,
    likelihoodHalf: 5,
    minZ: 3,
    bank: [],
    bankMode: 'best',
    bankErrAlpha: 0.004,
    diffChannel: false,
    rangeTolerance: 0.05,
    rangeForget: 1e-4,
    stuckMinRun: 30,
    stuckFactor: 3,
    alarmScore: 0.55,
    refractory: 200,
    physical: { temperature: [-40, 80], humidity: [0, 100], pressure: [300, 1100] },
    thresholds: {},
  };
}
