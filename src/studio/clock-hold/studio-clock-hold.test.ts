import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from '../server.js';
import { SqliteHeldReadings } from './sqlite-held-readings.js';

const NODE = 'pi-rtcless';
const BOOT_WALL = 3_600_000; // the Pi booted believing it is 1970-01-01T01:00Z

const reading = (seq: number, rawTs: number, clock: 'synced' | 'unsynced' = 'unsynced', ts = rawTs) =>
  ({ node: NODE, sensor: 'dht22-t', kind: 'temperature', unit: '°C', location: 'attic', value: 20 + seq, ts, clock, id: `${NODE}:b1:${seq}` });

async function post(url: string, events: object[]) {
  const res = await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(events) });
  return { status: res.status, body: await res.json() as { results: { status: string; held_readings?: number; rejected_readings?: { index: number; reason: string }[] }[] } };
}
const batch = (id: string, readings: object[]) => ({ specversion: '1.0', id, source: `/edge/${NODE}`, type: 'io.homelab.edge.reading', data: { readings } });
const clockEvent = (id: string, offset: number, from: number, until: number) =>
  ({ specversion: '1.0', id, source: `/edge/${NODE}`, type: 'io.homelab.edge.clock', data: { node: NODE, ts: Date.now(), offset_ms: offset, from, until } });

async function stored(url: string): Promise<{ ts: number; value: number }[]> {
  const res = await fetch(`${url}/api/v1/readings?node=${NODE}&range=2h&limit=1000`);
  return ((await res.json()) as { readings: { ts: number; value: number }[] }).readings.sort((a, b) => a.ts - b.ts);
}

async function metric(url: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`homelab_clock_held_readings_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
}

test('readings an unsynced clock put in 1970 are held across a restart, then stored once at the corrected time', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clock-hold-'));
  let studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir });
  await studio.start();
  try {
    const now = Date.now();
    // Taken 30, 20 and 10 minutes ago on the node's unsynced clock, which reads 1970.
    const taken = [30, 20, 10].map((m) => now - m * 60_000);
    const offset = now - (BOOT_WALL + 40 * 60_000); // the node ran 40 min before it synced
    const raw = taken.map((t) => t - offset);
    const mixed = await post(studio.url, [batch('b1', [reading(1, raw[0]!), reading(0, now - 60_000, 'synced')])]);
    assert.equal(mixed.status, 200);
    assert.equal(mixed.body.results[0]!.status, 'stored', 'the in-window reading is stored');
    assert.equal(mixed.body.results[0]!.held_readings, 1);
    assert.equal(mixed.body.results[0]!.rejected_readings, undefined, 'held, not refused');
    const all = await post(studio.url, [batch('b2', [reading(2, raw[1]!)])]);
    assert.equal(all.body.results[0]!.status, 'held');
    assert.equal((await post(studio.url, [batch('b2', [reading(2, raw[1]!)])])).body.results[0]!.status, 'duplicate', 'a redelivery is not held twice');
    // Refused as before: outside the window with a synced clock (nothing says it can be corrected).
    const wrong = await post(studio.url, [batch('b3', [reading(9, 5000, 'synced'), reading(8, now - 120_000, 'synced')])]);
    assert.match(wrong.body.results[0]!.rejected_readings?.[0]?.reason ?? '', /before 2000-01-01/);
    const first = await stored(studio.url);
    assert.equal(first.length, 2, `the two in-window readings only: ${JSON.stringify(first)}`);
    assert.equal(await metric(studio.url, 'held'), 2);

    await studio.stop();
    studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir });
    await studio.start();
    const sync = clockEvent('c1', offset, BOOT_WALL, BOOT_WALL + 40 * 60_000);
    assert.equal((await post(studio.url, [sync])).status, 200);
    let readings: Awaited<ReturnType<typeof stored>> = [];
    for (let i = 0; i < 100 && readings.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      readings = await stored(studio.url);
    }
    const corrected = readings.filter((r) => r.value === 21 || r.value === 22);
    assert.deepEqual(corrected.map((r) => [r.ts, r.value]), [[taken[0], 21], [taken[1], 22]], 'at the time they were really taken');
    // The node's backlog may still hold unsynced readings behind the (critical, sent first) correction.
    const late = await post(studio.url, [batch('b4', [reading(3, raw[2]!)])]);
    assert.equal(late.body.results[0]!.status, 'stored');
    assert.equal(late.body.results[0]!.held_readings, undefined, 'corrected on arrival, not held');
    // The same correction again (a redelivery) stores nothing twice.
    await post(studio.url, [clockEvent('c1-again', offset, BOOT_WALL, BOOT_WALL + 40 * 60_000)]);
    await new Promise((r) => setTimeout(r, 200));
    readings = await stored(studio.url);
    assert.deepEqual(readings.map((r) => [r.ts, r.value]), [[taken[0], 21], [taken[1], 22], [now - 120_000, 28], [now - 60_000, 20], [taken[2], 23]].sort((a, b) => a[0]! - b[0]!));
    assert.equal(await metric(studio.url, 'corrected'), 3);
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a correction cut short by a crash is applied on the next start', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clock-resume-'));
  const now = Date.now();
  const offset = now - BOOT_WALL;
  // What a crash after keeping the correction, before storing what it corrects, leaves behind.
  const repo = new SqliteHeldReadings(join(dir, 'held.db'));
  await repo.open();
  await repo.hold([{ source: `/edge/${NODE}`, eventId: 'e9', index: 0, reading: { ...reading(4, BOOT_WALL + 1000), location: 'attic' }, receivedAt: now }]);
  await repo.saveCorrection({ node: NODE, ts: now, offset_ms: offset - 5 * 60_000, from: BOOT_WALL, until: BOOT_WALL + 60_000 }, now);
  await repo.close();
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir });
  await studio.start();
  try {
    let readings: Awaited<ReturnType<typeof stored>> = [];
    for (let i = 0; i < 100 && readings.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      readings = await stored(studio.url);
    }
    assert.deepEqual(readings.map((r) => [r.ts, r.value]), [[now - 5 * 60_000 + 1000, 24]]);
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
