import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnomalySchema } from '../../core/schemas.js';
import { DEFAULT_INCIDENT_OPTIONS, incidentKey, incidentLabel, incidentStatus, mergeAnomaly, slug } from './incident.js';

const T = Date.UTC(2025, 10, 20, 14, 23);
const a = (kind: string, value: number, min: number, severity: 'warning' | 'critical' = 'critical', location: string | null = 'warehouse-b') =>
  AnomalySchema.parse({ node: 'pi-node-2', sensor: `dht22-${kind}`, kind, value, ts: T + min * 60_000, ...(location ? { location } : {}), score: 0.9, severity });

test('merging anomalies widens the span, raises severity, and keeps the value furthest from the baseline', () => {
  let p = mergeAnomaly(undefined, a('humidity', 38, 2, 'warning'), 45);
  p = mergeAnomaly(p, a('humidity', 33.5, 6, 'warning'), 44); // the first baseline stays: the incident moved the later one
  p = mergeAnomaly(p, a('humidity', 36, 9, 'critical'), 40);
  p = mergeAnomaly(p, a('temperature', 27, 0, 'warning'), 21.5);
  assert.deepEqual([p.start, p.end, p.count, p.severity], [T, T + 9 * 60_000, 4, 'critical']);
  assert.deepEqual(p.changes.humidity, { peak: 33.5, peak_ts: T + 6 * 60_000, unit: '', baseline: 45, delta: -11.5, direction: 'down' });
  assert.deepEqual(p.peak, { humidity: 33.5, temperature: 27 });
  assert.deepEqual([p.kinds, p.sensors, p.nodes], [['humidity', 'temperature'], ['pi-node-2/dht22-humidity', 'pi-node-2/dht22-temperature'], ['pi-node-2']]);
});

test('without a location the node is the place; without a baseline the largest value is the peak', () => {
  const p = mergeAnomaly(mergeAnomaly(undefined, a('pressure', 990, 0, 'critical', null), null), a('pressure', 1050, 1, 'critical', null), null);
  assert.deepEqual([p.place, p.location, p.peak.pressure, p.changes.pressure?.direction], ['pi-node-2', null, 1050, null]);
});

test('status, label, key and slug', () => {
  const p = mergeAnomaly(undefined, a('temperature', 28, 0), 21.5);
  assert.equal(incidentStatus(p, T + 14 * 60_000, DEFAULT_INCIDENT_OPTIONS), 'open');
  assert.equal(incidentStatus(p, T + 15 * 60_000, DEFAULT_INCIDENT_OPTIONS), 'closed');
  assert.equal(incidentLabel(p), 'warehouse-b 2025-11-20 14:23 UTC');
  assert.equal(incidentKey('Warehouse B', T), `warehouse-b-${T}`);
  assert.deepEqual([slug('HVAC malfunction!'), slug('???')], ['hvac-malfunction', 'unnamed']);
});
