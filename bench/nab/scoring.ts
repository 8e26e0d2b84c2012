/**
 * NAB scoring exactly as `shared/nab/SCORING.md` states it: scaled-sigmoid row weights,
 * probationary period, one threshold per profile over the whole corpus.
 */
export interface Profile { name: string; tp: number; fn: number; fp: number }

export const PROFILES: Profile[] = [
  { name: 'standard', tp: 1.0, fn: 1.0, fp: 0.11 },
  { name: 'reward_low_FP_rate', tp: 1.0, fn: 1.0, fp: 0.22 },
  { name: 'reward_low_FN_rate', tp: 1.0, fn: 2.0, fp: 0.11 },
];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** ss(x) = −1 if x > 3, else 2·σ(−5x) − 1. */
export const scaledSigmoid = (x: number): number => (x > 3 ? -1 : 2 * sigmoid(-5 * x) - 1);
const MAX_TP = scaledSigmoid(-1);

/** One labelled file: detector scores per row and windows as inclusive row ranges. */
export interface ScoredFile { scores: number[]; windows: [number, number][] }

/** Per-row facts a threshold sweep needs: weight, and which window (−1 outside all). */
interface Row { score: number; weight: number; window: number }

/** Rows ≥ P with their weights under a profile, and the number of windows that count. */
export function rows(file: ScoredFile, p: Profile, windowBase: number): { rows: Row[]; windows: number[] } {
  const n = file.scores.length;
  const probation = Math.min(Math.floor(0.15 * n), 750);
  const inWindow = new Int32Array(n).fill(-1);
  file.windows.forEach(([l, r], k) => { for (let i = l; i <= r; i++) inWindow[i] = k; });
  const out: Row[] = [];
  for (let i = probation; i < n; i++) {
    const k = inWindow[i]!;
    let weight: number;
    if (k >= 0) {
      const [l, r] = file.windows[k]!;
      const w = r - l + 1;
      weight = (p.tp * scaledSigmoid(-(r - i + 1) / w)) / MAX_TP;
    } else {
      let prev: [number, number] | undefined;
      for (const win of file.windows) if (win[1] < i && (!prev || win[1] > prev[1])) prev = win;
      weight = prev ? p.fp * scaledSigmoid(Math.abs(i - prev[1]) / (prev[1] - prev[0] + 1 - 1)) : -p.fp;
    }
    if (!Number.isFinite(file.scores[i])) throw new Error(`row ${i}: score ${file.scores[i]} is not a number`);
    out.push({ score: file.scores[i]!, weight, window: k >= 0 ? windowBase + k : -1 });
  }
  const counted = file.windows.map((w, k) => (w[1] >= probation ? windowBase + k : -1)).filter((k) => k >= 0);
  return { rows: out, windows: counted };
}

/**
 * The corpus score for one profile at its best threshold: a sweep over every distinct score
 * (descending) keeps, per window, the best detected weight, so it is exact and O(N log N).
 * With `fixedTheta`, the score at that threshold instead (a hold-out uses another set's θ).
 * @example
 * corpusScore([{ scores, windows }], PROFILES[0]) // { normalised: 71.2, threshold: 0.93, … }
 */
export function corpusScore(files: ScoredFile[], p: Profile, fixedTheta?: number): { normalised: number; raw: number; threshold: number; windows: number } {
  const all: Row[] = [];
  const counted = new Set<number>();
  let base = 0;
  for (const f of files) {
    const r = rows(f, p, base);
    all.push(...r.rows);
    r.windows.forEach((k) => counted.add(k));
    base += f.windows.length;
  }
  const nWindows = counted.size;
  const best = new Map<number, number>();
  let s = -p.fn * nWindows; // θ = 1.1: nothing detected
  let bestS = s;
  let bestTheta = 1.1;
  all.sort((a, b) => b.score - a.score);
  for (let i = 0; i < all.length;) {
    const theta = all[i]!.score;
    if (fixedTheta !== undefined && theta < fixedTheta) break;
    for (; i < all.length && all[i]!.score === theta; i++) {
      const row = all[i]!;
      if (row.window < 0) { s += row.weight; continue; }
      if (!counted.has(row.window)) continue;
      const prev = best.get(row.window);
      if (prev === undefined) { s += row.weight + p.fn; best.set(row.window, row.weight); } else if (row.weight > prev) { s += row.weight - prev; best.set(row.window, row.weight); }
    }
    if (s > bestS || fixedTheta !== undefined) { bestS = s; bestTheta = theta; }
  }
  if (fixedTheta !== undefined) bestTheta = fixedTheta;
  const sNull = -p.fn * nWindows;
  const sPerfect = p.tp * nWindows;
  return { normalised: nWindows ? (100 * (bestS - sNull)) / (sPerfect - sNull) : 0, raw: bestS, threshold: bestTheta, windows: nWindows };
}

/** What one file earns at a fixed threshold: per window the first detected row and its weight. */
export interface FileDetail {
  score: number;
  windows: { left: number; right: number; detectedAt?: number; weight: number }[];
  falsePositives: number;
  fpCost: number;
}

/**
 * Scores one file at threshold θ, itemised (for `--verbose` and for reading what a change did).
 * @example
 * fileDetail({ scores, windows }, PROFILES[0], 0.6).windows[0].detectedAt // first detected row
 */
export function fileDetail(file: ScoredFile, p: Profile, theta: number): FileDetail {
  const { rows: rs } = rows(file, p, 0);
  const probation = file.scores.length - rs.length;
  const windows = file.windows.filter(([, r]) => r >= probation).map(([left, right]) => ({ left, right, weight: -p.fn, detectedAt: undefined as number | undefined }));
  let falsePositives = 0;
  let fpCost = 0;
  rs.forEach((row, k) => {
    if (row.score < theta) return;
    if (row.window < 0) { falsePositives++; fpCost += row.weight; return; }
    const w = windows.find((x) => x.left <= probation + k && probation + k <= x.right);
    if (w && (w.detectedAt === undefined || row.weight > w.weight)) { w.weight = row.weight; w.detectedAt ??= probation + k; }
  });
  const score = windows.reduce((a, w) => a + w.weight, 0) + fpCost;
  return { score, windows, falsePositives, fpCost };
}
