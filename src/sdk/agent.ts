import { HttpClient } from './client.js';
import type { ClientOptions, QueryResponse } from './types.js';

/**
 * A studio agent, asked in plain language.
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

  /** Asks a question; resolves to the typed answer or rejects with a HomelabError. */
  async query(question: string): Promise<QueryResponse> {
    return this.http.request<QueryResponse>('POST', '/query', { query: question });
  }
}
