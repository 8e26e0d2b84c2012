import type { World } from './dataset.js';
import { HOUR } from './dataset.js';

/** One evaluation item: the question, the intent it must get, the facts its answer must state. */
export interface EvalItem {
  question: string;
  intent: string;
  facts: string[];
  /** Facts the answer must not state (e.g. a healthy node listed as unhealthy). */
  absent?: string[];
}

const f1 = (v: number): string => (Math.round(v * 10) / 10).toFixed(1);
const UNIT: Record<string, string> = { temperature: '°C', humidity: '%', pressure: ' hPa' };
const PLACES: { names: string[]; locations: string[] }[] = [
  { names: ['warehouse-a', 'warehouse a', 'Warehouse A'], locations: ['warehouse-a'] },
  { names: ['warehouse-b', 'warehouse b'], locations: ['warehouse-b'] },
  { names: ['warehouse-c', 'warehouse C'], locations: ['warehouse-c'] },
  { names: ['the warehouse', 'all warehouses'], locations: ['warehouse-a', 'warehouse-b', 'warehouse-c'] },
];
const CURRENT = ["What's the {kind} in {place}?", 'What is the current {kind} in {place}?', '{kind} in {place} right now?', 'Tell me the {kind} at {place}', 'Give me the latest {kind} reading for {place}', "how's the {kind} looking in {place}?"];
const RANGE = ['Show me {kind} readings in {place} over the last 24 hours', 'average {kind} in {place} in the last 24 hours', '{kind} history for {place}, past 24 hours', 'min and max {kind} in {place} over the past 24 hours', 'summarise {kind} at {place} for the last 24h'];

/** Builds the question set from the world's known truth (no store queries). */
export function buildQuestions(w: World): EvalItem[] {
  const items: EvalItem[] = [];
  const series = (kind: string, locations: string[]) => w.readings.filter((r) => r.kind === kind && locations.includes(r.location ?? ''));
  for (const kind of ['temperature', 'humidity', 'pressure']) {
    for (const place of PLACES) {
      const rs = series(kind, place.locations);
      const lastTs = Math.max(...rs.map((r) => r.ts));
      const latest = rs.filter((r) => r.ts === lastTs);
      const current = latest.reduce((a, r) => a + r.value, 0) / latest.length;
      const inDay = rs.filter((r) => r.ts >= w.now - 24 * HOUR && r.ts < w.now);
      const mean = inDay.reduce((a, r) => a + r.value, 0) / inDay.length;
      const min = Math.min(...inDay.map((r) => r.value));
      const max = Math.max(...inDay.map((r) => r.value));
      for (const name of place.names) {
        for (const t of CURRENT) items.push({ question: t.replace('{kind}', kind).replace('{place}', name), intent: 'current', facts: [`${f1(current)}${UNIT[kind]}`] });
        for (const t of RANGE) items.push({ question: t.replace('{kind}', kind).replace('{place}', name), intent: 'statistics', facts: [`average ${f1(mean)}${UNIT[kind]}`, `min ${f1(min)}${UNIT[kind]}`, `max ${f1(max)}${UNIT[kind]}`] });
      }
      if (kind === 'temperature') {
        const today = rs.filter((r) => r.ts >= new Date(w.now).setHours(0, 0, 0, 0) && r.ts < w.now);
        const coldest = Math.min(...today.map((r) => r.value));
        const warmest = Math.max(...today.map((r) => r.value));
        for (const name of place.names) {
          items.push({ question: `When was ${name} coldest today?`, intent: 'extreme', facts: [`${f1(coldest)}°C`] });
          items.push({ question: `What was the highest temperature in ${name} today?`, intent: 'extreme', facts: [`${f1(warmest)}°C`] });
        }
      }
    }
  }
  for (const q of ['Are there any unhealthy Pi nodes?', 'Any unhealthy nodes?', 'Which Pi nodes are overloaded?', 'are any pis unhealthy right now', 'Is any node in trouble?']) {
    items.push({ question: q, intent: 'health', facts: ['pi-node-3', 'CPU 82%', 'Memory 91%'], absent: ['pi-node-1', 'pi-node-2'] });
  }
  for (const q of ['List all Pi nodes and their health status', 'show all nodes with their health', 'health status of all nodes', 'list the pi nodes']) {
    items.push({ question: q, intent: 'health|list', facts: ['2 healthy, 1 unhealthy', 'CPU 35%', 'CPU 28%', 'CPU 82%'] });
  }
  for (const q of ['Why is pi-node-3 under high load?', 'why is pi 3 so busy', 'Why is node three slow?', "what's causing the load on pi-node-3?"]) {
    items.push({ question: q, intent: 'why', facts: ['video-processor', 'CPU 82%'] });
  }
  for (const q of ['Show me sensor anomalies', 'any anomalies in the last 24 hours?', 'agent-bruno, show me sensor anomalies', 'list anomalies from the past 2 days']) {
    const window = /2 days/.test(q) ? 48 : 24;
    const n = w.anomalies.filter((a) => a.ts >= w.now - window * HOUR).length;
    items.push({ question: q, intent: 'anomalies', facts: [`${n} anomal`, '29.7°C'] });
  }
  const today = new Date(w.now).setHours(0, 0, 0, 0);
  const meanOf = (l: string, from: number) => { const rs = series('temperature', [l]).filter((r) => r.ts >= from && r.ts < w.now); return rs.reduce((a, r) => a + r.value, 0) / rs.length; };
  const latestOf = (l: string) => { const rs = series('temperature', [l]); const last = Math.max(...rs.map((r) => r.ts)); return rs.filter((r) => r.ts === last)[0]!.value; };
  const locs = ['warehouse-a', 'warehouse-b', 'warehouse-c'];
  const byMean = locs.map((l) => ({ l, m: meanOf(l, today) })).sort((a, b) => b.m - a.m);
  items.push({ question: 'Which location is warmest today?', intent: 'rank', facts: [`Warmest today on average: ${byMean[0]!.l} at ${f1(byMean[0]!.m)}°C`] });
  const byNow = locs.map((l) => ({ l, m: latestOf(l) })).sort((a, b) => b.m - a.m);
  items.push({ question: 'which warehouse is warmest?', intent: 'rank', facts: [`Warmest right now: ${byNow[0]!.l} at ${f1(byNow[0]!.m)}°C`] });
  const ab = byMean.filter((x) => x.l !== 'warehouse-c');
  items.push({ question: 'compare warehouse a and warehouse b temperature today', intent: 'compare', facts: [`${ab[0]!.l} is warmer than ${ab[1]!.l}`, `${ab[0]!.l} ${f1(ab[0]!.m)}°C`] });
  for (const q of ['Alert me if humidity drops below 30%', 'notify me when temperature rises above 28 in warehouse b', 'warn me if pressure goes below 990 hPa']) {
    const kind = /humidity/.test(q) ? 'humidity' : /pressure/.test(q) ? 'pressure' : 'temperature';
    items.push({ question: q, intent: 'alert_create', facts: ['created', kind] });
  }
  for (const q of ['what is the meaning of life', 'tell me a joke', 'how do I bake bread?']) items.push({ question: q, intent: 'help', facts: ["I'm not sure"] });
  return items;
}
