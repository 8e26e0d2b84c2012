import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnomalySchema } from '../../core/schemas.js';
import { mergeAnomaly, type IncidentProps } from './incident.js';
import { scoreSimilarity, SIMILARITY_THRESHOLD } from './similarity.js';

const T = Date.UTC(2025, 10, 20, 14, 23);
/** An incident from (kind, value, baseline) triples at one place. */
function incident(place: string, ...moves: [string, number, number | null][]): IncidentProps {
  let p: IncidentProps | undefined;
  moves.forEach(([kind, value, baseline], i) => {
    p = mergeAnomaly(p, AnomalySchema.parse({ node: 'pi-node-2', sensor: `dht22-${kind}`, kind, value, ts: T + i * 60_000, location: place, score: 0.9, severity: 'critical' }), baseline);
  });
  return p!;
}

const hvac = incident('warehouse-b', ['temperature', 28, 21.5], ['humidity', 34, 45]);

test('the same failure again at the same place scores near 1, every part explained', () => {
  const s = scoreSimilarity(incident('warehouse-b', ['temperature', 27.5, 21.8], ['humidity', 35, 46]), hvac);
  assert.equal(s.similar, true);
  assert.ok(s.score > 0.95, String(s.score));
  assert.deepEqual(s.why.slice(0, 3), ['same place (warehouse-b)', 'same kinds (humidity, temperature)', 'same direction (humidity down 11, temperature up 5.7)']);
  assert.match(s.why[3]!, /^magnitude \d+ % alike$/);
});

test('the same signature elsewhere still counts; a single shared kind elsewhere does not', () => {
  assert.equal(scoreSimilarity(incident('warehouse-c', ['temperature', 28, 21], ['humidity', 33, 44]), hvac).similar, true);
  const one = scoreSimilarity(incident('warehouse-c', ['temperature', 25, 19]), hvac);
  assert.equal(one.similar, false);
  assert.ok(one.score < SIMILARITY_THRESHOLD);
});

test('opposite directions or no kind in common are never alike, and say so', () => {
  const cold = scoreSimilarity(incident('warehouse-b', ['temperature', 14, 21.5], ['humidity', 58, 45]), hvac);
  assert.equal(cold.similar, false);
  assert.match(cold.why.at(-1)!, /^opposite direction \(humidity up 13, temperature down 7.5 vs humidity down 11, temperature up 6.5\)$/);
  const pressure = scoreSimilarity(incident('warehouse-b', ['pressure', 990, 1013]), hvac);
  assert.deepEqual([pressure.similar, pressure.why], [false, ['same place (warehouse-b)', 'no kind in common']]);
});

test('without baselines the direction counts half, so the same kinds at the same place still match', () => {
  const s = scoreSimilarity(incident('warehouse-b', ['temperature', 28, null], ['humidity', 34, null]), hvac);
  assert.equal(s.similar, true);
  assert.equal(s.score, 0.8);
  assert.ok(s.why.includes('direction unknown for 2 kinds (no baseline yet)'));
});
