import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { EdgeDeploy, loadClusterAccess } from '../../src/sdk/index.js';

test('EdgeDeploy applies through the Kubernetes API of the kubeconfig context (server-side apply)', async () => {
  const calls: { method: string; url: string; type: string; auth: string; body: Record<string, unknown> }[] = [];
  const api = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += String(c);
    calls.push({ method: req.method!, url: req.url!, type: req.headers['content-type'] ?? '', auth: req.headers.authorization ?? '', body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(req.headers.authorization === 'Bearer pi-token' ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const dir = mkdtempSync(join(tmpdir(), 'kube-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: studio
contexts:
  - { name: pi, context: { cluster: pi, user: pi-admin } }
  - { name: studio, context: { cluster: studio, user: pi-admin } }
clusters:
  - { name: pi, cluster: { server: "http://127.0.0.1:${(api.address() as AddressInfo).port}" } }
  - { name: studio, cluster: { server: "http://127.0.0.1:1" } }
users:
  - { name: pi-admin, user: { token: pi-token } }
`);
  try {
    const deploy = new EdgeDeploy({ access: loadClusterAccess('pi', kubeconfig) });
    const r = await deploy.apply({ name: 'warehouse-sensors', image: 'sensor-collector:v1.2.0', env: { LOCATION: 'warehouse-b', REPORT_TO: 'agent-bruno' } });
    assert.equal(r.applied, true);
    const call = calls[0]!;
    assert.equal(call.method, 'PATCH');
    assert.equal(call.url, '/apis/apps/v1/namespaces/iot/deployments/warehouse-sensors?fieldManager=homelab&force=true');
    assert.equal(call.type, 'application/apply-patch+yaml');
    assert.equal(call.auth, 'Bearer pi-token');
    new Deployment(call.body as never).validate();
    const pod = (call.body.spec as { template: { spec: { nodeSelector: Record<string, string>; containers: { env: { name: string; value: string }[] }[] } } }).template.spec;
    assert.equal(pod.nodeSelector.role, 'edge-worker');
    assert.deepEqual(pod.containers[0]!.env, [{ name: 'LOCATION', value: 'warehouse-b' }, { name: 'REPORT_TO', value: 'agent-bruno' }]);
    await assert.rejects(new EdgeDeploy({ access: { ...loadClusterAccess('pi', kubeconfig), token: 'wrong' } }).apply({ name: 'x', image: 'y' }), /refused/);
    await assert.rejects(deploy.apply({ name: 'Bad_Name', image: 'y' }), /DNS label/);
    assert.throws(() => loadClusterAccess('nope', kubeconfig), /no context "nope"/);
    const cli = spawnSync(process.execPath, ['bin/homelab.mjs', 'deploy', 'warehouse-sensors', '--image', 'sensor-collector:v1.2.0', '-e', 'LOCATION=warehouse-b', '--every-node', '--dry-run'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const printed = parse(cli.stdout) as { kind: string; metadata: { namespace: string } };
    assert.deepEqual([printed.kind, printed.metadata.namespace], ['DaemonSet', 'iot']);
  } finally {
    api.close();
  }
});
