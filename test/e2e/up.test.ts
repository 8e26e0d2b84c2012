import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freePort, tempDir, waitFor } from './helpers.js';


interface QueryAnswer { response: string; intent: string; data: { kinds?: { value: number; sensors: number }[] }; cold_start: boolean; latency_ms: number }

/** What the stored readings say: the mean of the latest temperature of every warehouse sensor. */
function expectedFromStore(dbPath: string): { mean: number; sensors: number; newest: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const rows = db.prepare("SELECT last_value AS v, last_ts AS ts FROM series WHERE kind = 'temperature' AND location LIKE 'warehouse%'").all() as { v: number; ts: number }[];
  db.close();
  const newest = Math.max(...rows.map((r) => r.ts));
  const fresh = rows.filter((r) => newest - r.ts <= 30 * 60_000);
  return { mean: fresh.reduce((a, r) => a + r.v, 0) / fresh.length, sensors: fresh.length, newest };
}

test('`homelab up` answers the warehouse temperature the stored readings give', { timeout: 90_000 }, async () => {
  const port = await freePort();
  const dataDir = tempDir('up-');
  const child = spawn(process.execPath, ['bin/homelab.mjs', 'up', '--port', String(port), '--data-dir', dataDir, '--history', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c: Buffer) => { log += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { log += c.toString(); });
  const url = `http://127.0.0.1:${port}`;
  try {
    const started = Date.now();
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true, 60_000, `/healthz on :${port}\n${log}`);
    const ask = async (): Promise<QueryAnswer> => (await (await fetch(`${url}/query`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'What is the temperature in the warehouse?' }),
    })).json()) as QueryAnswer;
    await waitFor(async () => ((await ask()).data.kinds?.[0]?.sensors ?? 0) === 3, 60_000, 'temperature from all three nodes');
    assert.ok(Date.now() - started < 60_000, 'answers within 60 s of start');
    // Readings keep arriving: compare an answer with a store read that did not change around it.
    let matched = false;
    for (let attempt = 0; attempt < 5 && !matched; attempt++) {
      const before = expectedFromStore(join(dataDir, 'studio.db'));
      const answer = await ask();
      const after = expectedFromStore(join(dataDir, 'studio.db'));
      if (before.newest !== after.newest || before.mean !== after.mean) continue;
      const rounded = Math.round(before.mean * 10) / 10;
      assert.equal(answer.intent, 'current');
      assert.equal(answer.data.kinds![0]!.value, rounded);
      assert.equal(answer.data.kinds![0]!.sensors, before.sensors);
      assert.ok(answer.response.includes(`${rounded.toFixed(1)}°C`), answer.response);
      assert.equal(typeof answer.latency_ms, 'number');
      matched = true;
    }
    assert.ok(matched, 'the store kept changing under every attempt');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
