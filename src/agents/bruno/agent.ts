import type { Agent } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import { StoredTurns } from '../runtime/memory.js';
import { Bruno } from './bruno.js';
import type { Turn } from './conversation.js';

export { BRUNO_PURPOSE } from './definition.js';

/**
 * agent-bruno behind the core port: its definition run by the agent runtime, with conversation
 * turns in the studio's storage so any replica reads a follow-up. It takes its events through
 * ingest (it owns the store), not as an agent subscriber.
 * @example
 * const agent = brunoAgent(domain); await agent.ask({ query: 'Are there any unhealthy Pi nodes?' });
 */
export function brunoAgent(domain: StudioDomain): Agent {
  return new Bruno({
    store: domain.store, healthLimits: domain.healthLimits, clock: domain.clock, alerts: domain.alerts, graph: domain.graph,
    conversations: new StoredTurns<Turn>(domain.state, 'agent-bruno'), ...(domain.llm ? { llm: domain.llm } : {}), ...(domain.edge ? { edge: domain.edge } : {}), ...(domain.models ? { models: domain.models } : {}),
  }).runtime;
}
