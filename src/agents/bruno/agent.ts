import type { Agent, AgentAnswer, AgentInfo, AgentRequest, EventOutcome } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import { StoredTurns } from '../runtime/memory.js';
import { Bruno } from './bruno.js';
import type { Turn } from './conversation.js';
import { BRUNO_CAPABILITIES } from './capabilities/index.js';
import { capabilityInfo } from '../runtime/capability.js';

export const BRUNO_PURPOSE = 'Answers questions about the edge nodes and sensors in plain language, from stored data; creates and edits alerts; owns ingest, storage, the knowledge graph and alerts.';

/**
 * agent-bruno behind the core port: its own language layer (plan → operation) answers, with
 * conversation turns in the studio's storage so any replica reads a follow-up.
 * @example
 * const agent = brunoAgent(domain); await agent.ask({ query: 'Are there any unhealthy Pi nodes?' });
 */
export function brunoAgent(domain: StudioDomain): Agent {
  const bruno = new Bruno({
    store: domain.store, healthLimits: domain.healthLimits, clock: domain.clock, alerts: domain.alerts, graph: domain.graph,
    conversations: new StoredTurns<Turn>(domain.state, 'agent-bruno'), ...(domain.llm ? { llm: domain.llm } : {}), ...(domain.edge ? { edge: domain.edge } : {}), ...(domain.models ? { models: domain.models } : {}),
  });
  const capabilities = capabilityInfo(BRUNO_CAPABILITIES);
  return {
    name: 'agent-bruno',
    info: (): AgentInfo => ({ name: 'agent-bruno', purpose: BRUNO_PURPOSE, capabilities, subscriptions: [], acts_on: ['alert rules'] }),
    async ask(r: AgentRequest): Promise<AgentAnswer> {
      const a = await bruno.ask(r.query, { ...(r.conversationId ? { conversationId: r.conversationId } : {}), ...(r.scopes ? { scopes: r.scopes } : {}), ...(r.onStep ? { onStep: r.onStep } : {}) });
      return { query: a.query, response: a.response, intent: a.intent, data: a.data, ...(a.status ? { status: a.status } : {}) };
    },
    // agent-bruno takes its events through ingest (it owns the store), not as an agent subscriber.
    handle: async (): Promise<EventOutcome> => ({ status: 'skipped', reason: 'agent-bruno ingests events through /events' }),
  };
}
