import { Worker } from 'node:worker_threads';
import type { ModelArtifact } from '../core/model-artifact.js';
import { InsufficientData, InvalidInput } from '../core/errors.js';
import type { ModelTrainer, Rollup, SeriesRef, TrainingData, TrainRequest } from '../core/training.js';
import { DEFAULT_TRAINER_LIMITS, type TrainerLimits } from './trainer.js';

/** What the training thread sends: a question about the data, or how the training ended. */
export type FromWorker =
  | { kind: 'series'; id: number }
  | { kind: 'rollups'; id: number; ref: SeriesRef; from: number; to: number }
  | { kind: 'done'; artifact: ModelArtifact }
  | { kind: 'refused'; refusal: 'invalid' | 'insufficient'; message: string; field?: string }
  | { kind: 'failed'; message: string };

/** The studio's answer to a question about the data. */
export type ToWorker = { id: number; ok: true; value: Rollup[] | SeriesRef[] } | { id: number; ok: false; message: string };

/**
 * Trains on a worker thread. Fitting a series (the baseline's replay, Holt-Winters' parameter
 * search) is seconds of synchronous arithmetic: on the studio's own thread every request,
 * `/healthz` included, waited behind it. The worker runs `train` itself; the store stays on the
 * studio's thread, which answers the worker's `series` and `rollups` questions (one series' rollups
 * at a time, as the in-process training read them). A refusal comes back as the same
 * domain error: `InvalidInput` (a request to fix) or `InsufficientData` (too little data), with its field. Sources run the worker's TypeScript through tsx; the
 * bundle has it as its own entry (`train-worker.js` beside the chunk that imports this, see scripts/bundle.mjs).
 * @example
 * const artifact = await trainInWorker(request, data, 3);
 */
export function trainInWorker(request: TrainRequest, data: TrainingData, version: number, limits: TrainerLimits = DEFAULT_TRAINER_LIMITS, now = Date.now()): Promise<ModelArtifact> {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = new URL(fromSources ? './train-worker.ts' : './train-worker.js', import.meta.url);
  const workerData = { request, version, limits, now };
  // A worker does not inherit the main thread's module hooks: from sources it registers tsx first.
  const worker = fromSources
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true, workerData })
    : new Worker(file, { workerData });
  // A training never holds the process open on its own (a studio stopping does not wait for it).
  worker.unref();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => { if (!settled) { settled = true; f(); void worker.terminate(); } };
    const answer = (id: number, work: Promise<Rollup[] | SeriesRef[]>) => void work.then(
      (value) => worker.postMessage({ id, ok: true, value } satisfies ToWorker),
      (err: Error) => worker.postMessage({ id, ok: false, message: err.message } satisfies ToWorker),
    );
    worker.on('message', (m: FromWorker) => {
      switch (m.kind) {
        case 'series': return answer(m.id, data.series());
        case 'rollups': return answer(m.id, data.rollups(m.ref, m.from, m.to));
        case 'done': return settle(() => resolve(m.artifact));
        case 'refused': return settle(() => reject(new (m.refusal === 'invalid' ? InvalidInput : InsufficientData)(m.message, m.field ? { field: m.field } : {})));
        case 'failed': return settle(() => reject(new Error(`training failed: ${m.message}`)));
      }
    });
    worker.once('error', (err) => settle(() => reject(new Error(`training worker failed: ${err.message}`, { cause: err }))));
    worker.once('exit', (code) => settle(() => reject(new Error(`training worker exited with code ${code} before it finished`))));
  });
}

/** The trainer as the studio's port, on a worker thread (src/app hands it to the studio). */
export const workerTrainer = (limits: TrainerLimits = DEFAULT_TRAINER_LIMITS): ModelTrainer => ({
  train: (request, data, version) => trainInWorker(request, data, version, limits),
});
