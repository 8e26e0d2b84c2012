import type { Catalog } from '../../../studio/store/store.js';
import { listJoin } from '../format.js';
import type { Plan, UnknownMention } from '../language/plan.js';
import type { Answer } from '../answer.js';
import { spec, type Operation } from './operation.js';

/** Examples written with the store's own names, and without numbers (an answer states only data). */
function examples(c: Catalog): string[] {
  const place = c.locations[0] ?? 'the warehouse';
  const node = c.nodes[0] ?? 'a node';
  const kind = c.kinds.includes('temperature') ? 'temperature' : c.kinds[0] ?? 'temperature';
  return [
    `What's the ${kind} in ${place}?`,
    `Show me ${kind} readings in ${place} since yesterday`,
    `Is the ${kind} rising in ${place}?`,
    'Where is it warmest right now?',
    'Any anomalies today?',
    'Are there any unhealthy Pi nodes?',
    `When did we last hear from ${node}?`,
    `Alert me when ${node} goes offline`,
  ];
}

/** A question it cannot place: say so, and what it can answer — never guess. */
export const help: Operation = {
  spec: spec('help', 'What the agent can answer, and the names the store knows'),
  async run(_plan, ctx) {
    const c = ctx.catalog;
    return {
      response: [
        "I'm not sure what you're asking. I can answer questions about current values, statistics, extremes, comparisons, rankings and trends over a time window, anomalies, node health and liveness, and alerts, for example:",
        ...examples(c).map((e) => `- ${e}`),
        `Known nodes: ${c.nodes.join(', ') || 'none yet'}. Locations: ${c.locations.join(', ') || 'none yet'}. Sensor kinds: ${c.kinds.join(', ') || 'none yet'}.`,
      ].join('\n'),
      data: { examples: examples(c), nodes: c.nodes, locations: c.locations, kinds: c.kinds },
    };
  },
};

/**
 * The answer to a question that names something the store does not hold: it says so plainly,
 * lists what it does have of that sort, and states no number — never another place's values.
 * @example
 * unknownAnswer(plan, catalog) // "I have no data for "the garage": … Locations I have: warehouse-a, …"
 */
export function unknownAnswer(plan: Plan, c: Catalog): Answer {
  const names = plan.scope.unknown;
  const kinds = plan.measures.flatMap((m) => (m.type === 'unknown_kind' ? [m.name] : []));
  const lines: string[] = [];
  const like = (l: UnknownMention['like']) => names.filter((n) => n.like === l).map((n) => `"${n.text}"`);
  const places = like('place');
  const nodes = like('node');
  const sensors = like('sensor');
  if (places.length) lines.push(`I have no data for ${listJoin(places)}: no location by that name reports to me. Locations I have: ${listJoin(c.locations) || 'none yet'}.`);
  if (nodes.length) lines.push(`I have no data for ${listJoin(nodes)}: no node by that name has reported. Nodes I know: ${listJoin(c.nodes) || 'none yet'}.`);
  if (sensors.length) lines.push(`I have no data for ${listJoin(sensors)}: no sensor by that name. Sensors I have: ${listJoin([...new Set(c.series.map((s) => s.sensor))]) || 'none yet'}.`);
  if (kinds.length) lines.push(`I have no ${listJoin(kinds)} data: no sensor measures it. Kinds I have: ${listJoin(c.kinds) || 'none yet'}, and node vitals (CPU, memory, SoC temperature, disk).`);
  return {
    response: lines.join('\n'),
    data: { unknown: names, unknown_kinds: kinds, known: { locations: c.locations, nodes: c.nodes, kinds: c.kinds } },
  };
}

/**
 * The answer to a question whose place is one word several places share ("the warehouse" with a
 * North and a South Warehouse): it asks which, lists them, and states no number — a guess would
 * give one of them the other's values.
 * @example
 * ambiguousAnswer(plan) // 'Which warehouse do you mean: North Warehouse or South Warehouse? …'
 */
export function ambiguousAnswer(plan: Plan): Answer {
  const lines = (plan.scope.ambiguous ?? []).map((a) => `Which ${a.text} do you mean: ${listJoin(a.candidates, 'or')}? Name one, or ask about ${a.candidates.length === 2 ? 'both' : 'all of them'} ("… in ${a.candidates.length === 2 ? 'both' : 'all'} ${a.text.replace(/s$/, '')}s").`);
  return { response: lines.join('\n'), data: { ambiguous: plan.scope.ambiguous ?? [] } };
}
