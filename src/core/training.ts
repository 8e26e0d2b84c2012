import type { ModelArtifact, ModelType } from './model-artifact.js';

/** A 5-minute rollup of one series as the studio stores it (count, mean, min, max of the readings in it). */
export interface Rollup { ts: number; count: number; mean: number; min: number; max: number }

/** One series as the studio's catalog names it. */
export interface SeriesRef { node: string; sensor: string; kind: string; unit: string; location: string | null }

/** Where training reads the studio's data: the store in-process, or the HTTP API from a Job. */
export interface TrainingData {
  series(): Promise<SeriesRef[]>;
  /** 5-minute rollups of one series in [from, to), in time order. */
  rollups(ref: SeriesRef, from: number, to: number): Promise<Rollup[]>;
}

/** What to train (the body of `POST /api/v1/models`, validated). */
export interface TrainRequest {
  model_type: ModelType;
  /** A kind (temperature) or a sensor name; every series of it is trained. */
  target: string;
  /** Narrow to these series (the Python SDK sends the rows it was given), or to a node or location. */
  series?: { node: string; sensor: string; kind: string }[];
  node?: string;
  location?: string;
  from: number;
  to: number;
  /** Fraction of each series' window held back to judge it (default 0.2; the tail is at most a day). */
  holdout?: number;
  gpus?: number;
  cluster?: string;
}


/** The port the studio trains through (src/app wires the forge trainer in; the studio never imports it). */
export interface ModelTrainer {
  train(request: TrainRequest, data: TrainingData, version: number): Promise<ModelArtifact>;
}
