import { pathToFileURL } from 'node:url';
import { createConnection } from 'node:net';
import { loadavg } from 'node:os';
import mqtt from 'mqtt';
import { ChaosProcess, edgeArgs, startPusher, studioArgs, studioCounts } from '../test/e2e/chaos-harness.js';
import { freePort, tempDir } from '../test/e2e/helpers.js';

const NODE = 'soak-node';
const PUSH_SENSORS = ['p1', 'p2', 'p3'];
const MQTT_SENSORS = ['m1', 'm2'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brokerUp = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ host: '127.0.0.1', port }, () => { s.end(); resolve(true); });
  s.on('error', () => resolve(false));
});

/**
 * Soak of "nothing lost, nothing twice": `/push` and MQTT (the real Mosquitto on 1883, QoS 1,
 * persistent session) feed a collector that is SIGKILLed BENCH_CHAOS_KILLS times (default 12,
 * about a minute; 100 is the ~10-minute soak), the studio every fifth kill, and one 15 s studio
 * outage halfway. Prints acknowledged / stored / lost / duplicated per source, then the pipeline's
 * readings/s with and without group commit (edge-pipeline, in the same run).
 */
export async function run(): Promise<Record<string, number | string>> {
  const kills = Number(process.env.BENCH_CHAOS_KILLS ?? 12);
  const dir = tempDir('bench-chaos-');
  const [sp, ep] = [await freePort(), await freePort()];
  const withMqtt = await brokerUp(1883);
  if (!withMqtt) console.log('  (Mosquitto not reachable on 127.0.0.1:1883: /push only)');
  const topic = `soak-${process.pid}-${Date.now()}`;
  const env: Record<string, string> = {
    AGGREGATE_WINDOW: '5', WARNING_BATCH_INTERVAL: '5', REAL_HEALTH: '0', RATE_LIMIT: '100000',
    ...(withMqtt ? { MQTT_URL: 'mqtt://127.0.0.1:1883', MQTT_TOPICS: `${topic}/+=json,sensor={1},kind=temperature,unit=°C`, MQTT_CLIENT_ID: `${topic}-collector` } : {}),
  };
  const studio = new ChaosProcess(studioArgs(sp, dir), env, sp);
  const edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), env, ep);
  studio.start();
  edge.start();
  await Promise.all([studio.ready(), edge.ready()]);
  const started = Date.now();
  // Keyed retries (Idempotency-Key): a request that died with the collector is sent again until answered.
  const pusher = startPusher(() => ep, PUSH_SENSORS, 50, 2, process.env.BENCH_CHAOS_UNKEYED !== '1');
  // MQTT: what the broker acknowledged to the publisher must reach the studio once.
  const published: Record<string, number> = {};
  const publisher = withMqtt ? await mqtt.connectAsync('mqtt://127.0.0.1:1883', { clientId: `${topic}-pub` }) : undefined;
  let publishing = true;
  const publishLoop = (async () => {
    let ts = Date.now();
    while (publisher && publishing) {
      ts = Math.max(ts + 1, Date.now());
      await Promise.all(MQTT_SENSORS.map(async (s) => {
        await publisher.publishAsync(`${topic}/${s}`, JSON.stringify({ value: 20 + (ts % 100) / 100, ts }), { qos: 1 });
        published[s] = (published[s] ?? 0) + 1;
      }));
      await sleep(50);
    }
  })();
  let studioKills = 0;
  for (let i = 0; i < kills; i++) {
    await sleep(1000 + Math.random() * 4000);
    await edge.kill('SIGKILL');
    await sleep(Math.random() * 500);
    edge.start();
    if (i % 5 === 4) { await studio.kill('SIGKILL'); studioKills++; studio.start(); }
    if (i === Math.floor(kills / 2)) { await studio.kill('SIGKILL'); studioKills++; await sleep(15_000); studio.start(); }
    await edge.ready(180_000); // a restart on a loaded 2-core machine (load average ~40) took over 60 s
  }
  await sleep(2000);
  publishing = false;
  await publishLoop;
  await pusher.stop();
  await publisher?.endAsync();
  const pushSeconds = (Date.now() - started) / 1000;
  const expected: Record<string, number> = { ...pusher.tally.acked, ...published };
  let counts: Record<string, number> = {};
  for (let end = Date.now() + 120_000; Date.now() < end; await sleep(2000)) {
    counts = await studioCounts(sp, NODE).catch(() => ({}));
    if (Object.entries(expected).every(([s, n]) => (counts[s] ?? 0) >= n)) break;
  }
  await sleep(6000);
  counts = await studioCounts(sp, NODE);
  await edge.kill('SIGTERM');
  await studio.kill('SIGTERM');
  const tally = (sensors: string[], unknown: Record<string, number> = {}) => {
    let acked = 0, stored = 0, lost = 0, dup = 0, unk = 0;
    for (const s of sensors) {
      const a = expected[s] ?? 0, c = counts[s] ?? 0, u = unknown[s] ?? 0;
      acked += a; stored += c; unk += u;
      lost += Math.max(0, a - c);
      dup += Math.max(0, c - a - u);
    }
    return { acked, stored, lost, dup, unk };
  };
  const push = tally(PUSH_SENSORS, pusher.tally.unknown);
  const mq = tally(MQTT_SENSORS);
  const out: Record<string, number | string> = {
    'edge.chaos.collector_kills': kills, 'edge.chaos.studio_kills': studioKills, 'edge.chaos.seconds': Math.round(pushSeconds),
    'edge.chaos.push.acknowledged': push.acked, 'edge.chaos.push.unknown_outcome': push.unk, 'edge.chaos.push.stored': push.stored,
    'edge.chaos.push.lost': push.lost, 'edge.chaos.push.duplicated': push.dup,
    'edge.chaos.push.retries': pusher.tally.retries, 'edge.chaos.push.replays': pusher.tally.replays,
    'edge.chaos.load_average_1m': Number(loadavg()[0]!.toFixed(2)),
  };
  if (withMqtt) Object.assign(out, { 'edge.chaos.mqtt.acknowledged': mq.acked, 'edge.chaos.mqtt.stored': mq.stored, 'edge.chaos.mqtt.lost': mq.lost, 'edge.chaos.mqtt.duplicated': mq.dup });
  const pipeline = await (await import('./edge-pipeline.js')).run();
  for (const k of ['edge.pipeline.readings_per_s.group', 'edge.pipeline.readings_per_s.per-batch', 'edge.pipeline.readings_per_s.no-fsync']) out[k] = pipeline[k]!;
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
