import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../studio/store/sqlite/sqlite-store.js';
import { CommandQueue } from '../studio/commands/command-queue.js';
import { ModelRegistry } from '../studio/models/model-registry.js';
import { SqliteModelRepository } from '../studio/models/model-repository.js';
import { commandSender } from '../studio/models/command-sender.js';
import { ModelScorer } from '../edge/models/model-scorer.js';
import { modelDeploy } from '../edge/commands/handlers/model-deploy.js';
import { CommandError } from '../edge/commands/handler.js';
import type { WireCommand } from '../core/commands.js';
import { simulatedRollups } from '../forge/sim-history.js';
import { forgeTrainer } from '../forge/trainer.js';
import type { IngestItem } from '../studio/store/store.js';

const H = 3_600_000;

/** The node's side of the channel, one poll: runs the real handler with a real scorer and answers. */
async function nodeTakes(queue: CommandQueue, node: string, scorer: ModelScorer): Promise<WireCommand[]> {
  const cmds = await queue.next(node, [], 3000);
  for (const cmd of cmds) {
    let outcome;
    try {
      const result = await modelDeploy.run(cmd.params, { command: cmd, services: { node, store: { query: () => [] }, dataDir: '', log: () => {}, models: scorer }, signal: new AbortController().signal });
      outcome = { ok: true as const, result };
    } catch (err) {
      outcome = { ok: false as const, error: { reason: err instanceof CommandError ? err.reason : 'handler_failed', message: (err as Error).message } };
    }
    await queue.complete(node, cmd.id, outcome, JSON.stringify(outcome).length);
  }
  return cmds;
}

test('POST …/deploy in the registry: each node gets only its series over the command channel, verifies and starts the shadow; a node offline keeps it queued; a tampered part fails with the node\'s reason', async () => {
  const now = Date.now();
  const store = new SqliteStore(':memory:');
  await store.open();
  const items: IngestItem[] = [];
  for (const node of ['pi-node-1', 'pi-node-2']) {
    const sim = simulatedRollups(node, 'dht22-temperature', now - 6 * H, now - 300_000, 5000);
    for (const r of sim.rollups) items.push({ event: { source: `/edge/${node}`, id: `${node}-${r.ts}`, type: 'io.homelab.edge.aggregate', time: r.ts }, aggregate: { node, window_start: r.ts, window_end: r.ts + 300_000, series: [{ sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: sim.location, count: r.count, min: r.min, max: r.max, mean: r.mean, last: r.mean }] } });
  }
  await store.ingest(items);
  const repo = new SqliteModelRepository(':memory:');
  await repo.open();
  const queue = new CommandQueue({ path: ':memory:' });
  await queue.open();
  const registry = new ModelRegistry({ repo, store, trainer: forgeTrainer() });
  registry.sender = commandSender(queue, { answerWaitMs: 2000 });
  const model = await registry.train({ model_type: 'detector_baseline', target: 'temperature', from: now - 6 * H, to: now });
  const scorer = new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'deploy-')), node: 'pi-node-2' });
  const [deployed, taken] = await Promise.all([registry.deploy(model.id, ['pi-node-2', 'pi-node-1']), nodeTakes(queue, 'pi-node-2', scorer)]);
  const byNode = Object.fromEntries(deployed.map((d) => [d.node, d]));
  assert.equal(byNode['pi-node-2']!.state, 'shadow', JSON.stringify(byNode['pi-node-2']));
  assert.equal(byNode['pi-node-1']!.state, 'sending', 'pi-node-1 is not polling: its command waits for it');
  const params = taken[0]!.params as { artifact: { series: { node: string }[] } };
  assert.deepEqual(params.artifact.series.map((s) => s.node), ['pi-node-2'], 'a node receives only its own series');
  assert.equal(scorer.status()!.state, 'shadow');
  // The same command again (a collector that died before answering gets it twice): nothing changes.
  assert.equal((await modelDeploy.run(taken[0]!.params, { command: taken[0]!, services: { node: 'pi-node-2', store: { query: () => [] }, dataDir: '', log: () => {}, models: scorer }, signal: new AbortController().signal }) as { state: string }).state, 'shadow');
  // pi-node-1 comes back later and takes its command: the studio's view follows the command.
  const other = new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'deploy-')), node: 'pi-node-1' });
  await nodeTakes(queue, 'pi-node-1', other);
  assert.equal((await registry.deployments()).get('pi-node-1')!.state, 'shadow');
  assert.deepEqual((await repo.deployments()).map((d) => d.node), ['pi-node-1', 'pi-node-2']);
  // A part whose checksum does not hold fails on the node with the reason, and the studio says so.
  const sent = await queue.send('pi-node-2', 'model.deploy', { artifact: { ...params.artifact, id: 'forged-v1' } });
  await nodeTakes(queue, 'pi-node-2', scorer);
  const view = (await queue.get(sent.id))!;
  assert.equal(view.state, 'failed');
  assert.equal(view.error!.reason, 'checksum_mismatch');
  assert.equal(scorer.status()!.model_id, model.id, 'the running model stays');
  await assert.rejects(registry.deploy(model.id, ['pi-node-9']), /no series of pi-node-9/);
  await queue.close();
  await store.close();
});
