import type { AgentAnswer, AgentEvent, AgentRequest, EventOutcome } from '../../core/agent.js';
import type { Capability } from './capability.js';

/** One call the model-free planner chose: a capability by name and its arguments. */
export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** A call and what it returned, in the order made: what an answer is written from. */
export interface CallResult extends PlannedCall {
  result: unknown;
  /** What the capability threw (its `result` is then `{error}`), for an answer that would rather rethrow it. */
  thrown?: unknown;
}

/**
 * An agent as configuration: who it is, what it can do, what it listens to and what it may change.
 * The runtime does the rest (scopes, the model's tool loop, the model-free fallback, subscriptions).
 */
export interface AgentDefinition<C> {
  name: string;
  /** One line for `GET /api/v1/agents`. */
  purpose: string;
  /** The system prompt when a model is configured. */
  persona: string;
  /** The one list the planner and the model both call. */
  capabilities: Capability<C>[];
  /** CloudEvent types handled by `onEvent` (`*` suffix: prefix match). */
  subscriptions: string[];
  /** What it may change (empty: read-only). */
  actsOn: string[];
  /** The per-request context its capabilities run in (clock, domain APIs, the caller's scopes, the question). */
  context(request: { scopes: readonly string[]; now: number; query: string; conversationId?: string }): C;
  /** With a model configured: whether this question goes to it first (default: every question). */
  modelFor?(question: string, ctx: C): boolean | Promise<boolean>;
  /** Fields added to the data of every answer (agent-bruno: the plan its language layer read). */
  annotate?(ctx: C): Record<string, unknown>;
  /** Model-free: which capabilities to call for a question, with what (empty: `answer` says what it can do). */
  plan(question: string, ctx: C): PlannedCall[] | Promise<PlannedCall[]>;
  /** Model-free: the answer written from the calls' results (every number from `results`). */
  answer(question: string, results: CallResult[], ctx: C): Omit<AgentAnswer, 'query'> | Promise<Omit<AgentAnswer, 'query'>>;
  /** What to do with a subscribed event. */
  onEvent?(event: AgentEvent, ctx: C): Promise<EventOutcome>;
  /** Replaces the plan → calls → answer path for questions it answers itself (e.g. approvals). */
  ask?(request: AgentRequest, ctx: C): Promise<Omit<AgentAnswer, 'query'> | undefined>;
}
