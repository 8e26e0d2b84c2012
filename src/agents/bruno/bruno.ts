import type { Catalog, StudioStore } from '../../studio/store/store.js';
import { DEFAULT_HEALTH_LIMITS, type HealthLimits } from '../../studio/health/node-health.js';
import type { AlertEngine } from '../../studio/alerts/engine.js';
import type { KnowledgeGraph } from '../../studio/graph/knowledge-graph.js';
import type { LlmConfig } from '../../core/llm-client.js';
import { ConversationMemory, mergeFollowUp, type Turn } from './conversation.js';
import type { Answer } from './answer.js';
import { askWithTools } from './llm/agent-loop.js';
import { indexCatalog, type CatalogIndex } from './language/catalog-index.js';
import { parseQuestion } from './language/parse.js';
import type { OperationName } from './language/plan.js';
import { ambiguousAnswer, unknownAnswer } from './operations/help.js';
import { capabilityNamed, runPlanned, type BrunoContext } from './capabilities/index.js';
import { StudioAnomalyScorer } from '../../studio/analysis/spikes.js';
import type { ModelRegistry } from '../../studio/models/model-registry.js';
import { forecastAnswer, isForecastQuestion } from './operations/forecast.js';
import type { EdgeReadings } from '../../studio/commands/edge-readings.js';
import { asksNodeReadings } from './operations/node-readings.js';

export interface BrunoAnswer extends Answer {
  query: string;
  /** `node_readings`: read from the nodes' own raw stores over their command channels. */
  intent: OperationName | 'llm' | 'unknown' | 'node_readings' | 'forecast';
  /** 403 when the operation needs a scope the caller lacks (the answer says which). */
  status?: 403;
}

export interface AskOptions {
  /** Follow-ups ("and humidity?") build on the conversation's last turn. */
  conversationId?: string;
  /** The caller's scopes (default: admin, as on an open loopback studio). */
  scopes?: readonly string[];
  /** Each model tool call as it happens (server-sent events). */
  onStep?: (step: { tool: string; arguments: string }) => void;
}

/** Where follow-ups find the last turn: in memory by default, the studio's store when served (any replica). */
export interface TurnMemory {
  get(id: string, now: number): Turn | undefined | Promise<Turn | undefined>;
  set(id: string, turn: Turn): void | Promise<void>;
}

export interface BrunoOptions {
  store: StudioStore;
  healthLimits?: HealthLimits;
  clock?: () => number;
  /** An OpenAI-compatible model for what the model-free layer cannot place (optional). */
  llm?: LlmConfig;
  /** The alert engine, for creating, listing, changing and deleting alerts in plain language. */
  alerts?: AlertEngine;
  /** The knowledge graph, for incident history and root causes. */
  graph?: KnowledgeGraph;
  /** Conversation turns (default: this process's memory, bounded). */
  conversations?: TurnMemory;
  /** Drill-down into the nodes' raw stores: "all readings … in the last hour" is read there. */
  edge?: EdgeReadings;
  /** Trained models, for forecasts ("what will the temperature be tonight?"). */
  models?: ModelRegistry;
}

/**
 * agent-bruno's plain-language answers without a model: the question is parsed into a typed plan
 * (measure, scope, time, operation, units) against what the store holds, and the plan's operation
 * writes the answer from data fetched for this question. A name or kind the store lacks gets an
 * honest "no data for …" with no number in it.
 * @example
 * const bruno = new Bruno({ store, alerts, graph });
 * (await bruno.ask("What's the temperature in the warehouse?")).response
 */
export class Bruno {
  private readonly memory: TurnMemory;
  private index?: { key: string; index: CatalogIndex };
  private readonly spikes: StudioAnomalyScorer;
  private readonly store: StudioStore;
  private readonly healthLimits: HealthLimits;
  private readonly clock: () => number;
  private readonly llm?: LlmConfig;
  private readonly alerts?: AlertEngine;
  private readonly graph?: KnowledgeGraph;
  private readonly edge?: EdgeReadings;
  private readonly models?: ModelRegistry;

  constructor(options: BrunoOptions);
  /** @deprecated The first release's positional form; prefer the options object. */
  constructor(store: StudioStore, healthLimits?: HealthLimits, clock?: () => number, llm?: LlmConfig, alerts?: AlertEngine, graph?: KnowledgeGraph);
  constructor(a: StudioStore | BrunoOptions, healthLimits?: HealthLimits, clock?: () => number, llm?: LlmConfig, alerts?: AlertEngine, graph?: KnowledgeGraph) {
    const o: BrunoOptions = 'store' in a && !('catalog' in a) ? a : { store: a as StudioStore, ...(healthLimits ? { healthLimits } : {}), ...(clock ? { clock } : {}), ...(llm ? { llm } : {}), ...(alerts ? { alerts } : {}), ...(graph ? { graph } : {}) };
    this.store = o.store;
    this.healthLimits = o.healthLimits ?? DEFAULT_HEALTH_LIMITS;
    this.clock = o.clock ?? Date.now;
    if (o.llm) this.llm = o.llm;
    if (o.alerts) this.alerts = o.alerts;
    if (o.graph) this.graph = o.graph;
    if (o.edge) this.edge = o.edge;
    if (o.models) this.models = o.models;
    this.memory = o.conversations ?? new ConversationMemory();
    this.spikes = new StudioAnomalyScorer(o.store); // its memory runs on wall time, whatever clock answers use
  }

