import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { freePort, waitFor } from '../test/e2e/helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The final stage of the Dockerfile: its COPY instructions and its entrypoint. */
function runtimeStage(dockerfile: string) {
  const stage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const copies = [...stage.matchAll(/^COPY (--from=(\S+) )?(.+)$/gm)].map((m) => {
    const parts = m[3]!.trim().split(/\s+/);
    return { from: m[2], sources: parts.slice(0, -1), dest: parts.at(-1)! };
  });
  const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(stage)![1]!) as string[];
  const workdir = /^WORKDIR (\S+)$/m.exec(stage)![1]!;
  return { copies, entrypoint, workdir };
}

// No Docker engine runs here, so this lays out the image's /app exactly as the Dockerfile's final
// stage copies it (the build stage's /app being this checkout after `npm ci` and the bundle), in a
// folder outside the checkout, so nothing can resolve from the project's node_modules. Then it runs
// the entrypoint as the image would: studio and collector must work from what the image carries.
test('the image layout from the Dockerfile runs the studio (ingest, an answer, Parquet) and a collector with nothing else', async (t) => {
  const { copies, entrypoint, workdir } = runtimeStage(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  assert.equal(workdir, '/app');
  const build = mkdtempSync(join(tmpdir(), 'image-build-'));
  const app = mkdtempSync(join(tmpdir(), 'image-app-'));
  const data = mkdtempSync(join(tmpdir(), 'image-data-'));
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { env: { ...process.env, BUNDLE_OUTDIR: join(build, 'dist/bundle') }, stdio: 'pipe' });
  const children: ChildProcess[] = [];
  try {
    for (const { from, sources, dest } of copies) {
      for (const source of sources) {
        // From the build stage: the bundle just built, else this checkout (npm ci already ran here).
        const path = from === 'build' ? source.replace(/^\/app\//, '') : source;
        const src = from === 'build' && path.startsWith('dist/bundle') ? join(build, path) : join(root, path);
        const target = join(app, dest, dest.endsWith('/') ? path.split('/').at(-1)! : '');
        mkdirSync(dirname(target), { recursive: true });
        cpSync(src, target, { recursive: true });
      }
    }
    const kb = Number(execFileSync('du', ['-sk', app], { encoding: 'utf8' }).split('\t')[0]);
    t.diagnostic(`image /app: ${(kb / 1024).toFixed(1)} MB`); // the README's figure
    assert.ok(kb < 16 * 1024, `the image's /app is ${kb} KB; expected under 16 MB (no node_modules tree)`);

    const [node, ...entry] = entrypoint;
    assert.equal(node, 'node');
    // A command that loads a CommonJS package lazily (yaml): named exports of those do not survive bundling.
    const manifest = execFileSync(process.execPath, [...entry, 'deploy', 'warehouse-sensors', '--image', 'sensor-collector:v1', '--dry-run'], { cwd: app, encoding: 'utf8' });
    assert.match(manifest, /^kind: Deployment$/m);
    const port = await freePort();
    const run = (args: string[]) => {
      const child = spawn(process.execPath, [...entry, ...args], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
      children.push(child);
      return () => stderr;
    };
    const studioErr = run(['studio', '--port', String(port), '--host', '127.0.0.1', '--data-dir', join(data, 'studio')]);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 20_000, `the studio from the image layout (${studioErr()})`);
    // A plain-language answer and a Parquet export (its writer is a lazily loaded chunk).
    const ts = Date.now() - 60_000;
    const event = { specversion: '1.0', id: 'image-1', source: '/edge/pi-image-test', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-image-test', sensor: 'dht22-temperature', kind: 'temperature', value: 21.5, unit: '°C', ts, location: 'warehouse-a' }] } };
    assert.equal((await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) })).status, 202);
    const answer = (await (await fetch(`${url}/query`, { method: 'POST', body: 'What is the temperature in warehouse a?' })).json()) as { response: string };
    assert.match(answer.response, /21\.5/);
    // The dashboard's files travel beside the bundle: the page, its modules, uPlot.
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /\/ui\/app\.js/);
    for (const f of ['app.js', 'views/series.js', 'vendor/uPlot.iife.min.js', 'vendor/uPlot.min.css']) assert.equal((await fetch(`${url}/ui/${f}`)).status, 200, f);
    const parquet = Buffer.from(await (await fetch(`${url}/api/v1/export?format=parquet&range=1h`)).arrayBuffer());
    assert.deepEqual([parquet.subarray(0, 4).toString(), parquet.subarray(-4).toString()], ['PAR1', 'PAR1']);

    // The scheduled backup's worker thread is its own file beside the bundle's chunks (BACKUP_INTERVAL).
    const backup = join(data, 'scheduled.tar.gz');
    const done = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      const worker = new Worker(join(app, 'dist/bundle/backup-worker.js'), { workerData: { dataDir: join(data, 'studio'), out: backup } });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.deepEqual(done.ok, true, done.message);
    assert.ok(statSync(backup).size > 0);
    // A training runs on its own worker thread (train-worker.js beside the chunks): too little data here,
    // so its refusal comes back from the worker as a 422 (a worker that cannot load would be a 500).
    const trained = await fetch(`${url}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model_type: 'detector_baseline', target: 'temperature', range: '1h' }) });
    const refusal = await trained.text();
    assert.equal(trained.status, 422, refusal);
    assert.match(refusal, /not_enough_data/);

    const edgeErr = run(['edge', '--simulate', '--node', 'pi-image', '--studio-url', url, '--port', '0', '--data-dir', join(data, 'edge')]);
    await waitFor(async () => {
      const nodes = (await (await fetch(`${url}/api/v1/nodes`)).json().catch(() => ({}))) as { nodes?: { node: string }[] };
      return (nodes.nodes ?? []).some((n) => n.node === 'pi-image');
    }, 30_000, `the collector from the image layout to report (${edgeErr()})`);
  } finally {
    for (const child of children) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); }
    for (const dir of [build, app, data]) rmSync(dir, { recursive: true, force: true });
  }
});
