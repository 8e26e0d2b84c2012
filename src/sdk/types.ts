/** The intents agent-bruno answers (see the README's reference). */
export type QueryIntent =
  | 'current' | 'range' | 'anomalies' | 'unhealthy_nodes' | 'node_health' | 'why' | 'create_alert' | 'help'
  | (string & {});

/** `POST /query`'s answer, as DESIGN.md gives it. */
export interface QueryResponse {
  query: string;
  /** The human answer. */
  response: string;
  intent: QueryIntent;
  /** The structured result the answer was written from. */
  data: Record<string, unknown>;
  /** True for the first request the server process served. */
  cold_start: boolean;
  latency_ms: number;
}

export interface ClientOptions {
  /** agent-bruno's base URL; default `HOMELAB_URL` or `http://localhost:8080`. */
  url?: string;
  /** Bearer token (read scope for queries). */
  token?: string;
  timeoutMs?: number;
  /** For tests and custom agents. */
  fetch?: typeof fetch;
}
