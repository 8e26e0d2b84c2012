import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LocalStore } from '../../store/local-store.js';
import { downsampled, rawReadings, readingsParams } from './readings-query.js';
import { runCommand } from '../runner.js';
import { COMMAND_HANDLERS } from './index.js';
import type { WireCommand } from '../../../core/commands.js';

const KINDS = [['t', 'temperature', '°C'], ['h', 'humidity', '%']] as const;

function storeWith(stamps: number[], flushEvery: number): LocalStore {
  const store = new LocalStore({ path: join(mkdtempSync(join(tmpdir(), 'rq-')), 'local.db'), flushEvery, rawRetentionMs: 3650 * 86_400_000 });
  store.open();
  for (const ts of stamps) for (const [sensor, kind, unit] of KINDS) store.append({ node: 'n1', sensor, kind, unit, ts, value: ts % 97, severity: 'normal', score: 0, id: `n1:${sensor}:${ts}` } as never);
  return store;
}

test('paging with nextFrom yields every reading of the range once, in order, each page within the limit', () => {
  fc.assert(fc.property(
    fc.uniqueArray(fc.integer({ min: 0, max: 3 * 3_600_000 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 400 }),
    (offsets, limit, flushEvery) => {
      const base = 1_700_000_000_000;
      const stamps = offsets.map((o) => base + o);
      const store = storeWith(stamps, flushEvery);
      try {
        const from = base;
        const to = base + 3 * 3_600_000 + 1;
        const seen: { ts: number; sensor: string }[] = [];
        let cursor = from;
        for (let pages = 0; cursor < to; pages++) {
          assert.ok(pages < 1000, 'paging ends');
          const page = rawReadings(store, 'n1', { from: cursor, to, limit: Math.max(limit, 2) });
          assert.ok(page.count <= Math.max(limit, 2));
          seen.push(...page.readings!.map((r) => ({ ts: r.ts, sensor: r.sensor })));
          if (!page.truncated) break;
          assert.ok(page.nextFrom! > cursor, 'the cursor moves on');
          cursor = page.nextFrom!;
        }
        const expected = stamps.flatMap((ts) => KINDS.map(([s]) => `${ts}:${s}`)).sort();
        assert.deepEqual(seen.map((r) => `${r.ts}:${r.sensor}`).sort(), expected);
        assert.ok(seen.every((r, i) => i === 0 || seen[i - 1]!.ts <= r.ts));
      } finally {
        store.close();
      }
    },
  ), { numRuns: 40 });
});

test('a step gives one point per series per bucket with the bucket\'s count, mean, min and max; kind narrows', () => {
  const base = 1_700_000_000_000;
  const stamps = Array.from({ length: 120 }, (_, i) => base + i * 30_000);
  const store = storeWith(stamps, 50);
  try {
    const r = downsampled(store, 'n1', { from: base, to: base + 3_600_000, stepMs: 600_000, limit: 10_000, kind: 'humidity' });
    assert.ok(r.points!.every((p) => p.kind === 'humidity'));
    assert.equal(r.points!.length, 6);
    for (const p of r.points!) {
      const values = stamps.filter((ts) => ts >= p.ts && ts < p.ts + 600_000).map((ts) => ts % 97);
      assert.equal(p.count, values.length);
      assert.equal(p.min, Math.min(...values));
      assert.equal(p.max, Math.max(...values));
      assert.ok(Math.abs(p.mean - values.reduce((a, b) => a + b, 0) / values.length) < 1e-9);
    }
  } finally {
    store.close();
  }
});

test('the node checks the query itself, and the runner keeps the bounds (unknown type, size, deadline)', async () => {
  assert.throws(() => readingsParams({ from: 2, to: 1, limit: 1 }), /from < to/);
  assert.throws(() => readingsParams({ from: 1, to: 2, limit: 10_001 }), /limit/);
  assert.throws(() => readingsParams({ from: 1, to: 2 + 40 * 86_400_000, limit: 5 }), /over 31 days/);
  const store = storeWith([1_700_000_000_000, 1_700_000_001_000], 10);
  const services = { node: 'n1', store, dataDir: '.', log: () => undefined };
  const cmd = (type: string, params: unknown, extra: Partial<WireCommand> = {}): WireCommand => ({ id: 'c1', node: 'n1', type, params, createdAt: Date.now(), deadline: Date.now() + 5000, maxResultBytes: 1 << 20, attempt: 1, ...extra });
  try {
    const ok = await runCommand(cmd('readings.query', { from: 1_699_999_999_000, to: 1_700_000_002_000, limit: 100 }), COMMAND_HANDLERS, services);
    assert.equal(ok.outcome.ok && (ok.outcome.result as { count: number }).count, 4);
    const unknown = await runCommand(cmd('model.nope', {}), COMMAND_HANDLERS, services);
    assert.equal(!unknown.outcome.ok && unknown.outcome.error.reason, 'unknown_type');
    const big = await runCommand(cmd('readings.query', { from: 1_699_999_999_000, to: 1_700_000_002_000, limit: 100 }, { maxResultBytes: 100 }), COMMAND_HANDLERS, services);
    assert.equal(!big.outcome.ok && big.outcome.error.reason, 'result_too_large');
    const bad = await runCommand(cmd('readings.query', { from: 'yesterday' }), COMMAND_HANDLERS, services);
    assert.equal(!bad.outcome.ok && bad.outcome.error.reason, 'bad_params');
    const t0 = Date.now();
    const late = await runCommand(cmd('ping', { delayMs: 5000 }, { deadline: Date.now() + 200 }), COMMAND_HANDLERS, services);
    assert.equal(!late.outcome.ok && late.outcome.error.reason, 'deadline');
    assert.ok(Date.now() - t0 < 2000);
    const past = await runCommand(cmd('ping', {}, { deadline: Date.now() - 1 }), COMMAND_HANDLERS, services);
    assert.equal(!past.outcome.ok && past.outcome.error.reason, 'deadline');
  } finally {
    store.close();
  }
});
