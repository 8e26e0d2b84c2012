import type { Catalog } from '../../studio/store/store.js';
import type { AgentDefinition } from '../runtime/definition.js';
import type { Answer } from './answer.js';
import { BRUNO_CAPABILITIES, type BrunoContext } from './capabilities/index.js';
import { mergeFollowUp, type TurnMemory } from './conversation.js';
import { indexCatalog, type CatalogIndex } from './language/catalog-index.js';
import { parseQuestion } from './language/parse.js';
import type { Plan } from './language/plan.js';
import { ambiguousAnswer, unknownAnswer } from './operations/help.js';
import { forecastAnswer, isForecastQuestion } from './operations/forecast.js';
import { lackingAnswer, withLackingNote } from './operations/lacking.js';
import { asksNodeReadings } from './operations/node-readings.js';
import { thresholdAnswer } from './operations/threshold.js';
import { withVerdict } from './polar.js';

export const BRUNO_NAME = 'agent-bruno';
export const BRUNO_PURPOSE = 'Answers questions about the edge nodes and sensors in plain language, from stored data; creates and edits alerts; owns ingest, storage, the knowledge graph and alerts.';
export const BRUNO_PERSONA = `You are agent-bruno, who answers a team's questions about their Raspberry Pi edge nodes and sensors.
Use the tools to fetch data (each operation tool returns a written answer and the data it came from); state only
numbers that appear in tool results; name the time window; if the data does not answer the question, say so plainly.
Answer in at most five short sentences.`;

/** One request to agent-bruno: its capabilities' context, the caller, and the plan its language layer read. */
export interface BrunoRequest extends BrunoContext {
  scopes: readonly string[];
  conversationId?: string;
  /** Set when the question has been read (the runtime's `ask` hook, before the model or the planner). */
  plan?: Plan;
}

/** What a definition of agent-bruno runs over: the domain APIs, its conversation turns, the spike finder. */
export type BrunoParts = Omit<BrunoContext, 'catalog' | 'now' | 'question' | 'masked'> & { memory: TurnMemory };

const EMPTY: Catalog = { nodes: [], locations: [], kinds: [], series: [] };
const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && typeof (x as Answer).response === 'string' && typeof (x as Answer).data === 'object';

/**
 * agent-bruno as a definition the runtime runs. Its language layer reads each question into a typed
 * plan (with the conversation's last turn for a follow-up); a name the store lacks, an ambiguous
 * place and a forecast are answered there. Otherwise the planner calls the one capability the plan
 * names with the plan as its arguments; only a question it cannot place (`help`) goes to a model,
 * which calls the same capabilities as tools.
 * @example
 * const agent = new AgentRuntime(brunoDefinition({ store, healthLimits, spikes, memory }), { llm });
 */
export function brunoDefinition(parts: BrunoParts): AgentDefinition<BrunoRequest> {
  let cached: { key: string; index: CatalogIndex } | undefined;
  /** The catalog's index, rebuilt only when the names in the store change. */
  const indexFor = (catalog: Catalog): CatalogIndex => {
    const key = `${catalog.nodes.join(',')}|${catalog.locations.join(',')}|${catalog.kinds.join(',')}|${[...new Set(catalog.series.map((s) => s.sensor))].join(',')}`;
    if (cached?.key !== key) cached = { key, index: indexCatalog(catalog) };
    else cached.index.catalog = catalog;
    return cached.index;
  };
  const { memory, ...domain } = parts;
  const remember = async (ctx: BrunoRequest) => { if (ctx.conversationId && ctx.plan) await memory.set(ctx.conversationId, { plan: ctx.plan, at: ctx.now }); };
  return {
    name: BRUNO_NAME,
    purpose: BRUNO_PURPOSE,
    persona: BRUNO_PERSONA,
    capabilities: [...BRUNO_CAPABILITIES],
    subscriptions: [],
    actsOn: ['alert rules'],
    // The catalog and the masked question are filled in when the question is read (below).
    context: ({ scopes, now, query, conversationId }) => ({ ...domain, catalog: EMPTY, now, question: query, masked: query, scopes, ...(conversationId ? { conversationId } : {}) }),
    async ask(request, ctx) {
      ctx.catalog = await ctx.store.catalog();
      const parsed = parseQuestion(request.query, indexFor(ctx.catalog), ctx.now);
      const prev = ctx.conversationId ? await memory.get(ctx.conversationId, ctx.now) : undefined;
      const plan = mergeFollowUp(request.query, parsed.plan, prev);
      ctx.masked = parsed.masked;
      ctx.plan = plan;
      if (plan.scope.unknown.length || plan.measures.some((m) => m.type === 'unknown_kind')) return { intent: 'unknown', ...unknownAnswer(plan, ctx.catalog) };
      if (plan.scope.ambiguous?.length && plan.operation !== 'help' && plan.operation !== 'alert_list') return { intent: 'unknown', ...ambiguousAnswer(plan) };
      // A trend or an alert for a kind the named place does not measure: say so, create nothing.
      const lacking = lackingAnswer(plan, ctx.catalog);
      if (lacking) return { intent: 'unknown', ...lacking };
      // A question about the future: the forecast capability, from the trained models.
      if (isForecastQuestion(request.query)) return { intent: 'forecast', ...await forecastAnswer(plan, request.query, ctx) };
      // "Is warehouse-a above 20°C?": a verdict with the figure it rests on.
      if (plan.check) { await remember(ctx); return { intent: 'threshold', ...await thresholdAnswer(plan, ctx) }; }
      return undefined;
    },
    modelFor: (_q, ctx) => ctx.plan?.operation === 'help',
    plan(question, ctx) {
      const plan = ctx.plan!;
      const name = ctx.edge && asksNodeReadings(question, plan, ctx.now) ? 'node_readings' : plan.operation;
      return [{ name, args: plan as unknown as Record<string, unknown> }];
    },
    async answer(_q, results, ctx) {
      const r = results[0]!;
      if (r.thrown) throw r.thrown; // a store that fails is the HTTP layer's to map, as before
      if (!isAnswer(r.result)) throw new Error(`capability ${r.name} gave no answer: ${JSON.stringify(r.result).slice(0, 200)}`);
      if (r.name !== 'help') await remember(ctx);
      // A yes/no question gets its Yes or No first, read from the data the capability returned.
      const a = withVerdict(ctx.question, ctx.plan!, r.name, withLackingNote(ctx.plan!, ctx.catalog, r.result));
      return { intent: r.name, response: a.response, data: a.data };
    },
    annotate: (ctx) => (ctx.plan ? { plan: ctx.plan } : {}),
  };
}
