import { modelName, sealArtifact, MODEL_TYPES, type ModelArtifact, type SeriesModelEntry } from '../core/model-artifact.js';
import { defaultDetectorConfig } from '../edge/detect/index.js';
import { DEFAULT_BASELINE, evaluateBaseline, trainBaseline } from './baseline.js';
import { trainForecast } from './forecaster.js';
import { sampleInterval, ROLLUP_MS } from './reconstruct.js';
import { envInteger, envNumber, type Env, type EnvReport } from '../core/env.js';
import { InsufficientData, InvalidInput } from '../core/errors.js';
import type { ModelTrainer, SeriesRef, TrainingData, TrainRequest } from '../core/training.js';

export type { SeriesRef, TrainingData, TrainRequest } from '../core/training.js';

/** The trainer's bounds (README: `TRAIN_MAX_SERIES`, `TRAIN_FINE_HOURS`). */
export interface TrainerLimits { maxSeries: number; fineMs: number; maxFineReadings: number }
export const DEFAULT_TRAINER_LIMITS: TrainerLimits = { maxSeries: 200, fineMs: DEFAULT_BASELINE.fineMs, maxFineReadings: DEFAULT_BASELINE.maxFineReadings };

/** `TRAIN_MAX_SERIES` (series per training) and `TRAIN_FINE_HOURS` (the recent span replayed reading by reading); bad values warn and fall back. */
export function trainerLimitsFromEnv(env: Env, report: EnvReport): TrainerLimits {
  return {
    ...DEFAULT_TRAINER_LIMITS,
    maxSeries: envInteger(env, 'TRAIN_MAX_SERIES', DEFAULT_TRAINER_LIMITS.maxSeries, { min: 1, max: 100_000 }, report),
    fineMs: envNumber(env, 'TRAIN_FINE_HOURS', DEFAULT_TRAINER_LIMITS.fineMs / 3_600_000, { min: 1, max: 24 * 90 }, report) * 3_600_000,
  };
}


/** The series a request covers. */
export function pickSeries(all: SeriesRef[], r: TrainRequest): SeriesRef[] {
  const wanted = r.series ? new Set(r.series.map((s) => `${s.node}\u0000${s.sensor}\u0000${s.kind}`)) : undefined;
  return all.filter((s) => (s.kind === r.target || s.sensor === r.target)
    && (!r.node || s.node === r.node) && (!r.location || s.location === r.location)
    && (!wanted || wanted.has(`${s.node}\u0000${s.sensor}\u0000${s.kind}`)));
}

/**
 * Trains one artifact: per series, the edge detector's baseline (always) and a Holt-Winters
 * forecast (`timeseries_forecast`), each judged on the held-back tail of the series' window, then
 * refitted on all of it. A series without enough data (a node that joined recently) is left out
 * and listed in `skipped` with the reason, never silently; when no series has enough, the training
 * is refused with every reason. `version` is the artifact's version under its name (the studio's repository numbers them).
 * @example
 * const artifact = await train(data, { model_type: 'timeseries_forecast', target: 'temperature', from, to }, 3);
 */
