/**
 * The development set's own series generator: a daily sine, seeded noise and planted events,
 * one sample a minute. Pure (no store), so the truth every question is scored against is exactly
 * what was generated, and a unit test can check the planted events are where the world says.
 */
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Something planted on top of the daily curve. */
export type PlantedEvent =
  /** One sample replaced by `value` (what a flapping probe or a door left open for a minute gives). */
  | { type: 'spike'; at: number; value: number }
  /** A level shift between `from` and `to`, reached over `rampMin` minutes and left the same way (an HVAC failure). */
  | { type: 'shift'; from: number; to: number; delta: number; rampMin: number }
  /** A straight drift from `from` until the series ends, `delta` in total (a trend). */
  | { type: 'ramp'; from: number; to: number; delta: number };

export interface SeriesSpec {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string;
  base: number;
  /** Half the daily swing, peaking at `peakHour` local time. */
  dailyAmp: number;
  peakHour: number;
  /** Half-width of the uniform noise. */
  noise: number;
  events?: PlantedEvent[];
  /** Last sample taken (inclusive); the node stopped reporting after it. */
  stopAt?: number;
}

export interface Sample {
  ts: number;
  value: number;
}

/** Mulberry32: small, seeded, the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hourOfDay(ts: number): number {
  const d = new Date(ts);
  return d.getHours() + d.getMinutes() / 60;
}

function eventOffset(e: PlantedEvent, ts: number): number {
  if (e.type === 'ramp') return ts < e.from ? 0 : (e.delta * Math.min(ts - e.from, e.to - e.from)) / (e.to - e.from);
  if (e.type === 'shift') {
    if (ts < e.from || ts > e.to + e.rampMin * MIN) return 0;
    const up = Math.min(1, (ts - e.from) / (e.rampMin * MIN));
    const down = ts <= e.to ? 1 : 1 - (ts - e.to) / (e.rampMin * MIN);
    return e.delta * Math.min(up, down);
  }
  return 0;
}

/** One sample a minute in [from, to), values rounded to 0.01 as a sensor library would report them. */
export function generate(spec: SeriesSpec, from: number, to: number, seed: number): Sample[] {
  const rand = prng(seed);
  const out: Sample[] = [];
  const end = spec.stopAt !== undefined ? Math.min(to, spec.stopAt + 1) : to;
  for (let ts = from; ts < end; ts += MIN) {
    const daily = spec.dailyAmp * Math.cos((2 * Math.PI * (hourOfDay(ts) - spec.peakHour)) / 24);
    const noise = (rand() * 2 - 1) * spec.noise;
    let value = spec.base + daily + noise + (spec.events ?? []).reduce((s, e) => s + eventOffset(e, ts), 0);
    const spike = (spec.events ?? []).find((e) => e.type === 'spike' && e.at === ts);
    if (spike && spike.type === 'spike') value = spike.value;
    out.push({ ts, value: Math.round(value * 100) / 100 });
  }
  return out;
}
