import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../studio/store/store.js';
import { StudioServer } from '../studio/server.js';
import { deployParams } from '../studio/models/command-sender.js';
import { HttpCommandChannel } from '../edge/commands/http-channel.js';
import { COMMAND_HANDLERS } from '../edge/commands/handlers/index.js';
import { modelDeploy } from '../edge/commands/handlers/model-deploy.js';
import { CommandError, type EdgeServices } from '../edge/commands/handler.js';
import { ModelScorer } from '../edge/models/model-scorer.js';
import { COMMAND_LIMITS, type WireCommand } from '../core/commands.js';
import { sealArtifact, type ModelArtifact } from '../core/model-artifact.js';
import { simulatedRollups } from '../forge/sim-history.js';
import { forgeTrainer } from '../forge/trainer.js';

const H = 3_600_000;
const [EDGE, ADMIN] = ['edge-secret-ref1', 'admin-secret-ref1'];

/** One day of pi-node-2's temperature rollups, as the studio stores its aggregates. */
function history(now: number): IngestItem[] {
  const sim = simulatedRollups('pi-node-2', 'dht22-temperature', now - 24 * H, now - 300_000, 5000);
  return sim.rollups.map((r) => ({
    event: { source: '/edge/pi-node-2', id: `agg-${r.ts}`, type: 'io.homelab.edge.aggregate', time: r.ts },
    aggregate: { node: 'pi-node-2', window_start: r.ts, window_end: r.ts + 300_000, series: [{ sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: sim.location, count: r.count, min: r.min, max: r.max, mean: r.mean, last: r.mean }] },
  }));
}

/** A node with many sensors: the trained series' state copied under more sensor names and sealed again (each a real baseline the detector takes). */
function widen(a: ModelArtifact, minBytes: number): ModelArtifact {
  const one = a.series[0]!;
  const per = Buffer.byteLength(JSON.stringify(one));
  const n = Math.ceil(minBytes / per) + 1;
  const { checksum: _c, series_checksums: _s, ...header } = a;
  return sealArtifact({ ...header, id: `${a.name}-v${a.version + 1}`, version: a.version + 1, series: Array.from({ length: n }, (_, k) => { const { checksum: _x, ...s } = one; return { ...s, sensor: `${one.sensor}-${k}` }; }) });
}

const call = async (url: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, json: await r.json() as Record<string, unknown> };
};

