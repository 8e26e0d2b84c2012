import type { Agent, AgentEvent, EventOutcome } from '../core/agent.js';
import type { ModelRegistry } from './models/model-registry.js';
import { subscribes } from '../core/agent.js';
import type { LlmConfig } from '../core/llm-client.js';
import type { AlertEngine } from './alerts/engine.js';
import type { KnowledgeGraph } from './graph/knowledge-graph.js';
import type { HealthLimits } from './health/node-health.js';
import type { StudioStore } from './store/store.js';
import type { AgentStateRepository } from './agent-state/agent-state.js';
import type { GoalBook } from './goals/goal-book.js';
import { logger } from '../core/logger.js';
import type { EdgeReadings } from './commands/edge-readings.js';
import type { Crm } from './crm/crm.js';

/**
 * The domain APIs the studio hands to the agents it serves: they read and act through these, never
 * through a repository of their own. Built once storage objects exist (open happens later, behind
 * the listening server, as for every route).
 */
export interface StudioDomain {
  store: StudioStore;
  alerts: AlertEngine;
  graph: KnowledgeGraph;
  /** Conversations, claims and action logs (SQLite or PostgreSQL, as the rest of the studio). */
  state: AgentStateRepository;
  /** agent-mary-kay's CRM: companies, contacts, deals, activities and reminders. */
  crm?: Crm;
  healthLimits: HealthLimits;
  clock: () => number;
  llm?: LlmConfig;
  /** Goals (aigoat; `/api/v1/goals`). */
  goals?: GoalBook;
  /** Puts an event an agent emits on the event path (the Broker, or this process's agents), as webhooks are. */
  publish?: (event: AgentEvent) => Promise<void>;
  /** Drill-down into a node's raw local store over its command channel (studio role only). */
  edge?: EdgeReadings;
  /** Trained models and forecasts (agent-bruno's "what will … be tonight?"). */
  models?: ModelRegistry;
}

/** What the composition root gives the studio: the agents to serve, built over its domain. */
export type AgentsFactory = (domain: StudioDomain) => Agent[];

/**
 * The agents one studio process serves, and the in-process event path to them: an event is handed
 * to every agent subscribed to its type, one after another per agent (an agent sees its events in
 * order), never blocking the caller. Failures are logged and counted by the caller's `onOutcome`.
 * @example
 * const host = new AgentHost(agents, (a, e, o) => metrics.agentEvents.inc({ agent: a, status: o.status }));
 * host.dispatch(event);
 */
export class AgentHost {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly byName: Map<string, Agent>;

  constructor(readonly agents: readonly Agent[], private readonly onOutcome: (agent: string, event: AgentEvent, outcome: EventOutcome) => void = () => {}) {
    this.byName = new Map(agents.map((a) => [a.name, a]));
  }

  get(name: string): Agent | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** The agents subscribed to a type. */
  subscribers(type: string): Agent[] {
    return this.agents.filter((a) => subscribes(a.info().subscriptions, type));
  }

  /** Hands the event to its subscribers; resolves when they are done (tests), callers need not wait. */
  dispatch(event: AgentEvent): Promise<void> {
    const runs = this.subscribers(event.type).map((agent) => {
      const prev = this.queues.get(agent.name) ?? Promise.resolve();
      const run = prev.then(() => agent.handle(event)).then(
        (outcome) => this.onOutcome(agent.name, event, outcome),
        (err: Error) => {
          logger(agent.name).error({ err, type: event.type, id: event.id }, 'event failed');
          this.onOutcome(agent.name, event, { status: 'skipped', reason: 'failed' });
        });
      this.queues.set(agent.name, run);
      return run;
    });
    return Promise.all(runs).then(() => undefined);
  }

  /** Resolves when every event handed on so far has been handled. */
  async settled(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  async start(): Promise<void> {
    for (const a of this.agents) await a.start?.();
  }

  async stop(): Promise<void> {
    await this.settled();
    for (const a of this.agents) await a.stop?.();
  }
}
