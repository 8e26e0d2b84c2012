/**
 * `npm run eval` (second part) or `node --import tsx eval/dev/run.ts [--verbose] [--json]`: the
 * development set. Asks agent-bruno (no model) every item over the dev world and scores the answer
 * text by the facts computed from the generator's truth (alert items: by the rules the alert
 * engine holds). Prints accuracy per category and overall; `--verbose` lists every failure.
 * Exits 0 whatever the score: it measures, the unit tests guard the harness itself.
 */
import { pathToFileURL } from 'node:url';
import type { AlertRule } from '../../src/studio/alerts/rule.js';
import { startAgent } from './agent.js';
import { failures, type EvalItem } from './item.js';
import { devItems } from './questions/index.js';
import { buildDevWorld } from './world.js';
import { buildWorldB } from './world-b.js';
import { placeItemsB } from './questions/b-places.js';
import { timeItemsB } from './questions/b-time.js';
import { fleetItemsB } from './questions/b-fleet.js';
import { fleetInventoryItems } from './questions/fleet-inventory.js';
import { slipItems } from './questions/phrasing.js';
import { lackingItemsB } from './questions/b-lacking.js';
import { inventoryItemsB } from './questions/understanding.js';
import { buildWorldC } from './world-c.js';
import { timeNameItemsC } from './questions/c-time-names.js';
import { dayClockItems, dayClockItemsB } from './questions/day-clock.js';
import { followStatItems } from './questions/follow-stat.js';
import { inventoryKindItemsB } from './questions/inventory-kind.js';
import { SLANG_A, SLANG_B, slangVerbItems } from './questions/slang-verbs.js';
import { nodeRoomItems } from './questions/node-room.js';
import { unitPrecisionItems } from './questions/unit-precision.js';
import { compareWindowItems } from './questions/compare-window.js';
import { extremeWhereItems } from './questions/extreme-where.js';
import { EXISTS_B, sensorExistsItems } from './questions/sensor-exists.js';
import { INFORMAL_A, INFORMAL_B, livenessInformalItems } from './questions/liveness-informal.js';
import { nodeVitalRankItems } from './questions/node-vital-rank.js';
import { polarItemsB } from './questions/polar.js';
import { everywhereItemsB } from './questions/everywhere.js';
import { buildWorldD } from './world-d.js';
import { nameWordItemsD, siblingItemsD } from './questions/d-names.js';
import { quietPlaceItems } from './questions/quiet-places.js';
import { anomalySlangItemsD } from './questions/anomaly-slang.js';
import type { StudioStore } from '../../src/studio/store/store.js';
import type { Series } from './truth.js';

export interface ItemResult {
  category: string;
  question: string;
  response: string;
  intent: string;
  failures: string[];
}

export interface DevEvalResult {
  results: ItemResult[];
  perCategory: Map<string, { pass: number; total: number }>;
  passed: number;
  total: number;
  msPerQuestion: number;
}

/** The development set over four worlds: A (eval/dev/world.ts), B (names of other shapes), C (names that begin with words of the clock), D (everyday words and designators in names). */
export async function runDevEval(): Promise<DevEvalResult> {
  const a = await buildDevWorld();
  const first = await askAll(a.store, a.now, a.series, [...devItems(a), ...dayClockItems(a), ...followStatItems(a), ...livenessInformalItems(a, INFORMAL_A), ...slangVerbItems(a.series, SLANG_A), ...nodeRoomItems(a), ...unitPrecisionItems(a), ...compareWindowItems(a), ...extremeWhereItems(a), ...nodeVitalRankItems(a)]);
  const b = await buildWorldB();
  const second = await askAll(b.store, b.now, b.series, [...placeItemsB(b), ...timeItemsB(b), ...fleetItemsB(b), ...fleetInventoryItems(b), ...slipItems(b), ...inventoryItemsB(b), ...lackingItemsB(b), ...dayClockItemsB(b), ...livenessInformalItems(b, INFORMAL_B), ...inventoryKindItemsB(b), ...slangVerbItems(b.series, SLANG_B), ...extremeWhereItems(b), ...sensorExistsItems(b.series, EXISTS_B), ...polarItemsB(b), ...everywhereItemsB(b), ...quietPlaceItems('place-gone-quiet-b', b.nodes, b.now, [0, 2, 4, 5])]);
  const c = await buildWorldC();
  const third = await askAll(c.store, c.now, c.series, timeNameItemsC(c));
  const d = await buildWorldD();
  const fourth = await askAll(d.store, d.now, d.series, [...nameWordItemsD(d), ...siblingItemsD(d), ...quietPlaceItems('place-gone-quiet-d', d.nodes, d.now, [1, 3, 5]), ...anomalySlangItemsD(d)]);
  return summarise([...first.results, ...second.results, ...third.results, ...fourth.results], first.askMs + second.askMs + third.askMs + fourth.askMs);
}