test('a model part above the command channel\'s bound goes by reference: the node fetches it with its token, checks the digest and runs it in shadow; a fetch the studio refuses is a failed deployment with the reason', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-ref-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), tokens: `${EDGE}:ingest,${ADMIN}:admin`, trainer: forgeTrainer() });
  await studio.start();
  const channels: HttpCommandChannel[] = [];
  const node = (name: string, fetchToken: string) => {
    const scorer = new ModelScorer({ dataDir: mkdtempSync(join(dir, `${name}-`)), node: name });
    scorer.open();
    const services: EdgeServices = { node: name, store: { query: () => [] }, dataDir: dir, log: () => {}, models: scorer, studio: { url: studio.url, token: fetchToken } };
    const ch = new HttpCommandChannel({ url: studio.url, node: name, token: EDGE, handlers: COMMAND_HANDLERS, services, pollWaitMs: 1000 });
    ch.start();
    channels.push(ch);
    return scorer;
  };
  try {
    const now = Date.now();
    await studio.store.ingest(history(now));
    const trained = await studio.models!.train({ model_type: 'detector_baseline', target: 'temperature', from: now - 24 * H, to: now });
    const big = await studio.models!.upload(widen(trained, COMMAND_LIMITS.maxCommandBytes + 8 * 1024));
    const partBytes = Buffer.byteLength(await studio.models!.partText(big.id, 'pi-node-2'));
    t.diagnostic(`part of ${big.series.length} series: ${partBytes} bytes; bound ${COMMAND_LIMITS.maxCommandBytes}`);
    assert.ok(partBytes > COMMAND_LIMITS.maxCommandBytes, `the part is ${partBytes} bytes, over the ${COMMAND_LIMITS.maxCommandBytes} bound`);
    const params = deployParams('pi-node-2', (await studio.models!.get(big.id)), COMMAND_LIMITS.maxCommandBytes);
    assert.ok('artifact_ref' in params && Buffer.byteLength(JSON.stringify(params)) < 1024, 'the command carries a reference, not the part');
    assert.deepEqual(deployParams('pi-node-2', trained, COMMAND_LIMITS.maxCommandBytes), { artifact: trained }, 'a part that fits still goes inline');

    const scorer = node('pi-node-2', EDGE);
    const sent = await call(studio.url, 'POST', `/api/v1/models/${big.id}/deploy`, { nodes: ['pi-node-2'] });
    assert.equal(sent.status, 202, JSON.stringify(sent.json));
    const commandId = (sent.json.deployments as { command_id: string }[])[0]!.command_id;
    const settled = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const v = (await studio.commands!.get(id))!;
        if (v.state === 'done' || v.state === 'failed' || v.state === 'expired') return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`command ${id} not answered`);
    };
    const done = await settled(commandId);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.deepEqual(done.result, { model_id: big.id, version: big.version, state: 'shadow', reason: null, fetched_bytes: partBytes });
    assert.equal(scorer.status()!.model_id, big.id, 'the node runs the fetched model in shadow');
    assert.equal((await studio.models!.deployments()).get('pi-node-2')!.state, 'shadow');

    // The artifact route is the node's: an ingest token reads it, none is refused, a node the model has no series of is a 404.
    const art = (path: string, token?: string) => fetch(`${studio.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    assert.equal((await art(`/api/v1/edge/pi-node-2/models/${big.id}/artifact`)).status, 401);
    assert.equal((await art(`/api/v1/edge/pi-node-9/models/${big.id}/artifact`, EDGE)).status, 404);

    // A node whose fetch the studio refuses (a token without the ingest scope on that path): failed, and why.
    node('pi-node-1', 'not-a-token');
    const forOne = widen({ ...trained, series: trained.series.map((s) => ({ ...s, node: 'pi-node-1' })) }, COMMAND_LIMITS.maxCommandBytes);
    const { checksum: _c, series_checksums: _s, ...header } = forOne;
    const otherBig = await studio.models!.upload(sealArtifact({ ...header, id: `${trained.name}-v3`, version: 3, series: forOne.series.map(({ checksum: _x, ...s }) => s) }));
    await call(studio.url, 'POST', `/api/v1/models/${otherBig.id}/deploy`, { nodes: ['pi-node-1'] });
    const failed = await settled((await studio.models!.deployments()).get('pi-node-1')!.command_id!);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error!.reason, 'artifact_fetch_failed');
    assert.match(failed.error!.message, /HTTP 401/);
    const d = (await studio.models!.deployments()).get('pi-node-1')!;
    assert.equal(d.state, 'failed');
    assert.match(d.reason ?? '', /^artifact_fetch_failed: fetching .* HTTP 401/);
  } finally {
    for (const ch of channels) await ch.stop(100);
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('model.deploy by reference on the node: other bytes than the digest, more bytes than named, an unreachable studio — each refused with its reason, nothing deployed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-ref-node-'));
  const scorer = new ModelScorer({ dataDir: dir, node: 'pi-node-2' });
  scorer.open();
  let serve = '';
  const server: Server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(serve); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const part = JSON.stringify({ id: 'm-v1', series: [] });
  const good = deployParams('pi-node-2', JSON.parse(part) as ModelArtifact, 10) as { artifact_ref: { bytes: number; sha256: string } };
  const run = async (params: unknown, studio: EdgeServices['studio']) => {
    const command = { id: 'cmd_x', node: 'pi-node-2', type: 'model.deploy', params, createdAt: 0, deadline: Date.now() + 10_000, maxResultBytes: 1e6, attempt: 1 } satisfies WireCommand;
    try {
      await modelDeploy.run(params, { command, services: { node: 'pi-node-2', store: { query: () => [] }, dataDir: dir, log: () => {}, models: scorer, ...(studio ? { studio } : {}) }, signal: new AbortController().signal });
      return 'deployed';
    } catch (err) {
      assert.ok(err instanceof CommandError);
      return `${err.reason}: ${err.message}`;
    }
  };
  try {
    serve = part.replace('m-v1', 'm-v2');
    assert.match(await run(good, { url }), /^artifact_digest_mismatch: .* says \d+ bytes with sha256:/);
    serve = `${part}   `;
    assert.match(await run(good, { url }), /^artifact_fetch_failed: .*more than the \d+ bytes/);
    server.close();
    assert.match(await run(good, { url }), /^artifact_fetch_failed: fetching m-v1 from http:\/\/127\.0\.0\.1:\d+: GET .*ECONNREFUSED/);
    assert.match(await run(good, undefined), /^artifact_fetch_failed: pi-node-2 has no studio URL/);
    assert.match(await run({ artifact_ref: { ...good.artifact_ref, bytes: 1e12 } }, { url }), /^bad_params: artifact_ref\.bytes/);
    assert.match(await run({ artifact_ref: 'x' }, { url }), /^bad_params/);
    assert.equal(scorer.status(), undefined, 'no model was deployed');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
