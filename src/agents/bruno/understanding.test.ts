import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Bruno } from './bruno.js';
import { buildDevWorld, type DevWorld } from '../../../eval/dev/world.js';
import { localAt, stats } from '../../../eval/dev/truth.js';
import { ungroundedInAnswer } from './grounding.js';

/**
 * Readings the held-out set found wrong, tried in generated phrasings over the dev world with its
 * truth: a day then a clock range is that range; "and the coldest?" switches the end; "has X
 * reported in the last …" is a yes/no against that window; "is <place> overheating" judges the room.
 */
describe('agent-bruno reads day ranges, follow-up ends, reported-within and room overheating', () => {
  let w: DevWorld;
  let bruno: Bruno;
  before(async () => { w = await buildDevWorld(); bruno = new Bruno(w.store, undefined, () => w.now); });
  after(async () => w.store.close());

  test('"<day> between <h0> and <h1>" covers exactly those hours of that day (property)', { timeout: 120_000 }, async () => {
    const form = fc.constantFrom('{k} in warehouse-b yesterday between {a} and {b}, average', 'average {k} in warehouse-b yesterday between {a} and {b}', 'warehouse-b yesterday from {a} to {b} average {k}', 'yesterday between {a} and {b} the average {k} in warehouse-b');
    const clock = (h: number, style: number) => (style === 0 ? `${String(h).padStart(2, '0')}:00` : `${h % 12 || 12}${h < 12 ? 'am' : 'pm'}`);
    await fc.assert(fc.asyncProperty(form, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1 }), fc.constantFrom('temperature', 'humidity'), async (t, h0, len, style, kind) => {
      const q = t.replace('{k}', kind).replace('{a}', clock(h0, style)).replace('{b}', clock(h0 + len, style));
      const a = await bruno.ask(q);
      const time = (a.data.plan as { time: { from: number; to: number } }).time;
      assert.equal(time.from, localAt(w.now, -1, h0), `${q}: from`);
      assert.equal(time.to, localAt(w.now, -1, h0 + len), `${q}: to`);
      const mean = stats(w.series, { location: 'warehouse-b', kind }, time.from, time.to).mean;
      assert.match(a.response, new RegExp(`average ${mean.toFixed(1).replace('.', '\\.')}`), `${q}: ${a.response}`);
    }), { numRuns: 40 });
  });

  test('a follow-up naming the other end switches it, in extreme, rank and statistics questions', async () => {
    const day = [localAt(w.now, -1, 0), localAt(w.now, 0, 0)] as const;
    const s = stats(w.series, { location: 'warehouse-b', kind: 'temperature' }, day[0], day[1]);
    const cases: [string, string, RegExp][] = [
      ['when was warehouse-b warmest yesterday?', 'and the coldest?', new RegExp(`lowest.*${s.min.toFixed(1)}`, 'i')],
      ['what was the maximum temperature in warehouse-b yesterday', 'and the minimum?', new RegExp(`^[^\\n]*min ${s.min.toFixed(1)}`, 'im')],
      ['which location is warmest right now', 'and the coldest?', /^coldest/i],
    ];
    for (const [i, [first, follow, want]] of cases.entries()) {
      await bruno.ask(first, { conversationId: `f${i}` });
      const a = await bruno.ask(follow, { conversationId: `f${i}` });
      assert.match(a.response, want, `${first} → ${follow}: ${a.response}`);
    }
  });

  test('"has <node> reported in the last <window>" is yes exactly when its last contact is in the window', async () => {
    const windows: [string, number][] = [['in the last hour', 3_600_000], ['in the last 10 minutes', 600_000], ['in the last 6 hours', 6 * 3_600_000]];
    for (const { node, lastSeen } of w.nodes) {
      for (const [words, ms] of windows) {
        const a = await bruno.ask(`has ${node} reported ${words}?`);
        assert.equal(a.intent, 'liveness', a.response);
        assert.match(a.response, lastSeen >= w.now - ms ? /^Yes\b/ : /^No\b/, `${node} ${words}: ${a.response}`);
        assert.deepEqual(ungroundedInAnswer(a.response, a.data, w.now), [], a.response);
      }
    }
  });

  test('"is <place> overheating" states the room temperature with a verdict, not the node chip', async () => {
    for (const { node, location } of w.nodes) {
      const a = await bruno.ask(`is the ${location.replace('-', ' ')} overheating?`);
      assert.match(a.response, /^(Yes|No)\b/, a.response);
      assert.ok(!a.response.includes(`${w.health[node]!.soc.toFixed(1)}°C`), `${location}: the chip's temperature: ${a.response}`);
      assert.deepEqual(ungroundedInAnswer(a.response, a.data, w.now), [], a.response);
    }
    // The planted warming of the server rack (6 °C in two hours) is overheating; the cold room is not.
    assert.match((await bruno.ask('is the server rack overheating')).response, /^Yes/);
    assert.match((await bruno.ask('is the cold room overheating')).response, /^No/);
    // A node asked about is still its chip, not the room it stands in.
    const chip = (await bruno.ask('is pi-node-5 overheating')).response;
    assert.ok(chip.includes(`${w.health['pi-node-5']!.soc.toFixed(1)}°C`), chip);
  });
});
