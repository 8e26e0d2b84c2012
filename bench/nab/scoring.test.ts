import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusScore, fileDetail, PROFILES, scaledSigmoid } from './scoring.js';

const [std, lowFp, lowFn] = [PROFILES[0]!, PROFILES[1]!, PROFILES[2]!];
const n = 1000; // P = min(floor(0.15 · 1000), 750) = 150
const windows: [number, number][] = [[400, 449]]; // W = 50
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);
const detecting = (...rows: [number, number][]) => {
  const s = new Array<number>(n).fill(0);
  for (const [i, v] of rows) s[i] = v;
  return s;
};

test('scaled sigmoid: ss(0) = 0, ss(x > 3) = −1, maxTP = ss(−1) ≈ 0.98661', () => {
  close(scaledSigmoid(0), 0);
  assert.equal(scaledSigmoid(3.01), -1);
  close(scaledSigmoid(-1), 0.98661, 1e-5);
});

test('null detector scores 0; detecting each window on its first row scores exactly 100', () => {
  assert.equal(corpusScore([{ scores: new Array(n).fill(0), windows }], std).normalised, 0);
  // Row l: weight = ss(−(r − l + 1)/W) / maxTP = ss(−1)/ss(−1) = 1 = A_TP.
  for (const p of PROFILES) close(corpusScore([{ scores: detecting([400, 1]), windows }], p).normalised, 100);
});

test('one false positive before any window costs A_FP: (1 − 0.11 + 1) / 2 = 94.5 % standard, 89 % low-FP', () => {
  const s = detecting([400, 1], [300, 1]);
  close(corpusScore([{ scores: s, windows }], std).normalised, 94.5);
  close(corpusScore([{ scores: s, windows }], lowFp).normalised, 89);
});

test('a false positive 25 rows after a window costs A_FP · |ss(25/49)| ≈ 0.0941 (score ≈ 95.30)', () => {
  // ss(25/49) = 2/(1 + e^(5·25/49)) − 1 ≈ −0.85527; weight ≈ −0.094080.
  const d = fileDetail({ scores: detecting([400, 1], [474, 1]), windows }, std, 0.5);
  close(d.fpCost, -0.094080, 1e-5);
  close(corpusScore([{ scores: detecting([400, 1], [474, 1]), windows }], std).normalised, 95.296, 1e-3);
});

test('the threshold is chosen over the corpus: a higher-scored FP is accepted to reach a TP', () => {
  // θ = 0.9: S = −1 − 0.11; θ = 0.5: S = 1 − 0.11 → best, 94.5.
  const r = corpusScore([{ scores: detecting([300, 0.9], [400, 0.5]), windows }], std);
  assert.equal(r.threshold, 0.5);
  close(r.normalised, 94.5);
  // At a fixed θ = 0.9 only the FP counts: (−1.11 + 1) / 2 → −5.5.
  close(corpusScore([{ scores: detecting([300, 0.9], [400, 0.5]), windows }], std, 0.9).normalised, -5.5);
});

test('low-FN profile: a missed window costs 2 (one of two windows hit on its first row → 50)', () => {
  const two: [number, number][] = [[400, 449], [700, 749]];
  // S = 1 − 2 = −1; S_null = −4; S_perfect = 2 → 100 · 3 / 6.
  close(corpusScore([{ scores: detecting([400, 1]), windows: two }], lowFn).normalised, 50);
});

test('late detection earns less; rows in the probation period are ignored', () => {
  const late = corpusScore([{ scores: detecting([445, 1]), windows }], std).normalised;
  const early = corpusScore([{ scores: detecting([401, 1]), windows }], std).normalised;
  assert.ok(late < early && early < 100);
  assert.equal(corpusScore([{ scores: detecting([10, 1]), windows }], std).normalised, 0);
});
