import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../core/schemas.js';
import { createStudio } from '../../app/studio-app.js';

const READ = 'team-token-1';
const ADMIN = 'ops-token-1';

/**
 * Actions through /query need the scope their REST route needs: a read token cannot create,
 * change or delete alerts by asking (403, the answer says which scope is missing), an admin can;
 * the rule it makes is right (threshold from the comparison in the stored unit, for_s, channel).
 */
describe('POST /query: actions and scopes, alerts from language', () => {
  const store = new SqliteStore(':memory:');
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store, tokens: `${READ}:read,${ADMIN}:admin` });
  const ask = async (query: string, token: string) => {
    const res = await fetch(`${studio.url}/query`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { status: res.status, body: (await res.json()) as { intent: string; response: string; data: Record<string, unknown>; error?: { status: number; reason: string; message: string } } };
  };
  const rules = async () => ((await (await fetch(`${studio.url}/api/v1/alerts`, { headers: { authorization: `Bearer ${READ}` } })).json()) as { rules: { id: string; channels: unknown[]; condition: { value?: number; for_s?: number; op?: string }; filter: Record<string, string> }[] }).rules;

  before(async () => {
    await studio.start();
    const now = Date.now();
    await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: now }, readings: [
      ReadingSchema.parse({ node: 'pi-node-3', sensor: 'dht22-temperature', kind: 'temperature', value: 21, unit: '°C', ts: now - 60_000, location: 'warehouse-c' }),
    ] }]);
  });
  after(async () => studio.stop());

  test('a read token cannot create, change or delete alerts by asking; the 403 says which scope is missing', async () => {
    const denied = await ask('alert me if pi-node-3 temperature goes over 35°C', READ);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error?.reason, 'forbidden');
    assert.match(denied.body.response, /"admin" scope/);
    assert.equal(denied.body.data.missing_scope, 'admin');
    assert.deepEqual(await rules(), [], 'nothing created');
    const ok = await ask('alert me if pi-node-3 temperature goes over 35°C', ADMIN);
    assert.equal(ok.status, 200);
    const [rule] = await rules();
    for (const q of [`delete alert ${rule!.id}`, `change alert ${rule!.id} to 30`]) {
      const r = await ask(q, READ);
      assert.deepEqual([r.status, r.body.data.missing_scope], [403, 'admin'], q);
    }
    assert.equal((await rules()).length, 1, 'still there');
    assert.equal((await rules())[0]!.condition.value, 35, 'unchanged');
    assert.equal((await ask('list my alerts', READ)).status, 200, 'reading alerts needs only read');
    assert.equal((await ask(`delete alert ${rule!.id}`, ADMIN)).status, 200);
    assert.deepEqual(await rules(), []);
  });

  test('the threshold is the number of the comparison (not a digit of the node), converted; for_s and the channel kept; changed later by chat', async () => {
    const r = await ask('create an alert: pi-node-3 temperature over 80 °F for 10 minutes and post to slack https://hooks.slack.com/services/T0/B0/abc', ADMIN);
    assert.equal(r.body.intent, 'alert_create');
    const [rule] = await rules();
    assert.deepEqual([rule!.condition.op, rule!.condition.value, rule!.condition.for_s, rule!.filter], ['>', 26.7, 600, { kind: 'temperature', node: 'pi-node-3' }]);
    assert.deepEqual(rule!.channels, [{ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/abc' }]);
    assert.match(r.body.response, /26\.7/);
    const changed = await ask(`change alert ${rule!.id} to 30°C for 5 minutes`, ADMIN);
    assert.equal(changed.body.intent, 'alert_update', changed.body.response);
    const hook = await ask(`add webhook https://example.com/hook to alert ${rule!.id}`, ADMIN);
    assert.equal(hook.body.intent, 'alert_update', hook.body.response);
    const [after] = await rules();
    assert.deepEqual([after!.condition.value, after!.condition.for_s, after!.channels.length], [30, 300, 2]);
  });
});
