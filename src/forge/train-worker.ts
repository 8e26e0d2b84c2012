import { parentPort, workerData } from 'node:worker_threads';
import type { Rollup, SeriesRef, TrainingData, TrainRequest } from '../core/training.js';
import { InsufficientData, InvalidInput } from '../core/errors.js';
import { train, type TrainerLimits } from './trainer.js';
import type { FromWorker, ToWorker } from './train-in-worker.js';

/**
 * The worker side of `trainInWorker`: one training, its data asked of the studio's thread (which
 * holds the store) message by message, the artifact or the refusal posted back.
 */
const { request, version, limits, now } = workerData as { request: TrainRequest; version: number; limits: TrainerLimits; now: number };
const port = parentPort!;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let next = 0;
port.on('message', (m: ToWorker) => {
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.ok) p.resolve(m.value);
  else p.reject(new Error(m.message));
});
const ask = <T>(q: { kind: 'series' } | { kind: 'rollups'; ref: SeriesRef; from: number; to: number }): Promise<T> => new Promise<T>((resolve, reject) => {
  const id = next++;
  pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
  port.postMessage({ ...q, id } as FromWorker);
});
const data: TrainingData = {
  series: () => ask<SeriesRef[]>({ kind: 'series' }),
  rollups: (ref, from, to) => ask<Rollup[]>({ kind: 'rollups', ref, from, to }),
};
const post = (m: FromWorker) => port.postMessage(m);
train(data, request, version, limits, now).then(
  (artifact) => post({ kind: 'done', artifact }),
  (err: Error) => post(err instanceof InvalidInput || err instanceof InsufficientData
    ? { kind: 'refused', refusal: err instanceof InvalidInput ? 'invalid' : 'insufficient', message: err.message, ...(err.field ? { field: err.field } : {}) }
    : { kind: 'failed', message: err.message || String(err) }),
).finally(() => port.close());
