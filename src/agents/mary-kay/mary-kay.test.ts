import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ungroundedNumbers } from '../runtime/grounding.js';
import { maryKayOver } from './agent-fixtures.js';
import { ReminderSender } from './reminders.js';
import { fakeChatModel, type FakeChatModel } from '../../../test/support/fake-chat-model.js';

const NOW = Date.UTC(2026, 11, 1, 15); // Tuesday 1 December 2026, 15:00 UTC
const DAY = 86_400_000;

async function seed(crm: Awaited<ReturnType<typeof maryKayOver>>['crm']) {
  const acme = await crm.create('companies', { name: 'Acme Inc' });
  const globex = await crm.create('companies', { name: 'Globex' });
  const jane = await crm.create('contacts', { name: 'Jane Doe', first_name: 'Jane', email: 'jane@acme.example', phone: '+1 555 0142', company_id: acme.id });
  const bob = await crm.create('contacts', { name: 'Bob Stone', email: 'bob@globex.example', company_id: globex.id });
  await crm.create('deals', { name: 'Acme rollout', stage: 'proposal', amount: 12000, currency: 'USD', expected_close: '2026-12-18', company_id: acme.id, contact_id: jane.id, owner: 'Mary Kay' });
  const globexDeal = await crm.create('deals', { name: 'Globex renewal', stage: 'negotiation', amount: 5000, currency: 'EUR', expected_close: '2026-12-03', company_id: globex.id, contact_id: bob.id });
  await crm.repo.put('deals', [{ ...globexDeal, created_at: NOW - 30 * DAY, updated_at: NOW - 30 * DAY }]);
  for (const [name, stage, amount, closed] of [['Q3 a', 'won', 3000, '2026-07-15'], ['Q3 b', 'won', 4000, '2026-09-30'], ['Q2 a', 'won', 2500, '2026-05-02'], ['Q2 b', 'lost', 8000, '2026-06-30'], ['Q4 x', 'won', 999, '2026-10-01']] as const) {
    await crm.create('deals', { name, stage, amount, currency: 'USD', expected_close: closed, closed_at: Date.parse(`${closed}T10:00:00Z`), company_id: globex.id });
  }
  return { acme, globex, jane, bob };
}

/** A fake OpenAI-compatible model: records every request; `reply(n, body)` answers the n-th. */
async function fakeModel(reply: (n: number, body: string) => unknown) {
  const model = await fakeChatModel((request, n) => reply(n, request.body));
  return { model, get bodies() { return model.requests.map((r) => r.body); }, llm: { baseUrl: model.url, model: 'fake' } };
}

const grounded = (a: { response: string; data: Record<string, unknown> }) => assert.deepEqual(ungroundedNumbers(a.response, [JSON.stringify(a.data)], [14]), [], a.response);

