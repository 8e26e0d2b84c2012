import type { NabFile } from './data.js';

/**
 * Synthetic development series with planted, labelled anomalies, in families NAB's development
 * subset lacks: bursty non-negative counts, heavy-tailed costs, and traffic sensors with daily
 * cycles, step changes and irregular sampling. Generated from general properties of such series
 * (Poisson and over-dispersed counts, log-t noise, rush hours), never from NAB's held-out files.
 * Labels follow NAB's rule: one window per anomaly, 10 % of the file's rows shared among them,
 * centred on the anomaly's start. Deterministic per seed.
 * @example
 * syntheticFiles().filter((f) => f.name.startsWith('synthCounts/')).length // 8
 */
export function syntheticFiles(perFamily = 8, seed = 17): NabFile[] {
  const out: NabFile[] = [];
  for (const [family, make] of FAMILIES) {
    for (let k = 0; k < perFamily; k++) out.push(make(rng(seed * 1000 + k * 7 + family.length), `${family}/${family.slice(5).toLowerCase()}_${String(k + 1).padStart(2, '0')}.csv`));
  }
  return out;
}

type Rand = () => number;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, good enough for test data. */
function rng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (r: Rand, a: number, b: number) => a + (b - a) * r();
const logUniform = (r: Rand, a: number, b: number) => Math.exp(uniform(r, Math.log(a), Math.log(b)));
const int = (r: Rand, a: number, b: number) => Math.floor(uniform(r, a, b + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function normal(r: Rand): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}
/** Gamma(shape k, scale 1) by Marsaglia–Tsang (k ≥ 1; boosted below 1). */
function gamma(r: Rand, k: number): number {
  if (k < 1) return gamma(r, k + 1) * Math.pow(Math.max(r(), 1e-12), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(r);
    const v = Math.pow(1 + c * x, 3);
    if (v > 0 && Math.log(Math.max(r(), 1e-12)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
function poisson(r: Rand, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  for (let p = r(); p > l; p *= r()) k++;
  return k;
}
/** Student-t with ν degrees of freedom (heavy tails). */
const studentT = (r: Rand, nu: number) => normal(r) / Math.sqrt((2 * gamma(r, nu / 2)) / nu);

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const hourOf = (ms: number) => (ms % DAY) / HOUR;
const weekend = (ms: number) => { const d = new Date(ms).getUTCDay(); return d === 0 || d === 6; };

/** Anomaly starts after the probation (15 %) and apart from each other by more than a window. */
function placeAnomalies(r: Rand, n: number, count: number): number[] {
  const width = Math.floor((0.1 * n) / count);
  for (;;) {
    const starts = Array.from({ length: count }, () => int(r, Math.floor(0.2 * n), Math.floor(0.95 * n))).sort((a, b) => a - b);
    if (starts.every((s, i) => i === 0 || s - starts[i - 1]! > 1.5 * width)) return starts;
  }
}
function nabFile(name: string, ms: number[], values: number[], starts: number[]): NabFile {
  const half = Math.floor((0.1 * values.length) / Math.max(1, starts.length) / 2);
  const windows = starts.map((s) => [Math.max(0, s - half), Math.min(values.length - 1, s + half)] as [number, number]);
  return { name, timestamps: ms.map(stamp), ms, values, windows };
}
const startOf = (r: Rand) => Date.UTC(2015, int(r, 0, 11), int(r, 1, 28));

/** Counts per 5 minutes (mentions, requests): daily and weekly cycles, frequent heavy-tailed ordinary bursts. */
function counts(r: Rand, name: string): NabFile {
  const n = int(r, 9000, 16000);
  const t0 = startOf(r);
  const base = logUniform(r, 1.5, 150);
  const amp = uniform(r, 0.2, 1.2);
  const peak = uniform(r, 0, 24);
  const weekendFactor = uniform(r, 0.5, 1);
  const burstsPerDay = uniform(r, 1, 8);
  const shape = uniform(r, 3, 30); // gamma mixing: over-dispersion
  const tail = uniform(r, 1.2, 2.5);
  const burstCap = uniform(r, 8, 20);
  const starts = placeAnomalies(r, n, int(r, 1, 3));
  const kinds = starts.map(() => pick(r, base > 8 ? ['surge', 'surge', 'shift', 'outage'] as const : ['surge', 'surge', 'shift'] as const));
  const ms: number[] = [];
  const values: number[] = [];
  let drift = 0;
  let burst = 0;
  let burstDecay = 0.9;
  let extra = 0;
  let extraDecay = 0.95;
  let level = 1;
  let outage = 0;
  for (let i = 0; i < n; i++) {
    const ts = t0 + i * 5 * MIN;
    drift += -drift / 3000 + 0.01 * normal(r);
    // Ordinary bursts are heavy-tailed (Pareto, α = tail): most are small, a few dwarf the level.
    if (r() < burstsPerDay / 288) { burst += Math.min(burstCap, 0.5 * Math.pow(Math.max(r(), 1e-9), -1 / tail)); burstDecay = Math.exp(-1 / uniform(r, 2, 24)); }
    const k = starts.indexOf(i);
    if (k >= 0) {
      const kind = kinds[k]!;
      // A planted surge outgrows the ordinary bursts (as a labelled news event does).
      if (kind === 'surge') { extra = burstCap * logUniform(r, 1.2, 3); extraDecay = Math.exp(-1 / uniform(r, 5, 60)); }
      if (kind === 'shift') level *= r() < 0.75 ? uniform(r, 2.5, 5) : uniform(r, 0.15, 0.4);
      if (kind === 'outage') outage = int(r, 30, 300);
    }
    const daily = Math.exp(amp * Math.cos((2 * Math.PI * (hourOf(ts) - peak)) / 24));
    const lambda = base * level * daily * (weekend(ts) ? weekendFactor : 1) * Math.exp(drift) * (1 + burst + extra);
    const value = outage > 0 ? 0 : poisson(r, lambda * gamma(r, shape) / shape);
    if (outage > 0) outage--;
    burst *= burstDecay;
    extra *= extraDecay;
    ms.push(ts);
    values.push(value);
  }
  return nabFile(name, ms, values, starts);
}

/** Hourly costs (cost per click or per thousand impressions): log-t noise, daily cycle. */
function costs(r: Rand, name: string): NabFile {
  const n = int(r, 1400, 1700);
  const t0 = startOf(r);
  const base = logUniform(r, 0.05, 5);
  const amp = uniform(r, 0, 0.5);
  const peak = uniform(r, 0, 24);
  const sigma = uniform(r, 0.05, 0.3);
  const nu = uniform(r, 2.5, 6);
  const phi = uniform(r, 0, 0.7);
  const starts = placeAnomalies(r, n, int(r, 1, 3));
  const kinds = starts.map(() => pick(r, ['spike', 'spike', 'dip', 'shift', 'volatile'] as const));
  const ms: number[] = [];
  const values: number[] = [];
  let ar = 0;
  let level = 1;
  let spike = 0;
  let spikeFactor = 1;
  let volatile = 0;
  for (let i = 0; i < n; i++) {
    const ts = t0 + i * HOUR;
    const k = starts.indexOf(i);
    if (k >= 0) {
      const kind = kinds[k]!;
      // Mostly a single hour, as a mispriced auction is.
      if (kind === 'spike' || kind === 'dip') { spike = pick(r, [1, 1, 1, 2, 3]); spikeFactor = kind === 'spike' ? uniform(r, 3, 10) : 1 / uniform(r, 3, 10); }
      if (kind === 'shift') level *= r() < 0.5 ? uniform(r, 1.6, 3) : uniform(r, 0.3, 0.6);
      if (kind === 'volatile') volatile = int(r, 10, 40);
    }
    ar = phi * ar + sigma * (volatile > 0 ? 4 : 1) * studentT(r, nu);
    const outlier = r() < 0.005 ? uniform(r, 1.5, 3) : 1;
    const daily = Math.exp(amp * Math.cos((2 * Math.PI * (hourOf(ts) - peak)) / 24));
    const value = base * level * daily * Math.exp(ar) * outlier * (spike > 0 ? spikeFactor : 1);
    if (spike > 0) spike--;
    if (volatile > 0) volatile--;
    ms.push(ts);
    values.push(Number(value.toFixed(4)));
  }
  return nabFile(name, ms, values, starts);
}

/** A road sensor (speed, occupancy or travel time): rush hours, irregular sampling with gaps. */
function traffic(r: Rand, name: string): NabFile {
  const n = int(r, 1500, 2600);
  const kind = pick(r, ['speed', 'occupancy', 'travel'] as const);
  const morning = uniform(r, 6.5, 9);
  const evening = uniform(r, 16, 18.5);
  const depth = uniform(r, 0.3, 0.7);
  const noise = uniform(r, 0.03, 0.12);
  const free = kind === 'speed' ? uniform(r, 50, 75) : kind === 'occupancy' ? uniform(r, 2, 8) : uniform(r, 200, 600);
  const starts = placeAnomalies(r, n, int(r, 1, 3));
  const kinds = starts.map(() => pick(r, ['incident', 'incident', 'shift', 'stuck'] as const));
  const ms: number[] = [];
  const values: number[] = [];
  let ts = startOf(r);
  const stepMin = pick(r, [5, 5, 10, 15]);
  let level = 1;
  let incident = 0;
  let incidentDepth = 0;
  let stuck = 0;
  let stuckValue = 0;
  for (let i = 0; i < n; i++) {
    ts += stepMin * MIN + Math.round(uniform(r, -60, 60)) * 1000;
    if (r() < 0.004) ts += Math.round(logUniform(r, HOUR, 2 * DAY) / MIN) * MIN;
    const k = starts.indexOf(i);
    if (k >= 0) {
      const what = kinds[k]!;
      if (what === 'incident') { incident = int(r, 6, 30); incidentDepth = uniform(r, 0.5, 0.8); }
      if (what === 'shift') level *= r() < 0.5 ? uniform(r, 1.25, 1.6) : uniform(r, 0.6, 0.8);
      if (what === 'stuck') { stuck = int(r, 50, 200); stuckValue = values[values.length - 1] ?? free; }
    }
    const h = hourOf(ts);
    const rush = (weekend(ts) ? 0.3 : 1) * (Math.exp(-((h - morning) ** 2) / 1.5) + Math.exp(-((h - evening) ** 2) / 2));
    const congestion = Math.min(0.95, depth * rush + (incident > 0 ? incidentDepth : 0) + Math.max(0, 0.05 * normal(r)));
    let value: number;
    if (kind === 'speed') value = Math.round(free * level * (1 - congestion) * (1 + noise * normal(r)));
    else if (kind === 'occupancy') value = Math.max(0, Number((free * level * (1 + 6 * congestion) * Math.exp(noise * 3 * normal(r))).toFixed(1)));
    else value = Math.round(free * level * (1 + 3 * congestion) * Math.exp(noise * studentT(r, 3)));
    if (stuck > 0) { value = stuckValue; stuck--; }
    if (incident > 0) incident--;
    ms.push(ts);
    values.push(value);
  }
  return nabFile(name, ms, values, starts);
}

const FAMILIES: [string, (r: Rand, name: string) => NabFile][] = [['synthCounts', counts], ['synthCosts', costs], ['synthTraffic', traffic]];
