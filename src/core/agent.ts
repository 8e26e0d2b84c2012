/**
 * The agent port: what the studio, the SDK and the CLI know of an agent. The studio serves any
 * `Agent` (it imports this file, never agent code); the agents implement it; the SDK reuses the
 * request and response types. One core noun: the agent as seen from outside.
 */

/** `POST /query` and `POST /agents/{name}/query`: the question and who asks. */
export interface AgentRequest {
  query: string;
  /** Follow-ups build on the conversation's last turn (kept in the store, so any replica answers). */
  conversationId?: string;
  /** The caller's scopes (default: admin, as on an open loopback studio). */
  scopes?: readonly string[];
  /** Each tool call as it happens (server-sent events). */
  onStep?: (step: { tool: string; arguments: string }) => void;
}

/** What an agent answers: the human text and the data it was written from. */
export interface AgentAnswer {
  query: string;
  response: string;
  /** The operation the question was read as (`current`, `plan`, `llm`, `unknown`, …). */
  intent: string;
  data: Record<string, unknown>;
  /** A status other than 200 when the answer is a refusal (403: a scope the caller lacks). */
  status?: 400 | 403 | 404 | 409;
}

/** The HTTP body of an answer, as DESIGN.md gives it; `agent` on `/agents/{name}/query`. */
export interface QueryResponse {
  query: string;
  /** The human answer. */
  response: string;
  intent: string;
  /** The structured result the answer was written from. */
  data: Record<string, unknown>;
  /** True for the first request the server process served. */
  cold_start: boolean;
  latency_ms: number;
  /** Which agent answered (on `/agents/{name}/query`). */
  agent?: string;
  conversation_id?: string;
}

/** A CloudEvent as an agent receives it (edge events, webhooks), already validated. */
export interface AgentEvent {
  id: string;
  source: string;
  type: string;
  /** Epoch ms. */
  time: number;
  subject?: string;
  data: unknown;
}

/** What an agent did with an event, for logs, metrics and tests. */
export interface EventOutcome {
  /** `acted` (it posted, recorded or planned something), `skipped` (not for it, or already done). */
  status: 'acted' | 'skipped';
  reason?: string;
  detail?: Record<string, unknown>;
}

/** A capability as listed by `GET /api/v1/agents`. */
export interface CapabilityInfo {
  name: string;
  description: string;
  /** The scope a caller needs for it: `read` for looking, `admin` for acting. */
  scope: 'read' | 'admin';
}

/** What `GET /api/v1/agents` lists for each agent. */
export interface AgentInfo {
  name: string;
  purpose: string;
  capabilities: CapabilityInfo[];
  /** CloudEvent types it handles (a `*` suffix is a prefix match: `io.homelab.github.*`). */
  subscriptions: string[];
  /** What it may change (empty: read-only). */
  acts_on: string[];
}

/**
 * An agent: a name, a description of itself, questions and events.
 * @example
 * const a: Agent = agents.find((x) => x.name === 'agent-auditor')!;
 * await a.handle({ id: '1', source: '/webhooks/alertmanager', type: 'io.homelab.alertmanager.alert', time: Date.now(), data });
 */
export interface Agent {
  readonly name: string;
  info(): AgentInfo;
  ask(request: AgentRequest): Promise<AgentAnswer>;
  handle(event: AgentEvent): Promise<EventOutcome>;
  /**
   * Executes an action the agent planned, when the caller may approve it (agent-jamie: the admin
   * scope). The agent checks the scopes itself, so a refusal is recorded in its audit log.
   */
  approve?(id: string, by: { scopes: readonly string[]; who?: string }): Promise<AgentAnswer>;
  /** Background work the agent owns (none for most); `stop` ends it. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** True when an event type matches a subscription (`io.homelab.github.*` matches by prefix). */
export function subscribes(subscriptions: readonly string[], type: string): boolean {
  return subscriptions.some((s) => (s.endsWith('*') ? type.startsWith(s.slice(0, -1)) : s === type));
}

/** Agent names: lowercase letters, digits and dashes, as Kubernetes names them. */
export const AGENT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
