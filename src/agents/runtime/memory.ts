import { CONVERSATION_TTL_MS, type AgentStateRepository } from '../../studio/agent-state/agent-state.js';

/**
 * One agent's conversation turns in the studio's storage: a follow-up sent to another replica
 * finds the turn the first one saved. Idle conversations are forgotten after 30 minutes.
 * @example
 * const memory = new StoredTurns<Turn>(domain.state, 'agent-bruno');
 */
export class StoredTurns<T extends { at: number }> {
  constructor(private readonly state: AgentStateRepository, private readonly agent: string, private readonly ttlMs = CONVERSATION_TTL_MS) {}

  async get(id: string, now: number): Promise<T | undefined> {
    return (await this.state.turn(this.agent, id, now - this.ttlMs)) as T | undefined;
  }

  async set(id: string, turn: T): Promise<void> {
    await this.state.saveTurn(this.agent, id, turn, turn.at, turn.at - this.ttlMs);
  }
}
