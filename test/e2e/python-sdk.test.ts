import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StudioServer } from '../../src/studio/server.js';
import { createStudio } from '../../src/app/studio-app.js';
import { edgeManifest } from '../../src/sdk/index.js';
import { poster, seedSite } from '../browser/seed.js';
import { tempDir } from './helpers.js';

// The Python SDK (sdk/python) under Python's unittest, against a real studio this test starts on
// a random port with a temp data dir, fed through POST /events with the dashboard tests' site plus
// 30 days of sparser history. Run twice: with pandas (DataFrames) and without (typed records).
// No python3 → skipped with the reason; under CI=true that fails instead.
const SDK = resolve('sdk/python');
const CI = process.env.CI === 'true';
const MIN = 60_000;

interface Python { exe: string; version: string; pandas: boolean }
const probe = (exe: string): Python | undefined => {
  const r = spawnSync(exe, ['-c', 'import sys\ntry:\n import pandas; p=1\nexcept ImportError:\n p=0\nprint("%d.%d %d" % (sys.version_info[0], sys.version_info[1], p))'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const [version, p] = r.stdout.trim().split(' ');
  return Number(version!.split('.')[1]) >= 9 && version!.startsWith('3.') ? { exe, version: version!, pandas: p === '1' } : undefined;
};
// Debian's python3 (python3-pandas is a Debian package) and whatever python3 is first on PATH (pyenv).
// PYTHON (e.g. an old 3.9) goes first, so it is the one the no-pandas run uses when it lacks pandas.
const pythons = [...new Set([process.env.PYTHON ?? '', '/usr/bin/python3', 'python3'].filter(Boolean))].map(probe).filter((p): p is Python => !!p);
const withPandas = pythons.find((p) => p.pandas);
const withoutPandas = pythons.find((p) => !p.pandas) ?? (withPandas ? { ...withPandas, pandas: false } : undefined);
const skipAll = pythons.length || CI ? false : 'python3 (>= 3.9) not found; install it (apt-get install python3 python3-pandas)';
const skipPandas = withPandas || CI ? false : 'no python3 with pandas here (apt-get install python3-pandas)';

/** A CloudEvents batch, as a collector sends it. */
async function post(url: string, events: object[]): Promise<void> {
  await poster(url)(events);
}

/** 30 days of history (every 20 minutes, three kinds, three nodes) before the dense last 6 hours,
 *  and one anomaly in the last hour that a model explained. */
async function seedHistory(url: string, now: number): Promise<{ explained: { id: string; text: string; value: number } }> {
  const start = now - 29 * 1440 * MIN;
  let n = 0;
  const events: object[] = [];
  for (const [node, location] of [['pi-node-1', 'warehouse-a'], ['pi-node-2', 'warehouse-b'], ['pi-node-4', 'cold-room']] as const) {
    let readings: object[] = [];
    for (let ts = start; ts < now - 7 * 60 * MIN; ts += 20 * MIN) {
      const h = ts / 3_600_000;
      readings.push(
        { node, sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location, ts, value: Math.round((21 + 2 * Math.sin(h / 24 * 2 * Math.PI)) * 100) / 100 },
        { node, sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location, ts, value: Math.round((48 + 5 * Math.cos(h / 24 * 2 * Math.PI)) * 100) / 100 },
        { node, sensor: 'bmp280-pressure', kind: 'pressure', unit: 'hPa', location, ts, value: Math.round((1013 + Math.sin(h / 50)) * 100) / 100 },
      );
      if (readings.length >= 3000) { events.push({ specversion: '1.0', id: `py-hist-${n++}`, source: `/edge/${node}`, type: 'io.homelab.edge.reading', data: { readings } }); readings = []; }
    }
    if (readings.length) events.push({ specversion: '1.0', id: `py-hist-${n++}`, source: `/edge/${node}`, type: 'io.homelab.edge.reading', data: { readings } });
  }
  for (let i = 0; i < events.length; i += 10) await post(url, events.slice(i, i + 10));
  const explained = { id: 'py-anomaly-1', text: 'The temperature rose 9 °C in a minute while the door sensor was open: likely the loading dock door.', value: 31.5 };
  await post(url, [
    { specversion: '1.0', id: explained.id, source: '/edge/pi-node-1', type: 'io.homelab.edge.anomaly', data: { node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', ts: Math.floor((now - 30 * MIN) / MIN) * MIN, value: explained.value, score: 0.95, severity: 'critical', reason: 'temperature 31.5 °C is far above its usual 21 °C' } },
    { specversion: '1.0', id: 'py-explanation-1', source: '/edge/pi-node-1', type: 'io.homelab.edge.explanation', data: { anomaly_id: explained.id, text: explained.text } },
  ]);
  return { explained };
}

/** The runner's output without its `... ok` lines: skips, failures and the summary. */
const brief = (out: string): string => out.trimEnd().split('\n').filter((l) => l.trim() && !/\.\.\. ok$/.test(l)).map((l) => `#   ${l}`).join('\n');

/** Runs `python -m unittest` over sdk/python/tests without blocking the studio's event loop. */
const unittest = (py: Python, env: Record<string, string>) => run(py.exe, ['-m', 'unittest', 'discover', '-s', join(SDK, 'tests'), '-t', SDK, '-v'], env);

function run(exe: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(exe, args, { cwd: SDK, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (status) => done({ status, out }));
  });
}

describe('Python SDK homelab (unittest against a live studio)', { skip: skipAll, timeout: 600_000 }, () => {
  let studio: StudioServer;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    dir = tempDir('py-sdk-');
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'studio') });
    mkdirSync(join(dir, 'studio'));
    await studio.start();
    const now = Date.now();
    const history = await seedHistory(studio.url, now);
    const site = await seedSite(poster(studio.url), { hours: 6, now });
    const facts = {
      url: studio.url, now, explained: history.explained, crit: site.anomaly,
      // The TypeScript SDK's manifests: the Python SDK must build the same ones.
      manifests: [
        { args: { name: 'warehouse-sensors', image: 'sensor-collector:v1.2.0', env: { LOCATION: 'warehouse-b', REPORT_TO: 'agent-bruno' } },
          manifest: edgeManifest({ name: 'warehouse-sensors', image: 'sensor-collector:v1.2.0', env: { LOCATION: 'warehouse-b', REPORT_TO: 'agent-bruno' } }) },
        { args: { name: 'cam-motion', image: 'motion:2', namespace: 'edge-ai', every_node: true, cpu: '200m', memory: '64Mi' },
          manifest: edgeManifest({ name: 'cam-motion', image: 'motion:2', namespace: 'edge-ai', everyNode: true, cpu: '200m', memory: '64Mi' }) },
        { args: { name: 'three', image: 'x:1', replicas: 3 }, manifest: edgeManifest({ name: 'three', image: 'x:1', replicas: 3 }) },
      ],
    };
    writeFileSync(join(dir, 'facts.json'), JSON.stringify(facts));
    const home = join(dir, 'home');
    mkdirSync(home);
    env = {
      HOMELAB_URL: studio.url, HOMELAB_TEST_FACTS: join(dir, 'facts.json'), HOME: home, XDG_CONFIG_HOME: join(home, '.config'),
      PYTHONPATH: join(SDK, 'src'), PYTHONDONTWRITEBYTECODE: '1', HOMELAB_TEST_TMP: dir,
    };
    delete process.env.HOMELAB_TOKEN;
  });
  after(async () => { await studio?.stop(); });

  test('with pandas: get_timeseries returns DataFrames; every test passes', { skip: skipPandas }, async () => {
    assert.ok(withPandas, 'CI=true needs a python3 with pandas (.ci/run installs python3-pandas)');
    // This run imports the SDK as `pip install ./sdk/python` lays it out (offline: no build isolation).
    const site = join(dir, 'site');
    const hasPip = spawnSync(withPandas.exe, ['-m', 'pip', '--version']).status === 0;
    let where = join(SDK, 'src');
    if (hasPip) {
      const pip = await run(withPandas.exe, ['-m', 'pip', 'install', '--quiet', '--no-build-isolation', '--no-deps', '--no-index', '--target', site, SDK], { PIP_DISABLE_PIP_VERSION_CHECK: '1' });
      assert.equal(pip.status, 0, `pip install ./sdk/python failed:\n${pip.out}`);
      where = site;
    }
    const r = await unittest(withPandas, { ...env, HOMELAB_EXPECT_PANDAS: '1', PYTHONPATH: where, HOMELAB_EXPECT_SDK: where });
    console.log(`# ${withPandas.exe} (Python ${withPandas.version}, pandas, SDK ${hasPip ? 'pip-installed' : 'from sdk/python/src: no pip here'})\n${brief(r.out)}`);
    assert.equal(r.status, 0, r.out);
    assert.doesNotMatch(r.out, /skipped 'no studio/, 'every live test ran');
  });

  test('without pandas: typed records; every test passes', async () => {
    assert.ok(withoutPandas, 'no python3 found');
    // A python with pandas installed runs with a stub that makes `import pandas` fail, as it would
    // on a machine without it.
    const block = join(dir, 'no-pandas');
    mkdirSync(join(block, 'pandas'), { recursive: true });
    writeFileSync(join(block, 'pandas', '__init__.py'), 'raise ImportError("pandas hidden by the test: the no-pandas run")\n');
    const blocked = pythons.every((p) => p.pandas);
    const r = await unittest(withoutPandas, { ...env, HOMELAB_EXPECT_PANDAS: '0', HOMELAB_EXPECT_SDK: join(SDK, 'src'), ...(blocked ? { PYTHONPATH: `${block}:${env.PYTHONPATH}` } : {}) });
    console.log(`# ${withoutPandas.exe} (Python ${withoutPandas.version}, ${blocked ? 'pandas hidden' : 'no pandas installed'})\n${brief(r.out)}`);
    assert.equal(r.status, 0, r.out);
    assert.doesNotMatch(r.out, /skipped 'no studio/, 'every live test ran');
  });
});