describe('agent-mary-kay without a model', () => {
  let x: Awaited<ReturnType<typeof maryKayOver>>;
  let ids: Awaited<ReturnType<typeof seed>>;
  before(async () => { x = await maryKayOver(NOW); ids = await seed(x.crm); });
  after(() => x.close());

  test('"log a call with Acme: they want a quote by Friday" stores the activity and a reminder for Friday; a read token is refused and nothing is stored', async () => {
    const refused = await x.agent.ask({ query: 'log a call with Acme: they want a quote by Friday', scopes: ['read'] });
    assert.equal(refused.status, 403);
    assert.equal((await x.crm.list('activities')).length, 0);
    const a = await x.agent.ask({ query: 'log a call with Acme: they want a quote by Friday' });
    assert.equal(a.intent, 'log_activity');
    const [activity] = await x.crm.list('activities');
    assert.equal(activity?.type, 'call');
    assert.equal(activity?.company_id, ids.acme.id);
    assert.equal(activity?.body, 'they want a quote by Friday');
    const [reminder] = await x.crm.list('reminders');
    assert.equal(reminder?.due_at, Date.UTC(2026, 11, 4, 9), 'Friday 4 December, 09:00 UTC');
    assert.equal(reminder?.company_id, ids.acme.id);
    assert.match(a.response, /Logged a call with Acme Inc on 2026-12-01 against Acme rollout\. Reminder set for 2026-12-04/);
    grounded(a);
  });

  test('an unknown company is an honest "no record", nothing is created, and no other record\'s figures appear', async () => {
    const before = (await x.crm.list('activities')).length;
    for (const q of ['log a call with Initech: call back Monday', 'draft a follow-up to Initech', 'what do we know about Initech?']) {
      const a = await x.agent.ask({ query: q });
      assert.match(a.response, /^No record of "Initech"/, q);
      assert.doesNotMatch(a.response, /\d/, `no figures at all: ${a.response}`);
    }
    assert.equal((await x.crm.list('activities')).length, before);
  });

  test('"draft a follow-up to Acme" is written from the stored facts only', async () => {
    const a = await x.agent.ask({ query: 'draft a follow-up to Acme' });
    assert.equal(a.intent, 'draft_follow_up');
    assert.match(a.response, /^Subject: Following up on Acme rollout/);
    assert.match(a.response, /Hi Jane,/);
    assert.match(a.response, /call on 2026-12-01\. I noted: "they want a quote by Friday"/);
    assert.match(a.response, /Acme rollout \(12000 USD\), which we planned to conclude by 2026-12-18/);
    assert.match(a.response, /ready by 2026-12-04/);
    assert.doesNotMatch(a.response, /Globex|5000|EUR/);
    grounded(a);
  });

  test('pipeline this month: by currency and stage, weighted by the stage table', async () => {
    const a = await x.agent.ask({ query: "what's in my pipeline this month?" });
    assert.match(a.response, /Pipeline for 2026-12 \(2026-12-01 to 2026-12-31\), EUR: 1 open deal, 5000 EUR, weighted 4000 EUR\.\n- negotiation \(80%\): 1 deal/);
    assert.match(a.response, /USD: 1 open deal, 12000 USD, weighted 7200 USD\.\n- proposal \(60%\): 1 deal, 12000 USD, weighted 7200 USD/);
    grounded(a);
  });

  test('"who should I call today?" ranks with reasons; a reminder due today outranks a deal closing soon', async () => {
    const a = await x.agent.ask({ query: 'Who should I call today?' });
    assert.match(a.response, /^Who to call today \(2026-12-01\)/);
    assert.match(a.response, /1\. Bob Stone \(Globex\): Globex renewal is expected to close 2026-12-03 \(5000 EUR, negotiation\); no activity on Globex renewal for 30 days/);
    assert.doesNotMatch(a.response, /Jane/, 'Acme was called today and its deal closes in 17 days');
    await x.crm.create('reminders', { due_at: NOW - 3600_000, text: 'send Jane the contract', contact_id: ids.jane.id, company_id: ids.acme.id });
    const b = await x.agent.ask({ query: 'who should I call today?' });
    assert.match(b.response, /1\. Jane Doe \(Acme Inc\): reminder due 2026-12-01: send Jane the contract\n2\. Bob Stone/);
    grounded(b);
  });

  test('"how did Q3 close against Q2?": won, won amount, lost and win rate per quarter, by close time', async () => {
    const a = await x.agent.ask({ query: 'How did Q3 close against Q2?' });
    assert.equal(a.response, 'USD: Q3 2026: 2 won for 7000 USD, 0 lost, win rate 100%; Q2 2026: 1 won for 2500 USD, 1 lost, win rate 50% (Q3 2026 closed more).');
    grounded(a);
  });

  test('stalled deals: the 30-day-idle Globex deal, not Acme (called today)', async () => {
    const a = await x.agent.ask({ query: 'which deals have had no activity for 14 days?' });
    assert.match(a.response, /^1 open deal has had no activity for 14 days or more:\n- Globex renewal \(Globex\): negotiation, 5000 EUR, no activity ever, idle 30 days$/);
    const none = await x.agent.ask({ query: 'any deals stalled for 45 days?' });
    assert.equal(none.response, 'No open deal has gone 45 days without activity.');
  });

  test('deleting a contact removes its activities and reminders; its deals stay without it', async () => {
    await x.crm.create('activities', { type: 'email', at: NOW, contact_id: ids.bob.id, body: 'sent pricing' });
    const erased = await x.crm.delete('contacts', ids.bob.id);
    assert.deepEqual(erased, { contact: true, activities: 1, reminders: 0, deals_unlinked: 1 });
    assert.equal((await x.crm.list('activities')).some((a) => a.contact_id === ids.bob.id), false);
    assert.equal((await x.crm.findByName('contacts', 'Bob Stone')).length, 0);
    assert.equal((await x.crm.findByName('companies', 'globex')).length, 1);
  });
});

