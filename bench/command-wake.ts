/**
 * The command channel's wake-ups: a node long-polling one studio replica while another queues its
 * command, and a caller waiting on the first for the answer the node gives the second (two queues
 * on one PostgreSQL schema, LISTEN/NOTIFY between them), against the same round trip in one process
 * on SQLite (a local wake, the floor). Also what one `send` costs on each engine (a commit each:
 * SQLite synchronous=FULL, PostgreSQL under the per-node advisory lock). BENCH_COMMAND_TRIES
 * (default 200), TEST_DATABASE_URL.
 */
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CommandQueue } from '../src/studio/commands/command-queue.js';
import { SqliteCommandStore } from '../src/studio/commands/sqlite-command-store.js';
import { PostgresCommandStore } from '../src/studio/commands/postgres-command-store.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => Number(x.toFixed(2));

/** `tries` round trips: poll on `b` open, send on `a`, poll returns; wait on `a` open, answer on `b`, wait returns. */
async function roundTrips(a: CommandQueue, b: CommandQueue, tries: number, tag: string) {
  const wake: number[] = [];
  const answer: number[] = [];
  const send: number[] = [];
  for (let i = 0; i < tries; i++) {
    const node = `${tag}-${i % 10}`;
    const polled = b.next(node, [], 10_000);
    await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    const sent = await a.send(node, 'ping', { i });
    send.push(performance.now() - t0);
    const got = await polled;
    wake.push(performance.now() - t0);
    if (got[0]?.id !== sent.id) throw new Error(`poll got ${JSON.stringify(got)} for ${sent.id}`);
    const waiting = a.wait(sent.id, 10_000);
    await new Promise((r) => setTimeout(r, 5));
    const t1 = performance.now();
    await b.complete(node, sent.id, { ok: true, result: { i } }, 8);
    if ((await waiting)?.state !== 'done') throw new Error(`waiter on ${sent.id} did not see the answer`);
    answer.push(performance.now() - t1);
  }
  return { wake, answer, send };
}

export async function run(): Promise<Record<string, number | string>> {
  const tries = Number(process.env.BENCH_COMMAND_TRIES ?? 200);
  const out: Record<string, number | string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'bench-commands-'));
  const local = new CommandQueue({ store: new SqliteCommandStore(join(dir, 'commands.db')) });
  await local.open();
  try {
    const r = await roundTrips(local, local, tries, 'sqlite');
    Object.assign(out, {
      'commands sqlite one process: wake p50 ms': ms(pct(r.wake, 0.5)), 'commands sqlite: wake p99 ms': ms(pct(r.wake, 0.99)),
      'commands sqlite: answer→waiter p50 ms': ms(pct(r.answer, 0.5)), 'commands sqlite: send p50 ms': ms(pct(r.send, 0.5)),
    });
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_commands_${process.pid}`;
  const a = new CommandQueue({ store: new PostgresCommandStore(url, schema) });
  const b = new CommandQueue({ store: new PostgresCommandStore(url, schema) });
  try {
    await a.open();
    await b.open();
    const r = await roundTrips(a, b, tries, 'pg');
    Object.assign(out, {
      'commands pg A→B: wake p50 ms': ms(pct(r.wake, 0.5)), 'commands pg A→B: wake p99 ms': ms(pct(r.wake, 0.99)), 'commands pg A→B: wake max ms': ms(Math.max(...r.wake)),
      'commands pg B→A: answer→waiter p50 ms': ms(pct(r.answer, 0.5)), 'commands pg B→A: answer→waiter p99 ms': ms(pct(r.answer, 0.99)),
      'commands pg: send p50 ms': ms(pct(r.send, 0.5)),
    });
  } catch (err) {
    out['commands pg'] = `skipped: ${(err as Error).message}`;
  } finally {
    await a.close().catch(() => undefined);
    await b.close().catch(() => undefined);
    const c = new pg.Client(url);
    await c.connect().then(() => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).catch(() => undefined).finally(() => c.end().catch(() => undefined));
  }
  out['commands: load average (1 min)'] = ms(loadavg()[0]!);
  out['commands: round trips'] = tries;
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.table(await run());
