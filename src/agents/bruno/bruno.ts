import type { StudioStore } from '../../studio/store/store.js';
import { DEFAULT_HEALTH_LIMITS, type HealthLimits } from '../../studio/health/node-health.js';
import type { AlertEngine } from '../../studio/alerts/engine.js';
import type { KnowledgeGraph } from '../../studio/graph/knowledge-graph.js';
import type { LlmConfig } from '../../core/llm-client.js';
import { ConversationMemory, type TurnMemory } from './conversation.js';
import type { Answer } from './answer.js';
import type { OperationName } from './language/plan.js';
import { StudioAnomalyScorer } from '../../studio/analysis/spikes.js';
import type { ModelRegistry } from '../../studio/models/model-registry.js';
import type { EdgeReadings } from '../../studio/commands/edge-readings.js';
import { AgentRuntime } from '../runtime/runtime.js';
import { brunoDefinition, type BrunoRequest } from './definition.js';

export type { TurnMemory } from './conversation.js';

export interface BrunoAnswer extends Answer {
  query: string;
  /** `node_readings`: read from the nodes' own raw stores over their command channels. */
  intent: OperationName | 'llm' | 'unknown' | 'node_readings' | 'forecast' | 'threshold';
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
 * agent-bruno's plain-language answers, run by the agent runtime over its definition: without a
 * model the question is parsed into a typed plan (measure, scope, time, operation, units) against
 * what the store holds, and the capability the plan names writes the answer from data fetched for
 * this question. A name or kind the store lacks gets an honest "no data for …" with no number in it.
 * @example
 * const bruno = new Bruno({ store, alerts, graph });
 * (await bruno.ask("What's the temperature in the warehouse?")).response
 */
export class Bruno {
  /** agent-bruno behind the core port (what the studio serves). */
  readonly runtime: AgentRuntime<BrunoRequest>;

  constructor(options: BrunoOptions);
  /** @deprecated The first release's positional form; prefer the options object. */
  constructor(store: StudioStore, healthLimits?: HealthLimits, clock?: () => number, llm?: LlmConfig, alerts?: AlertEngine, graph?: KnowledgeGraph);
  constructor(a: StudioStore | BrunoOptions, healthLimits?: HealthLimits, clock?: () => number, llm?: LlmConfig, alerts?: AlertEngine, graph?: KnowledgeGraph) {
    const o: BrunoOptions = 'store' in a && !('catalog' in a) ? a : { store: a as StudioStore, ...(healthLimits ? { healthLimits } : {}), ...(clock ? { clock } : {}), ...(llm ? { llm } : {}), ...(alerts ? { alerts } : {}), ...(graph ? { graph } : {}) };
    const definition = brunoDefinition({
      store: o.store, healthLimits: o.healthLimits ?? DEFAULT_HEALTH_LIMITS, memory: o.conversations ?? new ConversationMemory(),
      spikes: new StudioAnomalyScorer(o.store), // its memory runs on wall time, whatever clock answers use
      ...(o.alerts ? { alerts: o.alerts } : {}), ...(o.graph ? { graph: o.graph } : {}), ...(o.edge ? { edge: o.edge } : {}), ...(o.models ? { models: o.models } : {}),
    });
    this.runtime = new AgentRuntime(definition, { ...(o.llm ? { llm: o.llm } : {}), clock: o.clock ?? Date.now });
  }

  async ask(query: string, options: AskOptions | string = {}, legacyOnStep?: AskOptions['onStep']): Promise<BrunoAnswer> {
    const opts: AskOptions = typeof options === 'string' ? { conversationId: options, ...(legacyOnStep ? { onStep: legacyOnStep } : {}) } : options;
    const a = await this.runtime.ask({ query, ...(opts.conversationId ? { conversationId: opts.conversationId } : {}), ...(opts.scopes ? { scopes: opts.scopes } : {}), ...(opts.onStep ? { onStep: opts.onStep } : {}) });
    return a as BrunoAnswer;
  }
}
