import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readGoal, readPeriod } from './parse.js';

const NOW = Date.UTC(2026, 11, 1, 15, 0); // a Tuesday
const name = fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.stringMatching(/^[a-z0-9]{1,2}$/)).map(([a, b]) => `${a}-${b}`);
const catalogArb = fc.record({ locations: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), nodes: fc.uniqueArray(fc.integer({ min: 1, max: 30 }).map((n) => `pi-node-${n}`), { minLength: 1, maxLength: 5 }) });

test('a known place is read as itself; a name one character off is refused by that name, never mapped to another place (property)', () => {
  fc.assert(fc.property(catalogArb, fc.nat(), fc.constantFrom('x', '9', 'q'), fc.boolean(), (c, pick, extra, asNode) => {
    const catalog = { ...c, kinds: ['temperature', 'humidity'], series: [] };
    const known = asNode ? c.nodes[pick % c.nodes.length]! : c.locations[pick % c.locations.length]!;
    const ok = readGoal(`set a goal: keep ${known} below 25 °C 99 % of the time this week`, catalog, NOW);
    assert.ok(ok.ok, JSON.stringify(ok));
    if (ok.ok) assert.deepEqual(ok.input.measure && 'scope' in ok.input.measure ? ok.input.measure.scope : undefined, asNode ? { node: known } : { location: known });
    const off = `${known}${extra}`;
    fc.pre(!c.locations.includes(off) && !c.nodes.includes(off));
    const refused = readGoal(`set a goal: keep ${off} below 25 °C 99 % of the time this week`, catalog, NOW);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.reason, new RegExp(`no data for "${off}"`));
  }), { numRuns: 300 });
});

test('the four measured kinds and a tracked goal, with their periods', () => {
  const catalog = { nodes: ['pi-node-3'], locations: ['warehouse-b', 'office'], kinds: ['temperature'], series: [] };
  const r = (t: string) => { const x = readGoal(t, catalog, NOW); if (!x.ok) assert.fail(x.reason); return x.input; };
  assert.deepEqual(r('set a goal: keep warehouse-b below 25 °C 99 % of the time this week').measure, { type: 'time_share', scope: { location: 'warehouse-b' }, kind: 'temperature', op: '<', threshold: 25, target_pct: 99 });
  assert.deepEqual(r('set a goal: pi-node-3 average CPU under 60 % by Friday').measure, { type: 'average', scope: { node: 'pi-node-3' }, kind: 'cpu', op: '<', threshold: 60 });
  assert.equal(r('set a goal: pi-node-3 average CPU under 60 % by Friday').deadline, Date.UTC(2026, 11, 5) - 1, 'the end of Friday, UTC');
  assert.deepEqual(r('set a goal: no critical anomalies in the office for 30 days').measure, { type: 'anomaly_free', scope: { location: 'office' }, min_severity: 'critical' });
  assert.deepEqual(r('set a goal: all nodes reporting 99.9 % of the month').measure, { type: 'reporting', scope: {}, target_pct: 99.9 });
  const tracked = r('set a goal: ship the dashboard by Dec 15, owner ana, key results: goals panel; 4 screenshots');
  assert.equal(tracked.measure, undefined);
  assert.equal(tracked.owner, 'ana');
  assert.equal(tracked.title, 'ship the dashboard by Dec 15');
  assert.deepEqual(tracked.key_results, [{ title: 'goals panel' }, { title: '4 screenshots', target: 4 }]);
  assert.deepEqual(readPeriod('this week', NOW), { start: Date.UTC(2026, 10, 30), deadline: Date.UTC(2026, 11, 7) - 1, said: 'this week' });
  assert.equal(readGoal('set a goal: keep warehouse-b below 25 °C', catalog, NOW).ok, false, 'no deadline: asked, not guessed');
});