  /** The catalog's index, rebuilt only when the names in the store change. */
  private indexFor(catalog: Catalog): CatalogIndex {
    const key = `${catalog.nodes.join(',')}|${catalog.locations.join(',')}|${catalog.kinds.join(',')}|${[...new Set(catalog.series.map((s) => s.sensor))].join(',')}`;
    if (this.index?.key !== key) this.index = { key, index: indexCatalog(catalog) };
    else this.index.index.catalog = catalog;
    return this.index.index;
  }

  async ask(query: string, options: AskOptions | string = {}, legacyOnStep?: AskOptions['onStep']): Promise<BrunoAnswer> {
    const opts: AskOptions = typeof options === 'string' ? { conversationId: options, ...(legacyOnStep ? { onStep: legacyOnStep } : {}) } : options;
    const now = this.clock();
    const catalog = await this.store.catalog();
    const parsed = parseQuestion(query, this.indexFor(catalog), now);
    const prev = opts.conversationId ? await this.memory.get(opts.conversationId, now) : undefined;
    const plan = mergeFollowUp(query, parsed.plan, prev);
    if (plan.scope.unknown.length || plan.measures.some((m) => m.type === 'unknown_kind')) {
      const a = unknownAnswer(plan, catalog);
      return { query, intent: 'unknown', response: a.response, data: { ...a.data, plan } };
    }
    if (plan.scope.ambiguous?.length && plan.operation !== 'help' && plan.operation !== 'alert_list') {
      const a = ambiguousAnswer(plan);
      return { query, intent: 'unknown', response: a.response, data: { ...a.data, plan } };
    }
    // A question about the future: the forecast capability, from the trained models.
    if (isForecastQuestion(query)) {
      const a = await forecastAnswer(plan, query, { ...(this.models ? { models: this.models } : {}), now });
      return { query, intent: 'forecast', response: a.response, data: { ...a.data, plan } };
    }
    const ctx: BrunoContext = {
      store: this.store, catalog, now, healthLimits: this.healthLimits, question: query, masked: parsed.masked, spikes: this.spikes,
      ...(this.alerts ? { alerts: this.alerts } : {}), ...(this.graph ? { graph: this.graph } : {}), ...(this.edge ? { edge: this.edge } : {}), ...(this.models ? { models: this.models } : {}),
    };
    const scopes = opts.scopes ?? ['admin'];
    if (plan.operation === 'help' && this.llm) {
      const r = await askWithTools(this.llm, ctx, query, { scopes, ...(opts.onStep ? { onStep: opts.onStep } : {}) });
      if (r.ok && r.answer) return { query, intent: 'llm', response: r.answer, data: { model: this.llm.model, tool_calls: r.toolCalls, rounds: r.rounds, plan } };
      const fallback = await runPlanned('help', plan, ctx);
      return { query, intent: 'help', response: fallback.response, data: { ...fallback.data, llm_error: r.error, tool_calls: r.toolCalls, plan } };
    }
    if (this.edge && asksNodeReadings(query, plan, now)) {
      const answer = await runPlanned('node_readings', plan, ctx);
      if (opts.conversationId) await this.memory.set(opts.conversationId, { plan, at: now });
      return { query, intent: 'node_readings', response: answer.response, data: { ...answer.data, plan } };
    }
    if (capabilityNamed(plan.operation)?.spec.scope === 'admin' && !scopes.includes('admin')) {
      return {
        query, intent: plan.operation, status: 403,
        response: `That needs the "admin" scope (as ${plan.operation.replace('alert_', '').replace(/^./, (c) => c.toUpperCase())} on /api/v1/alerts does); this token has ${scopes.join(', ') || 'no scope'}. Nothing was changed.`,
        data: { plan, missing_scope: 'admin', scopes: [...scopes] },
      };
    }
    const answer = await runPlanned(plan.operation, plan, ctx);
    if (opts.conversationId && plan.operation !== 'help') await this.memory.set(opts.conversationId, { plan, at: now });
    return { query, intent: plan.operation, response: answer.response, data: { ...answer.data, plan } };
  }
}
