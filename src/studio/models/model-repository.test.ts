import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumProblem, sealArtifact, type ModelArtifact } from '../../core/model-artifact.js';
import { SqliteModelRepository, type Deployment, type ModelRepository } from './model-repository.js';
import { PostgresModelRepository } from './postgres-model-repository.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

/** A sealed artifact whose numbers would change if an engine rounded them or reordered keys. */
const artifact = (version: number, created_at: number, name = 'detector-baseline-temperature'): ModelArtifact => sealArtifact({
  id: `${name}-v${version}`, name, version, model_type: 'detector_baseline', target: 'temperature', created_at, trained_on: { from: 1, to: 2 },
  params: { z: 1, a: [3, 0.1 + 0.2], holdout: 0.2 },
  series: [{ node: 'pi-node-1', sensor: 's1', kind: 'temperature', unit: '°C', location: null, window: { from: 1, to: 2 }, points: 24, sample_interval_ms: 5000,
    baseline: { level: 21.12345678901234, alpha: 1e-300, profile: Array.from({ length: 48 }, (_, i) => Math.sin(i) / 7) }, metrics: { baseline: { tail_readings: 10, alarms_warm: 0, alarms_cold: 3, expected_mae: 0.1 } } }],
  metrics: { series: 1 },
});
const dep = (node: string, updated_at: number, over: Partial<Deployment> = {}): Deployment => ({ node, model_id: 'm-v1', version: 1, state: 'sending', reason: null, updated_at, command_id: 'cmd_1', ...over });

/** What every engine must do; `second` is another instance on the same storage (a restart, another replica). */
function contract(name: string, skip: string | false, make: () => ModelRepository, second: () => ModelRepository, teardown: () => Promise<void>) {
  describe(`ModelRepository contract: ${name}`, { skip }, () => {
    let a: ModelRepository;
    let b: ModelRepository;
    before(async () => { a = make(); b = second(); await a.open(); await a.open(); await b.open(); });
    after(async () => { await a.close(); await b.close(); await teardown(); });

    test('an artifact comes back byte for byte on another instance, checksums holding; ids and (name, version) are taken once', async () => {
      const v1 = artifact(1, 100);
      assert.equal(await a.nextVersion(v1.name), 1);
      assert.equal(await a.insert(v1), true);
      assert.equal(await b.insert(v1), false, 'the same id again');
      assert.equal(await b.insert({ ...v1, id: 'other-id' }), false, 'the same name and version under another id');
      assert.equal(await b.getText(v1.id), JSON.stringify(v1), 'the stored bytes, unchanged (a node checks a digest of them)');
      const back = (await b.get(v1.id))!;
      assert.deepEqual(back, v1);
      assert.equal(checksumProblem(back), undefined);
      assert.equal(await b.nextVersion(v1.name), 2);
      assert.equal(await b.get('nope'), undefined);
      assert.equal(await b.getText('nope'), undefined);
    });

    test('list: newest first, bounded, by name', async () => {
      await a.insert(artifact(2, 300));
      await b.insert(artifact(3, 200));
      await a.insert(artifact(1, 50, 'timeseries-forecast-humidity'));
      assert.deepEqual((await b.list(10)).map((x) => x.id), ['detector-baseline-temperature-v2', 'detector-baseline-temperature-v3', 'detector-baseline-temperature-v1', 'timeseries-forecast-humidity-v1']);
      assert.deepEqual((await b.list(2)).map((x) => x.version), [2, 3]);
      assert.deepEqual((await a.list(10, 'timeseries-forecast-humidity')).map((x) => x.id), ['timeseries-forecast-humidity-v1']);
      assert.equal(await a.nextVersion('detector-baseline-temperature'), 4);
    });

    test('deployments: newer reports win, an older one changes nothing, a report without a command keeps the command', async () => {
      await a.setDeployment(dep('pi-node-2', 10));
      await a.setDeployment(dep('pi-node-1', 10));
      await b.setDeployment(dep('pi-node-1', 20, { state: 'shadow', command_id: null }));
      await a.setDeployment(dep('pi-node-1', 15, { state: 'failed', reason: 'late' }));
      assert.deepEqual(await b.deployments(), [dep('pi-node-1', 20, { state: 'shadow' }), dep('pi-node-2', 10)]);
      await b.setDeployment(dep('pi-node-1', 30, { state: 'rolled_back', reason: 'alarm rate 4x', model_id: 'm-v2', version: 2, command_id: 'cmd_2' }));
      const [one] = await a.deployments();
      assert.deepEqual(one, dep('pi-node-1', 30, { state: 'rolled_back', reason: 'alarm rate 4x', model_id: 'm-v2', version: 2, command_id: 'cmd_2' }));
      assert.equal(typeof one!.updated_at, 'number');
    });

    test('what was stored survives a reopen', async () => {
      await a.close();
      a = make();
      await a.open();
      assert.equal((await a.list(100)).length, 4);
      assert.equal((await a.deployments()).length, 2);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'models-repo-'));
contract('sqlite', false, () => new SqliteModelRepository(join(dir, 'models.db')), () => new SqliteModelRepository(join(dir, 'models.db')), async () => rmSync(dir, { recursive: true, force: true }));
const schema = randomSchema('test_models');
contract('postgres', await pgSkipReason(), () => new PostgresModelRepository(PG_URL, schema), () => new PostgresModelRepository(PG_URL, schema), () => dropSchema(schema));
