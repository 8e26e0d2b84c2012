import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReadingSchema } from '../../core/schemas.js';
import { columnsOf } from '../store/columns.js';
import type { IngestItem } from '../store/store.js';
import { summarize } from './summary.js';

const T0 = Date.UTC(2026, 10, 20, 12);
const r = (sensor: string, value: number, ts: number, severity?: 'normal' | 'warning' | 'critical') =>
  ReadingSchema.parse({ node: 'n1', sensor, kind: 'temperature', unit: '°C', value, ts, ...(severity ? { severity } : {}) });
const item = (id: string, readings: ReturnType<typeof r>[], asColumns = false): IngestItem =>
  ({ event: { source: '/edge/n1', id, type: 'io.homelab.edge.reading', time: T0 }, ...(asColumns ? { series: columnsOf(readings) } : { readings }) });

test('summarize folds a batch per series across events: newest, extremes with their first times, usual level', () => {
  const s = summarize([
    item('a', [r('t', 20, T0 + 2000), r('t', 25, T0 + 1000, 'critical'), r('u', 5, T0)]),
    item('b', [r('t', 20, T0 + 500), r('t', 19, T0 + 2000, 'warning'), r('t', 25, T0 + 3000, 'critical')], true),
  ]);
  assert.equal(s.readings, 6);
  const t = s.series.find((x) => x.sensor === 't')!;
  assert.deepEqual([t.count, t.lastTs, t.lastValue, t.min, t.minTs, t.max, t.maxTs], [5, T0 + 3000, 25, 19, T0 + 2000, 25, T0 + 1000]);
  assert.deepEqual([t.usualTs, t.usualValue], [T0 + 2000, 20], 'the newest reading that was not a warning or critical');
  assert.equal(t.parts.length, 2, 'the columns of each event, for rules that look at every value');
  const u = s.series.find((x) => x.sensor === 'u')!;
  assert.deepEqual([u.count, u.usualValue, u.lastTs], [1, 5, T0]);
  assert.ok(Number.isNaN(summarize([item('c', [r('v', 1, T0, 'critical')])]).series[0]!.usualTs), 'no usual level when none was');
});
