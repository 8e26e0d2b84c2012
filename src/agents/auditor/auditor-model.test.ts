import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../../studio/server.js';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';
import { fakeChatModel, say } from '../../../test/support/fake-chat-model.js';

/** A model whose report is written by `write` from the evidence (the tool results) it was sent. */
const model = (write: (evidence: { health?: { health?: { cpu_pct: number; top: { name: string; cpu_pct: number }[] } } }) => string) =>
  fakeChatModel(({ messages }) => {
    const user = messages.find((m) => m.role === 'user')!.content!;
    return say(write(JSON.parse(user.slice(user.indexOf('Tool results: ') + 'Tool results: '.length)) as Parameters<typeof write>[0]));
  });

async function receiver() {
  const got: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += String(c); });
    req.on('end', () => { got.push(JSON.parse(b) as Record<string, unknown>); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const ce = (id: string, node: string, cpu: number, top: string) => JSON.stringify({ specversion: '1.0', id, source: `/edge/${node}`, type: 'io.homelab.edge.health',
  data: { node, ts: Date.now() - 10_000, cpu_pct: cpu, mem_pct: 40, temp_c: 55, disk_pct: 20, location: 'lab', top: [{ name: top, cpu_pct: cpu - 5, mem_pct: 1 }] } });
const am = (node: string, group: string) => JSON.stringify({
  version: '4', groupKey: group, status: 'firing', receiver: 'auditor', commonLabels: { alertname: 'NodeHighCPU', node, severity: 'warning' },
  alerts: [{ status: 'firing', labels: { alertname: 'NodeHighCPU', node }, annotations: {}, startsAt: '2026-12-01T09:00:00Z', fingerprint: group }],
});

interface Report { key: string; text: string; written_by: string; model_error?: string }

describe('agent-auditor with a model: the model writes the report from the tool results, and every number in it is checked', () => {
  let studio: StudioServer;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let llm: Awaited<ReturnType<typeof model>>;
  /** What the scripted model writes next, from the evidence it was given. */
  let writer: Parameters<typeof model>[0] = () => 'unset';
  before(async () => {
    hook = await receiver();
    llm = await model((e) => writer(e));
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), llm: { baseUrl: llm.url, model: 'scripted-auditor' } }, { AUDITOR_WEBHOOK_URL: hook.url, AGENTS: 'agent-bruno,agent-auditor' });
    await studio.start();
    for (const body of [ce('h2', 'pi-node-2', 64.3, 'mosquitto'), ce('h4', 'pi-node-4', 22.9, 'sshd')]) {
      assert.equal((await fetch(`${studio.url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/cloudevents+json' } })).status, 202);
    }
  });
  after(async () => { await studio.stop(); hook.server.close(); await llm.close(); });
  const alert = async (node: string, group: string): Promise<Report> => {
    const before = llm.requests.length;
    assert.equal((await fetch(`${studio.url}/webhooks/alertmanager`, { method: 'POST', body: am(node, group), headers: { 'content-type': 'application/json' } })).status, 202);
    await studio.agents!.settled();
    assert.equal(llm.requests.length, before + 1, 'the model was asked once for the report');
    const mine = hook.got.filter((g) => g.key === `alert:${group}`) as unknown as Report[];
    assert.equal(mine.length, 1, 'one report per group');
    return mine[0]!;
  };

  test("the summary is the model's, written from this alert's tool results", async () => {
    writer = (e) => `pi-node-2 has been at ${e.health!.health!.cpu_pct}% CPU; ${e.health!.health!.top[0]!.name} uses ${e.health!.health!.top[0]!.cpu_pct}%. Restart it.`;
    const r = await alert('pi-node-2', 'm-ok');
    assert.equal(r.text, 'pi-node-2 has been at 64.3% CPU; mosquitto uses 59.3%. Restart it.');
    assert.equal(r.written_by, 'scripted-auditor');
    assert.equal(r.model_error, undefined);
    // The model saw the stored figures of this node only.
    const sent = llm.requests.at(-1)!.messages.find((m) => m.role === 'user')!.content!;
    assert.match(sent, /64\.3/);
    assert.doesNotMatch(sent, /22\.9|sshd/);
  });

  test('a model that invents a figure is caught: the model-free report is posted, saying why', async () => {
    writer = () => 'pi-node-4 is at 97.5% CPU, sshd is runaway.';
    const r = await alert('pi-node-4', 'm-invented');
    assert.equal(r.written_by, 'model-free');
    assert.doesNotMatch(r.text, /97\.5/);
    assert.match(r.text, /CPU 22\.9%/);
    assert.match(r.model_error ?? '', /numbers no tool returned: 97\.5/);
  });

  test("a figure that is true elsewhere in the store but not in this alert's results is caught too", async () => {
    // 64.3 is pi-node-2's stored CPU: real data, but not what this report about pi-node-4 looked up.
    writer = (e) => `pi-node-4 is at ${e.health!.health!.cpu_pct}% CPU, like pi-node-2 at 64.3%.`;
    const r = await alert('pi-node-4', 'm-elsewhere');
    assert.equal(r.written_by, 'model-free');
    assert.doesNotMatch(r.text, /64\.3|pi-node-2/);
    assert.match(r.model_error ?? '', /64\.3/);
  });

  test('the finding recorded on the incident is the text that was posted', async () => {
    writer = (e) => `CPU ${e.health!.health!.cpu_pct}% on pi-node-2, mosquitto the likely cause.`;
    const r = await alert('pi-node-2', 'm-recorded') as Report & { incident_id: string };
    const detail = await (await fetch(`${studio.url}/api/v1/graph/incidents/${encodeURIComponent(r.incident_id)}`)).json() as { incident?: { props: { finding?: string } }; props?: { finding?: string } };
    assert.equal((detail.incident ?? detail).props?.finding, r.text);
  });
});
