import { HttpClient } from './client.js';
import type { ClientOptions, QueryResponse } from './types.js';

/**
 * A studio agent by name (agent-bruno, agent-auditor, agent-jamie), asked in plain language.
 * @example
 * import { Agent } from 'homelab-edge/sdk';
 * const bruno = new Agent('agent-bruno', { url: 'http://localhost:8080' });
 * const answer = await bruno.query("What's the temperature in the warehouse?");
 * console.log(answer.response, answer.data);
 */
export class Agent {
  private readonly http: HttpClient;

  constructor(readonly name = 'agent-bruno', options: ClientOptions = {}) {
    this.http = new HttpClient(options);
  }

  /**
   * Asks this agent (`POST /agents/{name}/query`; agent-bruno through `/query`, which every studio
   * has); resolves to the typed answer or rejects with a HomelabError.
   */
  async query(question: string, options: { conversationId?: string } = {}): Promise<QueryResponse> {
    const path = this.name === 'agent-bruno' ? '/query' : `/agents/${encodeURIComponent(this.name)}/query`;
    return this.http.request<QueryResponse>('POST', path, { query: question, ...(options.conversationId ? { conversation_id: options.conversationId } : {}) });
  }
}
