import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusScore, PROFILES, scaledSigmoid } from './scoring.js';

const std = PROFILES[0]!;
const n = 1000; // probation 150
const windows: [number, number][] = [[400, 449]];

test('null detector scores 0, a detector firing on each window\'s first row scores ~100', () => {
  assert.equal(corpusScore([{ scores: new Array(n).fill(0), windows }], std).normalised, 0);
  const perfect = new Array(n).fill(0);
  perfect[400] = 1;
  const r = corpusScore([{ scores: perfect, windows }], std);
  assert.ok(r.normalised > 99.9 && r.normalised <= 100, String(r.normalised));
});

test('one false positive far from any window costs A_FP', () => {
  const s = new Array(n).fill(0);
  s[400] = 1;
  s[300] = 1; // before any window: −A_FP
  const r = corpusScore([{ scores: s, windows }], std);
  // best threshold keeps both (0.11 cost < gain of detecting), raw = ~1 − 0.11
  const expected = 100 * ((scaledSigmoid(-50 / 50) / scaledSigmoid(-1) - 0.11) + 1) / 2;
  assert.ok(Math.abs(r.normalised - expected) < 1e-9, `${r.normalised} vs ${expected}`);
});

test('late detection earns less; rows in the probation period are ignored', () => {
  const late = new Array(n).fill(0);
  late[445] = 1;
  const early = new Array(n).fill(0);
  early[401] = 1;
  assert.ok(corpusScore([{ scores: late, windows }], std).normalised < corpusScore([{ scores: early, windows }], std).normalised);
  const inProbation = new Array(n).fill(0);
  inProbation[10] = 1;
  assert.equal(corpusScore([{ scores: inProbation, windows }], std).normalised, 0);
});
