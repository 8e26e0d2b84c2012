import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentStateRepository } from './agent-state.js';
import { SqliteAgentState } from './sqlite-agent-state.js';
import { PostgresAgentState } from './postgres-agent-state.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

/** What every engine must do; `second` opens another instance on the same storage (another replica). */
function contract(name: string, skip: string | false, make: () => AgentStateRepository, second: () => AgentStateRepository, teardown: () => Promise<void>) {
  describe(`AgentStateRepository contract: ${name}`, { skip }, () => {
    let a: AgentStateRepository;
    let b: AgentStateRepository;
    before(async () => { a = make(); b = second(); await a.open(); await a.open(); await b.open(); });
    after(async () => { await a.close(); await b.close(); await teardown(); });

    test('a turn saved by one instance is read by another; older than `since` is gone; per agent', async () => {
      await a.saveTurn('agent-bruno', 'c1', { plan: { operation: 'current' } }, 1000, 0);
      assert.deepEqual(await b.turn('agent-bruno', 'c1', 500), { plan: { operation: 'current' } });
      assert.equal(await b.turn('agent-bruno', 'c1', 1001), undefined, 'expired');
      assert.equal(await b.turn('agent-jamie', 'c1', 0), undefined, 'another agent has its own conversations');
      await b.saveTurn('agent-bruno', 'c1', { plan: { operation: 'trend' } }, 2000, 0);
      assert.deepEqual(await a.turn('agent-bruno', 'c1', 0), { plan: { operation: 'trend' } }, 'replaced, not appended');
      await a.saveTurn('agent-bruno', 'c2', { x: 1 }, 5000, 4000);
      assert.equal(await a.turn('agent-bruno', 'c1', 0), undefined, 'pruned as idle');
    });

    test('a claim is taken once across instances, concurrently too; released it can be taken again; old ones pruned', async () => {
      const results = await Promise.all([a.claim('k1', 100, 0), b.claim('k1', 100, 0), a.claim('k1', 100, 0), b.claim('k1', 101, 0)]);
      assert.equal(results.filter(Boolean).length, 1);
      await a.release('k1');
      assert.equal(await b.claim('k1', 200, 0), true);
      assert.equal(await a.claim('k1', 300, 250), true, 'the claim at 200 was older than the prune point');
    });

    test('actions: saved, replaced by id, listed newest first per agent, bounded by limit', async () => {
      await a.saveAction({ id: 'x1', agent: 'agent-jamie', state: 'planned', created_at: 10, updated_at: 10, detail: { steps: ['kubectl rollout restart'] } });
      await a.saveAction({ id: 'x2', agent: 'agent-jamie', state: 'planned', created_at: 20, updated_at: 20, detail: {} });
      await b.saveAction({ id: 'x1', agent: 'agent-jamie', state: 'executed', created_at: 10, updated_at: 30, detail: { approved_by: 'admin' } });
      await a.saveAction({ id: 'x3', agent: 'agent-other', state: 'planned', created_at: 40, updated_at: 40, detail: {} });
      assert.deepEqual((await b.actions('agent-jamie', 10)).map((r) => [r.id, r.state]), [['x2', 'planned'], ['x1', 'executed']]);
      assert.deepEqual((await a.action('agent-jamie', 'x1'))?.detail, { approved_by: 'admin' });
      assert.equal((await a.action('agent-jamie', 'x1'))?.created_at, 10);
      assert.equal((await a.actions('agent-jamie', 1)).length, 1);
      assert.equal(await a.action('agent-jamie', 'nope'), undefined);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'agent-state-'));
contract('sqlite', false, () => new SqliteAgentState(join(dir, 'agents.db')), () => new SqliteAgentState(join(dir, 'agents.db')), async () => rmSync(dir, { recursive: true, force: true }));
const schema = randomSchema('test_agents');
contract('postgres', await pgSkipReason(), () => new PostgresAgentState(PG_URL, schema), () => new PostgresAgentState(PG_URL, schema), () => dropSchema(schema));
