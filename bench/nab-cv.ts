import { pathToFileURL } from 'node:url';
import { defaultDetectorConfig, type DetectorConfig } from '../src/edge/detect/config.js';
import { loadNab, type NabFile } from './nab/data.js';
import { corpusScore, fileDetail, PROFILES, type ScoredFile } from './nab/scoring.js';
import { syntheticFiles } from './nab/synthetic.js';
import { scoreFiles } from './nab.js';

/**
 * The settings a fold may choose among (the detector's few scale knobs); `{}` is the default.
 * Refractory periods shorter than 100 readings are in it because the left-out folds chose them:
 * a false alarm's damping otherwise hides a true anomaly that follows it within 100 readings.
 * `NAB_CV_GRID='[{…},{…}]'` replaces the grid, `SYN_SEED` / `SYN_N` the synthetic families' seed
 * and files per family (experiments only: a choice made on one seed checked on another).
 */
const GRID: Partial<DetectorConfig>[] = [{}];
for (const logWeight of [0, 0.3, 0.5, 0.7]) {
  for (const refractory of [50, 70, 100, 200]) {
    for (const shortWindow of [5, 10]) {
      const d = defaultDetectorConfig();
      if (logWeight !== d.logWeight || refractory !== d.refractory || shortWindow !== d.shortWindow) GRID.push({ logWeight, refractory, shortWindow });
    }
  }
}

const category = (f: { name: string }) => f.name.slice(0, f.name.indexOf('/'));
const round = (x: number) => Number(x.toFixed(1));
const std = PROFILES[0]!;

interface Fold { category: string; files: number; windows: number; chosen: number; threshold: number; score?: number; ownBest?: number; fpRows: number }

/**
 * Leave-one-category-out cross-validation. Categories are NAB's folders in `shared/nab` plus the
 * synthetic families (`bench/nab/synthetic.ts`). For each category in turn: the setting and the
 * threshold are chosen on every *other* category (best standard score over the grid), and the
 * left-out category is scored with them — `score` at that threshold (what the node would do),
 * `own_best` at its own best threshold (NAB's per-corpus optimum, an upper bound). Categories
 * without windows report their false-positive rows instead. `pooled` is NAB's score of the corpus
 * in which every file was scored by the fold that left it out, one threshold per profile: the
 * figure that stands for "series it was never tuned on". `pooled.all` scores NAB's folders and
 * the synthetic families together at one threshold (about NAB's own mix of 35 and 23 files).
 * @example
 * await run() // { 'cv.nab.mean': 68.2, 'cv.nab.worst': 55.0, … }
 */
export async function run(): Promise<Record<string, number | string>> {
  const nab = loadNab();
  const synth = syntheticFiles(Number(process.env.SYN_N ?? 8), Number(process.env.SYN_SEED ?? 17));
  const files: NabFile[] = [...nab, ...synth];
  const grid = process.env.NAB_CV_GRID ? (JSON.parse(process.env.NAB_CV_GRID) as Partial<DetectorConfig>[]) : GRID;
  const scored = grid.map((config) => scoreFiles(files, config));
  const categories = [...new Set(files.map(category))];
  const nabCategories = new Set(nab.map(category));
  const indices = (pred: (c: string) => boolean) => files.map((f, i) => (pred(category(f)) ? i : -1)).filter((i) => i >= 0);

  const folds: Fold[] = [];
  const pooled: ScoredFile[] = new Array(files.length);
  for (const left of categories) {
    const train = indices((c) => c !== left);
    const test = indices((c) => c === left);
    let chosen = 0;
    let best = Number.NEGATIVE_INFINITY;
    let threshold = 1.1;
    grid.forEach((_, g) => {
      const r = corpusScore(train.map((i) => scored[g]![i]!), std);
      if (r.normalised > best) { best = r.normalised; chosen = g; threshold = r.threshold; }
    });
    const testFiles = test.map((i) => scored[chosen]![i]!);
    test.forEach((i, k) => { pooled[i] = testFiles[k]!; });
    const windows = testFiles.reduce((a, f) => a + f.windows.length, 0);
    const fpRows = testFiles.reduce((a, f) => a + fileDetail(f, std, threshold).falsePositives, 0);
    folds.push({
      category: left, files: test.length, windows, chosen, threshold, fpRows,
      ...(windows ? { score: corpusScore(testFiles, std, threshold).normalised, ownBest: corpusScore(testFiles, std).normalised } : {}),
    });
  }

  const out: Record<string, number | string> = {};
  const inSample = scored[0]!.filter((_, i) => nabCategories.has(category(files[i]!)));
  for (const p of PROFILES) out[`cv.in_sample.nab.${p.name}`] = round(corpusScore(inSample, p).normalised);
  for (const f of folds) {
    const key = `cv.${f.category}`;
    out[`${key}.chosen`] = f.chosen === 0 ? 'default' : JSON.stringify(grid[f.chosen]);
    if (f.score !== undefined) {
      out[`${key}.standard`] = round(f.score);
      out[`${key}.own_best`] = round(f.ownBest!);
    }
    out[`${key}.fp_rows`] = f.fpRows;
  }
  const summarise = (name: string, set: Fold[]) => {
    const scoredFolds = set.filter((f) => f.score !== undefined);
    out[`cv.${name}.mean`] = round(scoredFolds.reduce((a, f) => a + f.score!, 0) / scoredFolds.length);
    const worst = scoredFolds.reduce((a, f) => (f.score! < a.score! ? f : a));
    out[`cv.${name}.worst`] = `${round(worst.score!)} (${worst.category})`;
  };
  summarise('nab', folds.filter((f) => nabCategories.has(f.category)));
  summarise('synthetic', folds.filter((f) => !nabCategories.has(f.category)));
  const pooledNab = pooled.filter((_, i) => nabCategories.has(category(files[i]!)));
  const pooledSynth = pooled.filter((_, i) => !nabCategories.has(category(files[i]!)));
  for (const p of PROFILES) out[`cv.pooled.nab.${p.name}`] = round(corpusScore(pooledNab, p).normalised);
  for (const p of PROFILES) out[`cv.pooled.synthetic.${p.name}`] = round(corpusScore(pooledSynth, p).normalised);
  // Every category at once (NAB's folders beside the stand-ins for its other kinds), one threshold.
  for (const p of PROFILES) out[`cv.pooled.all.${p.name}`] = round(corpusScore(pooled, p).normalised);
  out['cv.grid'] = grid.length;

  if (process.argv.includes('--verbose')) {
    const theta = corpusScore(pooled, std).threshold;
    console.log(`pooled, standard profile, θ = ${theta.toFixed(4)}; per window: first detected row (window rows) weight`);
    files.forEach((f, i) => {
      const d = fileDetail(pooled[i]!, std, theta);
      const wins = d.windows.map((w) => `${w.detectedAt ?? '-'}(${w.left}..${w.right}) ${w.weight.toFixed(2)}`).join('  ');
      console.log(`${f.name.padEnd(58)} ${d.score.toFixed(2).padStart(6)}  FP ${String(d.falsePositives).padStart(3)} ${d.fpCost.toFixed(2).padStart(6)}  ${wins}`);
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
