import { subscribes, type Agent, type AgentAnswer, type AgentEvent, type AgentInfo, type AgentRequest, type EventOutcome } from '../../core/agent.js';
import type { LlmConfig } from '../../core/llm-client.js';
import { capabilityInfo } from './capability.js';
import type { AgentDefinition, CallResult } from './definition.js';
import { runToolLoop } from './tool-loop.js';

export interface RuntimeOptions {
  llm?: LlmConfig;
  clock?: () => number;
}

/**
 * Runs an agent definition behind the core port. A question goes to the model with the agent's
 * capabilities as tools when one is configured and its answer is grounded (every number in a tool
 * result); otherwise, or when the model fails, to the model-free planner over the same
 * capabilities. Capabilities that change something need the admin scope either way.
 * @example
 * const agent = new AgentRuntime(auditorDefinition(domain), { llm });
 * await agent.ask({ query: 'what is firing?' });
 */
export class AgentRuntime<C> implements Agent {
  readonly name: string;

  constructor(readonly definition: AgentDefinition<C>, private readonly options: RuntimeOptions = {}) {
    this.name = definition.name;
  }

  info(): AgentInfo {
    const d = this.definition;
    return { name: d.name, purpose: d.purpose, capabilities: capabilityInfo(d.capabilities), subscriptions: [...d.subscriptions], acts_on: [...d.actsOn] };
  }

  async ask(request: AgentRequest): Promise<AgentAnswer> {
    const d = this.definition;
    const scopes = request.scopes ?? ['admin'];
    const ctx = d.context({ scopes, now: (this.options.clock ?? Date.now)(), query: request.query, ...(request.conversationId ? { conversationId: request.conversationId } : {}) });
    const extra = () => d.annotate?.(ctx) ?? {};
    const own = await d.ask?.(request, ctx);
    if (own) return { query: request.query, ...own, data: { ...own.data, ...extra() } };
    let llmError: string | undefined;
    let llmCalls: { name: string; arguments: string }[] = [];
    if (this.options.llm && (await d.modelFor?.(request.query, ctx) ?? true)) {
      const r = await runToolLoop(this.options.llm, d.persona, request.query, d.capabilities, ctx, { scopes, ...(request.onStep ? { onStep: request.onStep } : {}) });
      if (r.ok && r.answer) return { query: request.query, intent: 'llm', response: r.answer, data: { model: this.options.llm.model, tool_calls: r.toolCalls, rounds: r.rounds, ...extra() } };
      llmError = r.error;
      llmCalls = r.toolCalls;
    }
    const results: CallResult[] = [];
    for (const call of await d.plan(request.query, ctx)) {
      const cap = d.capabilities.find((c) => c.spec.name === call.name);
      if (cap?.spec.scope === 'admin' && !scopes.includes('admin')) {
        return { query: request.query, intent: call.name, status: 403, response: `That needs the "admin" scope (as ${call.name} does on the REST API); this token has ${scopes.join(', ') || 'no scope'}. Nothing was changed.`, data: { missing_scope: 'admin', scopes: [...scopes], ...extra() } };
      }
      // The planner's own calls are not cut for a model's context: the answer may need all of it.
      try {
        results.push({ ...call, result: cap ? await cap.run(call.args, ctx) : { error: `unknown capability ${call.name}` } });
      } catch (err) {
        results.push({ ...call, result: { error: (err as Error).message }, thrown: err });
      }
    }
    const a = await d.answer(request.query, results, ctx);
    return { query: request.query, ...a, data: { ...a.data, calls: results.map((r) => ({ name: r.name, args: r.args })), ...(llmError ? { llm_error: llmError, tool_calls: llmCalls } : {}), ...extra() } };
  }

  async handle(event: AgentEvent): Promise<EventOutcome> {
    const d = this.definition;
    if (!d.onEvent || !subscribes(d.subscriptions, event.type)) return { status: 'skipped', reason: `${d.name} does not subscribe to ${event.type}` };
    return d.onEvent(event, d.context({ scopes: ['admin'], now: (this.options.clock ?? Date.now)(), query: '' }));
  }
}
