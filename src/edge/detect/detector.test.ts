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
