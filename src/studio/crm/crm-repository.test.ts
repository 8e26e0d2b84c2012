import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmRepository } from './crm-repository.js';
import { SqliteCrmRepository } from './sqlite-crm-repository.js';
import { PostgresCrmRepository } from './postgres-crm-repository.js';
import type { Activity, Contact, Deal, Reminder } from './model.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

const contact = (id: string, at: number, company_id?: string): Contact => ({ id, name: `Person ${id}`, email: `${id}@example.com`, ...(company_id ? { company_id } : {}), created_at: at, updated_at: at });
const deal = (id: string, at: number, links: Partial<Deal> = {}): Deal => ({ id, name: `Deal ${id}`, stage: 'proposal', amount: 100, currency: 'USD', expected_close: '2026-12-01', created_at: at, updated_at: at, ...links });
const activity = (id: string, at: number, links: Partial<Activity>): Activity => ({ id, type: 'call', at, created_at: at, updated_at: at, ...links });
const reminder = (id: string, due: number, links: Partial<Reminder> = {}): Reminder => ({ id, due_at: due, text: 'call back', state: 'pending', created_at: 0, updated_at: 0, ...links });

/** What every engine must do; `second` is another instance on the same storage (another replica). */
function contract(name: string, skip: string | false, make: () => CrmRepository, second: () => CrmRepository, teardown: () => Promise<void>) {
  describe(`CrmRepository contract: ${name}`, { skip }, () => {
    let a: CrmRepository;
    let b: CrmRepository;
    before(async () => { a = make(); b = second(); await a.open(); await a.open(); await b.open(); });
    after(async () => { await a.close(); await b.close(); await teardown(); });

    test('put replaces by id; another instance reads it; list filters by link, newest first, bounded', async () => {
      await a.put('contacts', [contact('c1', 10, 'co1'), contact('c2', 20, 'co1'), contact('c3', 30, 'co2')]);
      await b.put('contacts', [{ ...contact('c1', 40, 'co1'), phone: '+1 555 0100' }]);
      assert.equal((await b.get('contacts', 'c1'))?.phone, '+1 555 0100');
      assert.deepEqual((await b.list('contacts', { company_id: 'co1' })).map((c) => c.id), ['c1', 'c2']);
      assert.deepEqual((await a.list('contacts', {}, 2)).map((c) => c.id), ['c1', 'c3']);
      assert.equal(await a.get('deals', 'c1'), undefined, 'kinds are apart');
    });

    test('linkedToAny ORs the links; no link gives nothing (never the whole table)', async () => {
      await a.put('activities', [activity('a1', 1, { deal_id: 'd1' }), activity('a2', 2, { company_id: 'co9' }), activity('a3', 3, { contact_id: 'c9' }), activity('a4', 4, { company_id: 'other' })]);
      assert.deepEqual((await a.linkedToAny('activities', { deal_id: 'd1', company_id: 'co9', contact_id: 'c9' })).map((x) => x.id).sort(), ['a1', 'a2', 'a3']);
      assert.deepEqual(await a.linkedToAny('activities', {}), []);
    });

    test('erasing a contact removes it, its activities and reminders, unlinks its deals; nothing else goes', async () => {
      await a.put('contacts', [contact('gone', 1, 'coX'), contact('stays', 1, 'coX')]);
      await a.put('activities', [activity('g1', 1, { contact_id: 'gone' }), activity('g2', 2, { contact_id: 'gone', deal_id: 'dX' }), activity('s1', 3, { contact_id: 'stays' })]);
      await a.put('reminders', [reminder('r1', 5, { contact_id: 'gone' }), reminder('r2', 5, { contact_id: 'stays' })]);
      await a.put('deals', [deal('dX', 1, { contact_id: 'gone', company_id: 'coX' })]);
      assert.deepEqual(await b.eraseContact('gone'), { contact: true, activities: 2, reminders: 1, deals_unlinked: 1 });
      assert.equal(await a.get('contacts', 'gone'), undefined);
      assert.deepEqual((await a.list('activities', { contact_id: 'gone' })), []);
      assert.equal((await a.get('activities', 's1'))?.contact_id, 'stays');
      assert.equal((await a.get('reminders', 'r2'))?.id, 'r2');
      const d = await a.get('deals', 'dX');
      assert.equal(d?.contact_id, undefined);
      assert.equal(d?.company_id, 'coX', 'the deal stays, without the person');
      assert.deepEqual(await a.list('deals', { contact_id: 'gone' }), []);
      assert.deepEqual(await a.eraseContact('gone'), { contact: false, activities: 0, reminders: 0, deals_unlinked: 0 });
    });

    test('due reminders: pending and due only, oldest first, bounded; delete says whether it existed', async () => {
      await a.put('reminders', [reminder('due2', 200), reminder('due1', 100), reminder('later', 900), { ...reminder('sent', 50), state: 'sent' }]);
      assert.deepEqual((await b.dueReminders(500, 10)).filter((r) => r.id.startsWith('due') || r.id === 'sent' || r.id === 'later').map((r) => r.id), ['due1', 'due2']);
      assert.equal((await b.dueReminders(500, 1)).length, 1);
      assert.equal(await a.delete('reminders', 'due1'), true);
      assert.equal(await a.delete('reminders', 'due1'), false);
    });

    test('a large put lands whole (one transaction)', async () => {
      const many = Array.from({ length: 1200 }, (_, i) => deal(`bulk-${i}`, 1000 + i));
      await a.put('deals', many);
      assert.equal((await b.list('deals')).filter((d) => d.id.startsWith('bulk-')).length, 1200);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'crm-repo-'));
contract('sqlite', false, () => new SqliteCrmRepository(join(dir, 'crm.db')), () => new SqliteCrmRepository(join(dir, 'crm.db')), async () => rmSync(dir, { recursive: true, force: true }));
const schema = randomSchema('test_crm');
contract('postgres', await pgSkipReason(), () => new PostgresCrmRepository(PG_URL, schema), () => new PostgresCrmRepository(PG_URL, schema), () => dropSchema(schema));