/** Asks every item of one world, each alert item against a clean rule set. */
async function askAll(store: StudioStore & { close(): Promise<void> }, now: number, series: Series[], items: EvalItem[]): Promise<{ results: ItemResult[]; askMs: number }> {
  const agent = await startAgent(store, now);
  const results: ItemResult[] = [];
  let askMs = 0;
  try {
    const baseline = new Set((await agent.alerts.rules()).map((r) => r.id));
    const knownNames = [...new Set(series.flatMap((s) => [s.spec.node, s.spec.location, s.spec.sensor]))];
    for (const item of items) {
      const setUp = new Map<string, AlertRule>();
      await item.setup?.({ createRule: async (key, input) => { const r = await agent.alerts.create(input); setUp.set(key, r); return r; } });
      const question = item.question.replace(/\{id:(\w+)\}/g, (_, k: string) => setUp.get(k)?.id ?? k);
      const before = await agent.alerts.rules();
      const started = performance.now();
      let response = '', intent = '', thrown: string | undefined;
      const conversationId = item.conversation ? `eval-${results.length}` : undefined;
      try {
        for (const earlier of item.conversation ?? []) await agent.ask(earlier, conversationId);
        ({ response, intent } = await agent.ask(question, conversationId));
      } catch (err) {
        thrown = `threw ${(err as Error).message}`;
      }
      askMs += performance.now() - started;
      const after = await agent.alerts.rules();
      const change = { created: after.filter((r) => !before.some((b) => b.id === r.id)), removed: before.filter((b) => !after.some((r) => r.id === b.id)), setUp };
      results.push({ category: item.category, question, response, intent, failures: thrown ? [thrown] : failures(item, question, response, change, knownNames) });
      for (const r of after) if (!baseline.has(r.id)) await agent.alerts.deleteRule(r.id);
    }
  } finally {
    await agent.stop();
    await store.close();
  }
  return { results, askMs };
}

export function summarise(results: ItemResult[], askMs: number): DevEvalResult {
  const perCategory = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    const s = perCategory.get(r.category) ?? { pass: 0, total: 0 };
    s.total++;
    if (!r.failures.length) s.pass++;
    perCategory.set(r.category, s);
  }
  const passed = results.filter((r) => !r.failures.length).length;
  return { results, perCategory, passed, total: results.length, msPerQuestion: askMs / Math.max(1, results.length) };
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

export function printReport(title: string, r: DevEvalResult, verbose: boolean): void {
  console.log(`\n== ${title}`);
  if (verbose) {
    for (const x of r.results.filter((x) => x.failures.length)) {
      console.log(`✗ [${x.category}] "${x.question}" → ${x.intent || '?'}; ${x.failures.join('; ')}\n    ${x.response.replace(/\n/g, '\n    ')}`);
    }
  }
  console.table([...r.perCategory].map(([category, s]) => ({ category, questions: s.total, correct: s.pass, accuracy: pct(s.pass, s.total) })));
  const failed = r.total - r.passed;
  console.log(`overall: ${r.passed}/${r.total} = ${pct(r.passed, r.total)} over ${r.perCategory.size} categories (${r.msPerQuestion.toFixed(2)} ms per question; ${failed} failures${failed && !verbose ? ', --verbose lists them' : ''})`);
}

export type { EvalItem };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runDevEval();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ passed: r.passed, total: r.total, perCategory: Object.fromEntries(r.perCategory), results: r.results }, null, 2));
  else printReport('development set (eval/dev): own world, facts from the generator', r, process.argv.includes('--verbose'));
}
