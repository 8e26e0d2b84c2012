import type { StudioStore } from '../../studio/store/store.js';
import { DEFAULT_HEALTH_LIMITS, type HealthLimits } from '../../studio/health/node-health.js';
import { resolveEntities } from './entities.js';
import { classifyIntent, type Intent } from './intents.js';
import { parseTimeWindow } from './time-window.js';
import { ConversationMemory, mergeFollowUp } from './conversation.js';
import type { Answer, AnswerWriter } from './answer.js';
import type { LlmConfig } from '../../core/llm-client.js';
import { askWithTools } from './llm/agent-loop.js';
import { answerCurrent } from './answers/current.js';
import { answerRange } from './answers/range.js';
import { answerExtremes } from './answers/extremes.js';
import { answerCompare } from './answers/compare.js';
import { answerTrend } from './answers/trend.js';
import { answerAnomalies } from './answers/anomalies.js';
import { answerNodeHealth, answerUnhealthy } from './answers/nodes.js';
import { answerWhy } from './answers/why.js';
import { answerHelp } from './answers/help.js';
import { answerCreateAlert, answerDeleteAlert, answerListAlerts } from './answers/alerts.js';
import type { AlertEngine } from '../../studio/alerts/engine.js';
import type { KnowledgeGraph } from '../../studio/graph/knowledge-graph.js';
import { answerHistory } from './answers/history.js';
import { answerExport } from './answers/export.js';

const WRITERS: Record<Exclude<Intent, 'create_alert' | 'list_alerts' | 'delete_alert' | 'history' | 'export'>, AnswerWriter> = {
  current: answerCurrent,
  range: answerRange,
  extremes: answerExtremes,
  compare: answerCompare,
  trend: answerTrend,
  anomalies: answerAnomalies,
  unhealthy_nodes: answerUnhealthy,
  node_health: answerNodeHealth,
  why: answerWhy,
  help: answerHelp,
};

export interface BrunoAnswer extends Answer {
  query: string;
  intent: Intent | 'llm';
}

/**
 * agent-bruno's plain-language answers without a model: classify the intent, resolve names and
 * the time window against the store, and write the answer from data fetched for this question.
 * @example
 * const bruno = new Bruno(store);
 * (await bruno.ask("What's the temperature in the warehouse?")).response
 */
export class Bruno {
  private readonly memory = new ConversationMemory();

  constructor(
    private readonly store: StudioStore,
    private readonly healthLimits: HealthLimits = DEFAULT_HEALTH_LIMITS,
    private readonly clock: () => number = Date.now,
    /** An OpenAI-compatible model for what the model-free layer cannot place (optional). */
    private readonly llm?: LlmConfig,
    /** The alert engine, for creating, listing and deleting alerts in plain language. */
    private readonly alerts?: AlertEngine,
    /** The knowledge graph, for incident history and root causes. */
    private readonly graph?: KnowledgeGraph,
  ) {}

  /** Answers a question; with a `conversationId`, follow-ups ("and humidity?") build on the last turn. */
  async ask(query: string, conversationId?: string, onStep?: (step: { tool: string; arguments: string }) => void): Promise<BrunoAnswer> {
    const now = this.clock();
    const catalog = await this.store.catalog();
    const parsed = { intent: classifyIntent(query), entities: resolveEntities(query, catalog), window: parseTimeWindow(query, now) };
    const prev = conversationId ? this.memory.get(conversationId, now) : undefined;
    const { intent, entities, window } = mergeFollowUp(query, parsed.intent, parsed.entities, parsed.window, prev);
    if (intent === 'help' && this.llm) {
      const r = await askWithTools(this.llm, this.store, this.healthLimits, query, now, 5, { ...(this.graph ? { graph: this.graph } : {}), ...(this.alerts ? { alerts: this.alerts } : {}) }, onStep);
      if (r.ok && r.answer) return { query, intent: 'llm', response: r.answer, data: { model: this.llm.model, tool_calls: r.toolCalls, rounds: r.rounds } };
      const fallback = await answerHelp({ question: query, store: this.store, now, entities, window, healthLimits: this.healthLimits, fahrenheit: false });
      return { query, intent, response: fallback.response, data: { ...fallback.data, llm_error: r.error, tool_calls: r.toolCalls } };
    }
    const ctx = { question: query, store: this.store, now, entities, window, healthLimits: this.healthLimits, fahrenheit: /fahrenheit|°f\b|degrees f\b/i.test(query) };
    const answer = intent === 'create_alert' ? await answerCreateAlert(ctx, this.alerts)
      : intent === 'list_alerts' ? await answerListAlerts(ctx, this.alerts)
      : intent === 'delete_alert' ? await answerDeleteAlert(ctx, this.alerts)
      : intent === 'history' ? await answerHistory(ctx, this.graph)
      : intent === 'export' ? await answerExport(ctx)
      : await WRITERS[intent](ctx);
    if (conversationId && intent !== 'help') this.memory.set(conversationId, { intent, entities, window, at: now });
    return { query, intent, ...answer };
  }
}
