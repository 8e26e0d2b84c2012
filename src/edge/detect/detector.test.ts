import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDetector } from './detector.js';

const noisy = (i: number) => 20 + Math.sin(i / 50) * 0.5 + ((i * 7919) % 13) / 100;

test('learns quietly, then scores a spike far above the normal noise', () => {
  const d = createDetector();
  const normal: number[] = [];
  for (let i = 0; i < 2000; i++) normal.push(d.score('s', i * 1000, noisy(i)).score);
  const spike = d.score('s', 2000 * 1000, 35);
  assert.ok(normal.slice(0, 150).every((s) => s === 0), 'probation scores 0');
  const typical = [...normal.slice(500)].sort((a, b) => a - b)[Math.floor(0.99 * 1500)]!;
  assert.ok(spike.score > 0.7, `spike ${spike.score}`);
  assert.ok(spike.score > typical + 0.3, `spike ${spike.score} vs p99 ${typical}`);
});

test('impossible values and operator thresholds score 1 with their reason', () => {
  const d = createDetector({ thresholds: { temperature: { max: 30 } } });
  assert.deepEqual([d.score('t', 0, 150, 'temperature').reason, d.score('t', 1, 150, 'temperature').score], ['impossible', 1]);
  assert.equal(d.score('t', 2, 31, 'temperature').reason, 'threshold');
  assert.equal(d.score('h', 0, -3, 'humidity').reason, 'impossible');
});

test('a stuck sensor is caught; series are independent', () => {
  const d = createDetector();
  for (let i = 0; i < 1000; i++) d.score('a', i, noisy(i));
  let top = { score: 0, reason: 'none' as string };
  for (let i = 0; i < 200; i++) {
    const r = d.score('a', 1000 + i, 20.3);
    if (r.score > top.score) top = r;
  }
  assert.equal(top.reason, 'flatline');
  assert.ok(top.score >= 0.6, `stuck score ${top.score}`);
  assert.equal(d.score('b', 0, 20).score, 0);
  assert.equal(d.seriesCount, 2);
});

const STEP = 5 * 60_000;
const cycle = (i: number) => 20 + 5 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 50;

test('a daily cycle is learned (no alarms once it is known) and a missing afternoon peak alarms', () => {
  const d = createDetector();
  const scores: number[] = [];
  for (let i = 0; i < 288 * 6; i++) scores.push(d.score('c', i * STEP, cycle(i)).score);
  const quiet = Math.max(...scores.slice(288 * 3));
  let peakMissing = 0;
  for (let i = 288 * 6; i < 288 * 6 + 144; i++) peakMissing = Math.max(peakMissing, d.score('c', i * STEP, 20).score);
  assert.ok(quiet < 0.5, `known cycle scored ${quiet}`);
  assert.ok(peakMissing >= 0.5, `flat instead of the peak scored ${peakMissing}`);
});

test('a level shift alarms once, then the refractory keeps it to one alarm', () => {
  const d = createDetector();
  for (let i = 0; i < 1500; i++) d.score('l', i * STEP, noisy(i));
  const after: number[] = [];
  for (let i = 1500; i < 1560; i++) after.push(d.score('l', i * STEP, noisy(i) + 5).score);
  assert.ok(after[0]! >= 0.5, `first shifted reading ${after[0]}`);
  assert.equal(after.filter((s) => s >= 0.5).length, 1);
});

test('scores stay in [0, 1] and never depend on later readings', () => {
  const values = Array.from({ length: 1200 }, (_, i) => (i === 900 ? 1e6 : i > 1000 ? -50 : noisy(i)));
  const full = createDetector();
  const all = values.map((v, i) => full.score('x', i * STEP, v).score);
  assert.ok(all.every((s) => s >= 0 && s <= 1));
  const prefix = createDetector();
  const first = values.slice(0, 950).map((v, i) => prefix.score('x', i * STEP, v).score);
  assert.deepEqual(first, all.slice(0, 950));
});

test('reset forgets one series or all', () => {
  const d = createDetector();
  for (let i = 0; i < 300; i++) { d.score('a', i, noisy(i)); d.score('b', i, noisy(i)); }
  d.reset('a');
  assert.equal(d.seriesCount, 1);
  assert.equal(d.score('a', 301, 1000).score, 0, 'a starts learning again (probation)');
  d.reset();
  assert.equal(d.seriesCount, 0);
});

/** Deterministic uniform [0, 1) (mulberry32), so the count series below is the same every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(u: () => number, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  for (let p = u(); p > l; p *= u()) k++;
  return k;
}
/** Mentions per 5 minutes: a daily cycle, and a short burst (×3–×6) about twice a day. */
function bursty(seed: number, n: number, surgeAt: number): number[] {
  const u = uniform(seed);
  let burst = 0;
  return Array.from({ length: n }, (_, i) => {
    if (u() < 2 / 288) burst = 2 + 3 * u();
    burst *= 0.8;
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * i) / 288);
    const surge = i >= surgeAt && i < surgeAt + 30 ? 25 : 0;
    return poisson(u, 8 * daily * (1 + burst + surge));
  });
}

test('bursty counts: the log view cuts the alarms on ordinary bursts by a quarter or more and still alarms on a surge', () => {
  let plain = 0;
  let both = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const values = bursty(seed, 288 * 20, 288 * 18);
    const alarms = (config: Parameters<typeof createDetector>[0]) => {
      const d = createDetector(config);
      const s = values.map((v, i) => d.score('tweets', i * STEP, v).score);
      return { ordinary: s.slice(750, 288 * 18).filter((x) => x >= 0.5).length, surge: Math.max(...s.slice(288 * 18, 288 * 18 + 30)) };
    };
    plain += alarms({ logWeight: 0 }).ordinary;
    const withLog = alarms({});
    both += withLog.ordinary;
    assert.ok(withLog.surge >= 0.5, `seed ${seed}: surge scored ${withLog.surge}`);
  }
  assert.ok(plain >= 16, `the plain view alone alarms on ordinary bursts (${plain} over 8 series); the test needs it to`);
  assert.ok(both <= 0.75 * plain, `with the log view ${both} alarms vs ${plain}`);
});

test('a series that goes negative during the warm-up has no log view (scores as the plain view alone)', () => {
  const values = Array.from({ length: 1500 }, (_, i) => (i === 5 ? -1 : noisy(i)) + (i === 1200 ? 3 : 0));
  const a = createDetector();
  const b = createDetector({ logWeight: 0 });
  assert.deepEqual(values.map((v, i) => a.score('x', i * STEP, v).score), values.map((v, i) => b.score('x', i * STEP, v).score));
});
