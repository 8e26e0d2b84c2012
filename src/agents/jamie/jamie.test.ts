import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../../studio/server.js';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';

const READ = 'read-token-1234';
const ADMIN = 'admin-token-1234';

/** A local stand-in for the Pi cluster's Kubernetes API: records every call, answers like the API server. */
async function fakeKube() {
  const calls: { method: string; url: string; auth: string; body: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += String(c);
    calls.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body });
    const json = (status: number, o: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    if (req.headers.authorization !== 'Bearer pi-token') return json(401, { kind: 'Status', code: 401 });
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'GET' && url.pathname === '/api/v1/namespaces/iot/pods') {
      const node = /spec.nodeName=([a-z0-9-]+)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
      return json(200, { items: node === 'pi-node-2' ? [{ metadata: { name: 'sensor-collector-x7k2p' } }] : [] });
    }
    if (req.method === 'GET' && url.pathname === '/apis/apps/v1/namespaces/iot/deployments') return json(200, { items: [{ metadata: { name: 'ollama-edge' }, spec: { replicas: 1, template: { spec: { containers: [{ image: 'ollama/ollama:0.5.7' }], nodeSelector: { role: 'edge-worker' } } } }, status: { readyReplicas: 1 } }] });
    if (req.method === 'GET' && url.pathname === '/apis/apps/v1/namespaces/iot/daemonsets') return json(200, { items: [{ metadata: { name: 'sensor-collector' }, spec: { template: { spec: { containers: [{ image: 'sensor-collector:v1.1.0' }] } } }, status: { desiredNumberScheduled: 3, numberReady: 3 } }] });
    if (req.method === 'DELETE' || req.method === 'PATCH') return json(200, { kind: 'Status', status: 'Success' });
    return json(404, { kind: 'Status', code: 404 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { calls, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('agent-jamie: plans shown, executed only after an admin approves, dry run by default, audited', () => {
  let kube: Awaited<ReturnType<typeof fakeKube>>;
  let studio: StudioServer;
  let real: StudioServer;
  before(async () => {
    kube = await fakeKube();
    const env = { JAMIE_KUBE_URL: kube.url, JAMIE_KUBE_TOKEN: 'pi-token' };
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), tokens: `${READ}:read,${ADMIN}:admin`, enabledAgents: ['agent-jamie'] }, env);
    real = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), enabledAgents: ['agent-jamie'] }, { ...env, JAMIE_DRY_RUN: '0' });
    await studio.start();
    await real.start();
  });
  after(async () => { await studio.stop(); await real.stop(); kube.server.close(); });
  const call = async (s: StudioServer, method: string, path: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: await res.json() as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const mutating = () => kube.calls.filter((c) => c.method !== 'GET');

  test('a restart is a plan with its kubectl steps; nothing reaches the cluster until an admin approves; refusals and the execution are logged', async () => {
    const asked = await call(studio, 'POST', '/agents/agent-jamie/query', READ, { query: 'restart the collector on pi-node-2' });
    assert.equal(asked.status, 200);
    assert.equal(asked.body.agent, 'agent-jamie');
    const id = asked.body.data.id as string;
    assert.match(asked.body.response, /kubectl --context pi -n iot delete pod -l app=sensor-collector --field-selector spec.nodeName=pi-node-2/);
    assert.match(asked.body.response, /Nothing has been changed/);
    assert.equal(kube.calls.length, 0, 'planning touches nothing');
    const refused = await call(studio, 'POST', `/api/v1/agents/agent-jamie/actions/${id}/approve`, READ);
    assert.equal(refused.status, 403);
    const refusedChat = await call(studio, 'POST', '/agents/agent-jamie/query', READ, { query: `approve ${id}` });
    assert.equal(refusedChat.status, 403);
    assert.equal(mutating().length, 0, 'refused twice, still nothing');
    const approved = await call(studio, 'POST', `/api/v1/agents/agent-jamie/actions/${id}/approve`, ADMIN, { by: 'ops' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.data.state, 'executed');
    assert.deepEqual(mutating().map((c) => [c.method, c.url]), [['DELETE', '/api/v1/namespaces/iot/pods/sensor-collector-x7k2p?dryRun=All']], 'the listed pod, as a dry run');
    assert.equal((await call(studio, 'POST', `/api/v1/agents/agent-jamie/actions/${id}/approve`, ADMIN)).status, 409, 'not twice');
    assert.equal(mutating().length, 1);
    const log = await call(studio, 'GET', '/api/v1/agents/agent-jamie/actions', READ);
    const entry = (log.body.actions as { id: string; state: string; detail: { refusals: unknown[]; approved_by: string; dry_run: boolean; results: { method: string; status: number }[] } }[]).find((a) => a.id === id)!;
    assert.equal(entry.state, 'executed');
    assert.equal(entry.detail.refusals.length, 2);
    assert.equal(entry.detail.approved_by, 'ops');
    assert.equal(entry.detail.dry_run, true);
    assert.deepEqual(entry.detail.results.map((r) => [r.method, r.status]), [['GET', 200], ['DELETE', 200]]);
  });

  test('with JAMIE_DRY_RUN=0 an approved scale is real; a rollout plan is a valid DaemonSet for the place; a restart on a node without the pod fails honestly', async () => {
    const before = mutating().length;
    const scale = await call(real, 'POST', '/agents/agent-jamie/query', undefined, { query: 'scale ollama-edge to 0' });
    assert.equal(mutating().length, before);
    await call(real, 'POST', `/api/v1/agents/agent-jamie/actions/${scale.body.data.id}/approve`, undefined);
    const patch = mutating().at(-1)!;
    assert.deepEqual([patch.method, patch.url, JSON.parse(patch.body)], ['PATCH', '/apis/apps/v1/namespaces/iot/deployments/ollama-edge/scale', { spec: { replicas: 0 } }]);
    const rollout = await call(real, 'POST', '/agents/agent-jamie/query', undefined, { query: 'Roll out sensor-collector v1.2.0 to warehouse-b' });
    const manifest = rollout.body.data.plan.manifests[0];
    new DaemonSet(manifest).validate();
    assert.equal(manifest.spec.template.spec.nodeSelector['homelab/location'], 'warehouse-b');
    assert.equal(manifest.spec.template.spec.containers[0].image, 'sensor-collector:v1.2.0');
    const nowhere = await call(real, 'POST', '/agents/agent-jamie/query', undefined, { query: 'restart the collector on pi-node-9' });
    const failed = await call(real, 'POST', `/api/v1/agents/agent-jamie/actions/${nowhere.body.data.id}/approve`, undefined);
    assert.equal(failed.body.data.state, 'failed');
    assert.match(failed.body.response, /no pod matched/);
  });

  test('"what is deployed where?" reads the cluster at once (no approval), and an unknown request says what jamie can do', async () => {
    const inv = await call(studio, 'POST', '/agents/agent-jamie/query', READ, { query: 'What is deployed where?' });
    assert.match(inv.body.response, /Deployment ollama-edge: ollama\/ollama:0\.5\.7 on role=edge-worker, 1\/1 ready/);
    assert.match(inv.body.response, /DaemonSet sensor-collector: sensor-collector:v1\.1\.0, 3\/3 ready/);
    const help = await call(studio, 'POST', '/agents/agent-jamie/query', READ, { query: 'make me a sandwich' });
    assert.match(help.body.response, /I can restart/);
    const agents = await call(studio, 'GET', '/api/v1/agents', READ);
    const jamie = agents.body.agents.find((a: { name: string }) => a.name === 'agent-jamie');
    assert.deepEqual(jamie.capabilities.find((c: { name: string }) => c.name === 'execute_action').scope, 'admin');
  });
});
