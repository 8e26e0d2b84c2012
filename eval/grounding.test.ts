import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bruno } from '../src/agents/bruno/bruno.js';
import { ungroundedInAnswer } from '../src/agents/bruno/grounding.js';
import { devItems } from './dev/questions/index.js';
import { buildDevWorld } from './dev/world.js';

/**
 * The grounding invariant over the development set's world and phrasings (written apart from the
 * agent): every number in every answer is traceable to the `data` it was written from.
 */
test('every number in every development-set answer is in its data', { timeout: 180_000 }, async () => {
  const world = await buildDevWorld();
  const bruno = new Bruno(world.store, undefined, () => world.now);
  const loose: string[] = [];
  try {
    for (const item of devItems(world)) {
      if (item.setup) continue; // items that need rules set up first are alert edits: covered by the regression set
      const a = await bruno.ask(item.question);
      const bad = ungroundedInAnswer(a.response, a.data, world.now);
      if (bad.length) loose.push(`"${item.question}": ${bad.join(', ')} — ${a.response.split('\n')[0]}`);
    }
  } finally {
    await world.store.close();
  }
  assert.deepEqual(loose, []);
});
