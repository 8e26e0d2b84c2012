import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import { AlertEngine } from '../../../studio/alerts/engine.js';
import { SqliteAlertRepository } from '../../../studio/alerts/repository.js';
import { Bruno } from '../bruno.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();
const PLACES = ['cold-room', 'warehouse-a', 'server-rack'];
const SAY: Record<string, string[]> = { 'cold-room': ['the cold room', 'cold-room', 'the cold rm'], 'warehouse-a': ['warehouse a', 'warehouse-a'], 'server-rack': ['the server rack', 'server-rack'] };
/** How a unit is written, its kind and how to reach °C / % / hPa. */
const UNITS = [
  { words: ['°C', ' degrees', ' degs', ' deg c', ' celsius'], kind: 'temperature', to: (v: number) => v },
  { words: ['°F', ' degrees f', ' fahrenheit', ' degs f', 'F'], kind: 'temperature', to: (v: number) => ((v - 32) * 5) / 9 },
  { words: ['%', ' percent', ' pct'], kind: 'humidity', to: (v: number) => v },
  { words: [' hPa', ' mb', ' millibars', ' mbar'], kind: 'pressure', to: (v: number) => v },
] as const;
const ABOVE = ['goes above', 'hits', 'exceeds', 'gets over', 'is over', 'rises above', 'climbs past', 'crosses'];
const BELOW = ['drops below', 'falls under', 'dips below', 'goes under', 'is below'];
const WISH: [string, string][] = [['if {c} let me know', 'post'], ['ping me when {c}', 'pre'], ['tell me whenever {c}', 'pre'], ['alert me if {c}', 'pre'], ['when {c}, give me a heads up', 'post'], ['notify me as soon as {c}', 'pre'], ['if {c} text me', 'post']];
const DURATIONS: [string, number][] = [['', 0], [' for 10 minutes', 600], [' for half an hour', 1800], [' for 5 mins', 300], [' for more than 2 hours', 7200], [' for an hour and a half', 5400]];

test('conditional alert wishes in any order make a rule with the threshold in the stored unit, the duration and the place (property)', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const readings = PLACES.flatMap((location, i) => [['temperature', '°C', 20], ['humidity', '%', 50], ['pressure', 'hPa', 1010]].map(([kind, unit, value]) => ReadingSchema.parse({ node: `pi-node-${i + 1}`, sensor: `s-${kind}`, kind, unit, value, location, ts: NOW - 60_000 })));
  await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
  const alerts = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => NOW, tickMs: 3_600_000, log: () => {} });
  await alerts.start();
  const bruno = new Bruno({ store, alerts, clock: () => NOW });
  try {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PLACES), fc.nat(), fc.constantFrom(...UNITS), fc.nat(), fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 120 }), fc.constantFrom(...WISH), fc.constantFrom(...DURATIONS), fc.boolean(),
      async (place, p, unit, u, above, v, n, [wish], [dur, seconds], kindWord) => {
        const value = unit.kind === 'pressure' ? 950 + n : n;
        const words = above ? ABOVE : BELOW;
        const subject = `${kindWord ? `the ${unit.kind} in ` : ''}${SAY[place]![p % SAY[place]!.length]!}`;
        const cond = `${subject} ${words[v % words.length]} ${value}${unit.words[u % unit.words.length]}${dur}`;
        const q = wish.replace('{c}', cond);
        for (const r of await alerts.rules()) await alerts.deleteRule(r.id);
        const answer = await bruno.ask(q);
        assert.equal(answer.intent, 'alert_create', `${q}: ${answer.response}`);
        const [rule] = await alerts.rules();
        assert.ok(rule, `${q}: no rule`);
        assert.equal(rule.filter.location, place, q);
        assert.equal(rule.filter.kind, unit.kind, q);
        assert.equal(rule.condition.type, 'threshold', q);
        if (rule.condition.type !== 'threshold') return;
        assert.ok(Math.abs(rule.condition.value - unit.to(value)) <= 0.05, `${q}: threshold ${rule.condition.value}, want ${unit.to(value)}`);
        assert.ok(above ? rule.condition.op.startsWith('>') : rule.condition.op.startsWith('<'), `${q}: op ${rule.condition.op}`);
        assert.equal(rule.condition.for_s, seconds, q);
      }), { numRuns: 150 });
  } finally {
    await alerts.stop();
    await store.close();
  }
});

test('alerts listed per place name only that place\'s rules; an unknown place is an honest unknown (property)', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const readings = PLACES.map((location, i) => ReadingSchema.parse({ node: `pi-node-${i + 1}`, sensor: 's-temperature', kind: 'temperature', unit: '°C', value: 20, location, ts: NOW - 60_000 }));
  await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
  const alerts = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => NOW, tickMs: 3_600_000, log: () => {} });
  await alerts.start();
  const bruno = new Bruno({ store, alerts, clock: () => NOW });
  try {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...PLACES, 'pi-node-2'), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 5 }), fc.constantFrom(...PLACES), fc.nat(),
      fc.constantFrom('what alerts are set for {p}?', 'any alerts on {p}', 'list the alert rules for {p}', 'which alerts do we have in {p}'), async (made, asked, p, frame) => {
        for (const r of await alerts.rules()) await alerts.deleteRule(r.id);
        const ids = new Map<string, string>();
        for (const [where, value] of made) {
          const r = await alerts.create({ name: `t ${where} ${value}`, filter: where.startsWith('pi-') ? { kind: 'temperature', node: where } : { kind: 'temperature', location: where }, condition: { type: 'threshold', op: '>', value } });
          ids.set(r.id, where === 'pi-node-2' ? 'warehouse-a' : where);
        }
        const answer = await bruno.ask(frame.replace('{p}', SAY[asked]![p % SAY[asked]!.length]!));
        assert.equal(answer.intent, 'alert_list', answer.response);
        for (const [id, where] of ids) assert.equal(answer.response.includes(id), where === asked, `${id} (${where}) asked ${asked}: ${answer.response}`);
        const none = await bruno.ask(frame.replace('{p}', 'the garage'));
        assert.equal(none.intent, 'unknown', none.response);
        assert.match(none.response, /no data for "garage"/);
        for (const id of ids.keys()) assert.ok(!none.response.includes(id), none.response);
      }), { numRuns: 60 });
  } finally {
    await alerts.stop();
    await store.close();
  }
});
