/** The intents agent-bruno answers (see the README's reference). */
export type QueryIntent =
  | 'current' | 'range' | 'anomalies' | 'unhealthy_nodes' | 'node_health' | 'why' | 'create_alert' | 'help'
  | (string & {});

/** `POST /query`'s answer, as DESIGN.md gives it: the core agent port's type (`agent` on `/agents/{name}/query`). */
export type { QueryResponse } from '../core/agent.js';

export interface ClientOptions {
  /** agent-bruno's base URL; default `HOMELAB_URL` or `http://localhost:8080`. */
  url?: string;
  /** Bearer token (read scope for queries). */
  token?: string;
  timeoutMs?: number;
  /** For tests and custom agents. */
  fetch?: typeof fetch;
}