describe('agent-mary-kay with a model: personal data stays unless CRM_MODEL_PERSONAL_DATA allows it', () => {
  const models: FakeChatModel[] = [];
  after(() => Promise.all(models.map((m) => m.close())));
  const call = { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'draft_follow_up', arguments: '{"with":"Acme"}' } }] };
  const PERSONAL = ['Jane', 'jane@acme.example', '555 0142', 'quote by Friday', 'Doe'];

  test('off (default): tool results reach the model with personal fields withheld; a question naming a person is not sent at all', async () => {
    const m = await fakeModel((n) => (n % 2 === 0 ? call : { role: 'assistant', content: 'Draft for Acme Inc about Acme rollout (12000 USD).' }));
    models.push(m.model);
    const x = await maryKayOver(NOW, { llm: m.llm });
    await seed(x.crm);
    await x.agent.ask({ query: 'log a call with Acme: they want a quote by Friday' }); // a model turn too
    const a = await x.agent.ask({ query: 'draft a follow-up to Acme' });
    assert.equal(a.intent, 'llm');
    assert.ok(m.bodies.length >= 2);
    for (const b of m.bodies) for (const p of PERSONAL) assert.ok(!b.includes(p), `"${p}" was sent to the model`);
    assert.ok(m.bodies.some((b) => b.includes('withheld')));
    const sent = m.bodies.length;
    const named = await x.agent.ask({ query: 'draft a follow-up to Jane Doe' });
    assert.equal(m.bodies.length, sent, 'the model was not asked');
    assert.equal(named.intent, 'draft_follow_up');
    assert.match(String(named.data.llm_error), /CRM_MODEL_PERSONAL_DATA/);
    assert.match(named.response, /Hi Jane,/, 'answered without the model');
    await x.close();
  });

  test('on: the model sees the stored facts; an answer with a figure no tool returned falls back to the template', async () => {
    const m = await fakeModel((n) => (n === 0 ? call : { role: 'assistant', content: 'Hi Jane, about the 12000 USD rollout.' }));
    models.push(m.model);
    const x = await maryKayOver(NOW, { llm: m.llm, share: true });
    await seed(x.crm);
    const a = await x.agent.ask({ query: 'draft a follow-up to Acme' });
    assert.equal(a.intent, 'llm');
    assert.ok(m.bodies[1]!.includes('jane@acme.example'));
    const liar = await fakeModel((n) => (n === 0 ? call : { role: 'assistant', content: 'Acme owes 98765 USD.' }));
    models.push(liar.model);
    const y = await maryKayOver(NOW, { llm: liar.llm, share: true });
    await seed(y.crm);
    const b = await y.agent.ask({ query: 'draft a follow-up to Acme' });
    assert.equal(b.intent, 'draft_follow_up');
    assert.match(String(b.data.llm_error), /98765/);
    await x.close();
    await y.close();
  });
});

describe('reminders go to the notification channels once', () => {
  test('a due reminder is posted once (claimed), marked sent; a failing channel leaves it pending with the error', async () => {
    const got: string[] = [];
    let fail = false;
    const hook = createServer(async (req, res) => {
      let body = '';
      for await (const c of req) body += String(c);
      if (fail) return res.writeHead(400).end();
      got.push(body);
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const x = await maryKayOver(NOW);
    const { acme } = await seed(x.crm);
    const due = await x.crm.create('reminders', { due_at: NOW - 1000, text: 'Acme Inc: they want a quote by Friday', company_id: acme.id });
    await x.crm.create('reminders', { due_at: NOW + DAY, text: 'later' });
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
    const sender = new ReminderSender(x.crm, x.domain.state, { intervalMs: 60_000, webhookUrl: url }, () => NOW);
    const other = new ReminderSender(x.crm, x.domain.state, { intervalMs: 60_000, webhookUrl: url }, () => NOW);
    const [r1, r2] = await Promise.all([sender.sweep(), other.sweep()]);
    assert.equal(r1.sent + r2.sent, 1, 'one replica sends it');
    assert.equal(got.length, 1);
    assert.match(got[0]!, /they want a quote by Friday/);
    assert.equal((await x.crm.get('reminders', due.id))?.state, 'sent');
    assert.deepEqual(await sender.sweep(), { sent: 0, failed: 0 });
    fail = true;
    const bad = await x.crm.create('reminders', { due_at: NOW - 10, text: 'x' });
    assert.deepEqual(await sender.sweep(), { sent: 0, failed: 1 });
    const after = await x.crm.get('reminders', bad.id);
    assert.equal(after?.state, 'pending');
    assert.equal(after?.attempts, 1);
    assert.match(String(after?.last_error), /400/);
    hook.close();
    await x.close();
  });
});
