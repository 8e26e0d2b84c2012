import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveEntities } from './entities.js';
import type { Catalog } from '../../studio/store/store.js';

const catalog: Catalog = {
  nodes: ['pi-node-1', 'pi-node-2', 'pi-node-3'],
  locations: ['warehouse-a', 'warehouse-b', 'warehouse-c', 'office'],
  kinds: ['temperature', 'humidity', 'pressure'],
  series: [],
};

test('"the warehouse" names every warehouse-* location', () => {
  const e = resolveEntities("What's the temperature in the warehouse?", catalog);
  assert.deepEqual(e.locations, ['warehouse-a', 'warehouse-b', 'warehouse-c']);
  assert.deepEqual(e.kinds, ['temperature']);
  assert.equal(e.placeLabel, 'warehouse');
});

test('loosely written locations and nodes', () => {
  assert.deepEqual(resolveEntities('humidity in warehouse b', catalog).locations, ['warehouse-b']);
  assert.deepEqual(resolveEntities('humidity in Warehouse-B please', catalog).locations, ['warehouse-b']);
  assert.deepEqual(resolveEntities('why is pi 3 slow', catalog).nodes, ['pi-node-3']);
  assert.deepEqual(resolveEntities('how is node three', catalog).nodes, ['pi-node-3']);
  assert.deepEqual(resolveEntities('Why is pi-node-3 under high load?', catalog).nodes, ['pi-node-3']);
  assert.deepEqual(resolveEntities('compare pi-node-1 and pi-node-2', catalog).nodes, ['pi-node-1', 'pi-node-2']);
});

test('kinds by synonym, and nothing invented', () => {
  assert.deepEqual(resolveEntities('how hot is it', catalog).kinds, ['temperature']);
  assert.deepEqual(resolveEntities('is the air too dry', catalog).kinds, ['humidity']);
  assert.deepEqual(resolveEntities('barometric readings', catalog).kinds, ['pressure']);
  const none = resolveEntities('temperature in the garage on pi 7', catalog);
  assert.deepEqual([none.locations, none.nodes], [[], []]);
});