export async function train(data: TrainingData, r: TrainRequest, version: number, limits: TrainerLimits = DEFAULT_TRAINER_LIMITS, now = Date.now()): Promise<ModelArtifact> {
  if (!MODEL_TYPES.includes(r.model_type)) throw new InvalidInput(`model_type must be one of ${MODEL_TYPES.join(', ')}; got ${String(r.model_type)}`, { field: 'model_type' });
  const holdout = r.holdout ?? 0.2;
  if (!(holdout > 0 && holdout < 0.5)) throw new InvalidInput(`holdout must be a fraction in (0, 0.5); got ${holdout}`, { field: 'holdout' });
  const refs = pickSeries(await data.series(), r);
  if (refs.length === 0) throw new InsufficientData(`no stored series of "${r.target}"${r.node ? ` on ${r.node}` : ''}${r.location ? ` in ${r.location}` : ''}: nothing to train on`, { field: 'target' });
  if (refs.length > limits.maxSeries) throw new InsufficientData(`${refs.length} series of "${r.target}" match; one training takes at most ${limits.maxSeries} (TRAIN_MAX_SERIES): narrow by node or location`, { field: 'target' });
  const entries: Omit<SeriesModelEntry, 'checksum'>[] = [];
  const skipped: NonNullable<ModelArtifact['skipped']> = [];
  const skip = (ref: { node: string; sensor: string; kind: string }, reason: string) => { skipped.push({ node: ref.node, sensor: ref.sensor, kind: ref.kind, reason }); };
  for (const ref of refs) {
    // Between series the event loop runs (a studio training in-process keeps answering).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rollups = await data.rollups(ref, r.from, r.to);
    const name = `${ref.node}/${ref.sensor}`;
    if (rollups.length < 24) { skip(ref, `${rollups.length} five-minute rollups in the window; a baseline needs at least 24 (two hours)`); continue; }
    const intervalMs = sampleInterval(rollups);
    const o = { intervalMs, fineMs: limits.fineMs, maxFineReadings: limits.maxFineReadings };
    const tailN = Math.max(2, Math.min(288, Math.round(rollups.length * holdout)));
    const metrics: SeriesModelEntry['metrics'] = { baseline: evaluateBaseline(name, rollups.slice(0, -tailN), rollups.slice(-tailN), o) };
    let forecast: SeriesModelEntry['forecast'];
    if (r.model_type === 'timeseries_forecast') {
      try {
        const f = trainForecast(rollups, holdout);
        forecast = f.model;
        metrics.forecast = f.metrics;
      } catch (err) {
        skip(ref, (err as Error).message);
        continue;
      }
    }
    entries.push({
      ...ref, window: { from: rollups[0]!.ts, to: rollups.at(-1)!.ts + ROLLUP_MS }, points: rollups.length, sample_interval_ms: intervalMs,
      baseline: trainBaseline(name, rollups, o).state as unknown as Record<string, unknown>, ...(forecast ? { forecast } : {}), metrics,
    });
  }
  if (entries.length === 0) throw new InsufficientData(`no series of "${r.target}" has enough data to train: ${skipped.map((s) => `${s.node}/${s.sensor}: ${s.reason}`).join('; ')}`, { field: 'from' });
  const name = modelName(r.model_type, r.target);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const fm = entries.flatMap((e) => (e.metrics.forecast ? [e.metrics.forecast] : []));
  const bm = entries.map((e) => e.metrics.baseline!);
  return sealArtifact({
    id: `${name}-v${version}`, name, version, model_type: r.model_type, target: r.target, created_at: now, trained_on: { from: r.from, to: r.to },
    params: {
      holdout, fine_hours: limits.fineMs / 3_600_000, detector: { probation: defaultDetectorConfig().probation, profileBuckets: defaultDetectorConfig().profileBuckets, weeklyBuckets: defaultDetectorConfig().weeklyBuckets },
      ...(r.gpus !== undefined ? { gpus: r.gpus } : {}), ...(r.cluster ? { cluster: r.cluster } : {}),
    },
    series: entries,
    ...(skipped.length ? { skipped } : {}),
    metrics: {
      series: entries.length,
      tail_alarms_warm: bm.reduce((a, b) => a + b.alarms_warm, 0), tail_alarms_cold: bm.reduce((a, b) => a + b.alarms_cold, 0),
      ...(fm.length ? { forecast_mae: mean(fm.map((f) => f.mae)), forecast_skill: mean(fm.map((f) => f.skill)), forecast_coverage90: mean(fm.map((f) => f.coverage90)) } : {}),
    },
  });
}

/** The trainer as the studio's port: src/app hands it to the studio. */
export const forgeTrainer = (limits: TrainerLimits = DEFAULT_TRAINER_LIMITS): ModelTrainer => ({
  train: (request, data, version) => train(data, request, version, limits),
});
