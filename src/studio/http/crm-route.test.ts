import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../server.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { dealFile, expectedRejects, renderFile } from '../crm/crm-csv-fixtures.js';

const READ = 'read-token-crm1';
const ADMIN = 'admin-token-crm1';
const bin = fileURLToPath(new URL('../../../bin/homelab.mjs', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, HOMELAB_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('/api/v1/crm and homelab crm import', () => {
  let studio: StudioServer;
  const dir = mkdtempSync(join(tmpdir(), 'crm-route-'));
  before(async () => {
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: dir, store: new SqliteStore(':memory:'), tokens: `${READ}:read,${ADMIN}:admin`, enabledAgents: ['agent-mary-kay'] }, {});
    await studio.start();
  });
  after(async () => { await studio.stop(); rmSync(dir, { recursive: true, force: true }); });
  const call = async (method: string, path: string, token: string | undefined, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${studio.url}${path}`, { method, headers: { 'content-type': type, connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  test('create, get, list by link, patch, delete; 4xx name the field; writing needs admin', async () => {
    assert.equal((await call('POST', '/api/v1/crm/companies', READ, { name: 'Acme Inc' })).status, 403);
    const acme = await call('POST', '/api/v1/crm/companies', ADMIN, { name: 'Acme Inc' });
    assert.equal(acme.status, 201);
    const bad = await call('POST', '/api/v1/crm/deals', ADMIN, { name: 'X', stage: 'proposal', amount: -1, currency: 'USD' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'amount');
    const badLink = await call('POST', '/api/v1/crm/contacts', ADMIN, { name: 'Jane', company_id: 'company-nope' });
    assert.equal(badLink.status, 400);
    assert.match(badLink.body.error.message, /no company company-nope/);
    assert.equal((await call('POST', '/api/v1/crm/contacts', ADMIN, { name: 'Jane', colour: 'blue' })).body.error.status, 400, 'unknown fields are refused');
    assert.equal((await call('POST', '/api/v1/crm/deals', ADMIN, '{oops')).body.error.reason, 'malformed_json');
    assert.equal((await call('GET', '/api/v1/crm/widgets', READ)).status, 404);
    const jane = await call('POST', '/api/v1/crm/contacts', ADMIN, { name: 'Jane Doe', email: 'jane@acme.example', company_id: acme.body.id });
    assert.equal((await call('POST', '/api/v1/crm/contacts', ADMIN, { id: jane.body.id, name: 'Again' })).status, 409);
    await call('POST', '/api/v1/crm/activities', ADMIN, { type: 'call', at: Date.now(), contact_id: jane.body.id, body: 'asked for a quote' });
    await call('POST', '/api/v1/crm/reminders', ADMIN, { due_at: Date.now() + 86_400_000, text: 'quote', contact_id: jane.body.id });
    const deal = await call('POST', '/api/v1/crm/deals', ADMIN, { name: 'Rollout', stage: 'proposal', amount: 1200, currency: 'EUR', expected_close: '2026-12-20', contact_id: jane.body.id, company_id: acme.body.id });
    assert.equal(deal.status, 201);
    assert.deepEqual((await call('GET', `/api/v1/crm/contacts?company_id=${acme.body.id}`, READ)).body.contacts.map((c: { name: string }) => c.name), ['Jane Doe']);
    const patched = await call('PATCH', `/api/v1/crm/deals/${deal.body.id}`, ADMIN, { stage: 'won', expected_close: null });
    assert.equal(patched.body.stage, 'won');
    assert.equal(patched.body.expected_close, null);
    assert.equal((await call('PATCH', `/api/v1/crm/deals/${deal.body.id}`, ADMIN, { stage: 'maybe' })).body.error.field, 'stage');
    assert.equal((await call('PATCH', '/api/v1/crm/deals/deal-nope', ADMIN, { stage: 'won' })).status, 404);
    assert.equal((await call('GET', '/api/v1/crm/deals?limit=0', READ)).body.error.field, 'limit');

    const exported = await call('GET', `/api/v1/crm/contacts/${jane.body.id}/export`, READ);
    assert.equal(exported.body.contact.email, 'jane@acme.example');
    assert.equal(exported.body.activities.length, 1);
    assert.equal(exported.body.reminders.length, 1);
    assert.equal(exported.body.deals.length, 1);
    const erased = await call('DELETE', `/api/v1/crm/contacts/${jane.body.id}`, ADMIN);
    assert.deepEqual(erased.body.deleted, { contact: true, activities: 1, reminders: 1, deals_unlinked: 1 });
    assert.deepEqual((await call('GET', `/api/v1/crm/activities?contact_id=${jane.body.id}`, READ)).body.activities, []);
    assert.equal((await call('GET', `/api/v1/crm/contacts/${jane.body.id}/export`, READ)).status, 404);
    assert.equal((await call('DELETE', `/api/v1/crm/contacts/${jane.body.id}`, ADMIN)).status, 404);
    assert.equal((await call('DELETE', `/api/v1/crm/deals/${deal.body.id}`, ADMIN)).status, 204);
  });

  test('POST /api/v1/crm/import: a 1,000-deal export through the API, rejects by line; a file it cannot read is a 400 with the reason', async () => {
    const now = Date.now();
    const [file] = fc.sample(dealFile(now, 1000), { numRuns: 1, seed: 18 });
    const { text, lines } = renderFile(file!);
    assert.equal((await call('POST', '/api/v1/crm/import', READ, text, 'text/csv')).status, 403);
    const r = await call('POST', '/api/v1/crm/import', ADMIN, text, 'text/csv');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.rejected.map((x: { row: number }) => x.row), expectedRejects(file!, lines));
    assert.equal(r.body.imported, 1000 - r.body.rejected.length);
    const nope = await call('POST', '/api/v1/crm/import', ADMIN, 'Colour,Size\r\nblue,3\r\n', 'text/csv');
    assert.equal(nope.status, 400);
    assert.equal(nope.body.error.field, 'kind');
    const missing = await call('POST', '/api/v1/crm/import?kind=deals', ADMIN, 'Amount\r\n3\r\n', 'text/csv');
    assert.match(missing.body.error.message, /no column for name/);
    const junk = await call('POST', '/api/v1/crm/import', ADMIN, `Deal Name,Deal Stage\r\n${'x,nope\r\n'.repeat(1500)}`, 'text/csv');
    assert.equal(junk.body.rejected_total, 1500);
    assert.equal(junk.body.rejected.length, 1000, 'the list is bounded, the count is not');
    assert.match(junk.body.rejected[0].reason, /unknown deal stage "nope"/);
    const metrics = await (await fetch(`${studio.url}/metrics`, { headers: { authorization: `Bearer ${READ}` } })).text();
    assert.match(metrics, new RegExp(`homelab_crm_import_rows_total\\{outcome="rejected"\\} ${r.body.rejected.length + 1500}`));
    const pipe = await call('POST', '/agents/agent-mary-kay/query', READ, { query: "what's in my pipeline this month?" });
    assert.equal(pipe.body.agent, 'agent-mary-kay');
    assert.equal(pipe.body.intent, 'pipeline');
  });

  test('homelab crm import FILE: chunks keep the file\'s line numbers (--json), a bad flag is one line and exit 2', async () => {
    const [file] = fc.sample(dealFile(Date.now(), 1200), { numRuns: 1, seed: 7 });
    const { text, lines } = renderFile({ ...file!, crlf: false });
    const path = join(dir, 'deals.csv');
    writeFileSync(path, text);
    const r = await cli(['crm', 'import', path, '--url', studio.url, '--token', ADMIN, '--json', '--chunk-rows', '250']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { rows: number; imported: number; rejected: { row: number }[] };
    assert.equal(report.rows, 1200);
    assert.deepEqual(report.rejected.map((x) => x.row), expectedRejects(file!, lines));
    const human = await cli(['crm', 'import', path, '--url', studio.url, '--token', ADMIN]);
    assert.match(human.stdout, new RegExp(`^Imported ${report.imported} of 1200 deals .*: 0 new, ${report.imported} updated`));
    const badFlag = await cli(['crm', 'import', path, '--kind', 'widgets']);
    assert.equal(badFlag.code, 2);
    assert.equal(badFlag.stderr.trim().split('\n').length, 1);
    const refused = await cli(['crm', 'import', path, '--url', studio.url, '--token', READ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /HTTP 403/);
  });
});
