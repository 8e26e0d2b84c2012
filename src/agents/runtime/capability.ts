import type { ToolSpec } from '../../core/llm-client.js';
import type { CapabilityInfo } from '../../core/agent.js';

/** Most characters of one capability's result handed to a model (bounded context). */
export const MAX_RESULT_CHARS = 6000;

/** What a capability is, for the model's tool calling, for `GET /api/v1/agents` and for the planner. */
export interface CapabilitySpec {
  name: string;
  description: string;
  /** `read` looks; `admin` changes something (the caller needs the admin scope). */
  scope: 'read' | 'admin';
  parameters: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}

/**
 * One capability: its spec and what it does. The same list serves the model-free planner (which
 * calls `run` with arguments it read from the question or the event) and the model's tool calling
 * (which calls `run` with the model's arguments): there is no second table to drift.
 */
export interface Capability<C> {
  spec: CapabilitySpec;
  run(args: Record<string, unknown>, ctx: C): Promise<unknown>;
}

export const toolSpecs = <C>(caps: readonly Capability<C>[]): ToolSpec[] =>
  caps.map((c) => ({ type: 'function', function: { name: c.spec.name, description: c.spec.description, parameters: c.spec.parameters } }));

export const capabilityInfo = <C>(caps: readonly Capability<C>[]): CapabilityInfo[] =>
  caps.map((c) => ({ name: c.spec.name, description: c.spec.description, scope: c.spec.scope }));

/**
 * Runs one call by name with JSON arguments, as a model makes it. Unknown names, bad JSON, a scope
 * the caller lacks and a failing capability come back as an `{error}` the model can read, never
 * as an exception; the text is cut to `MAX_RESULT_CHARS`.
 * @example
 * await callCapability(caps, 'node_health', '{"node":"pi-node-2"}', ctx, ['read'])
 */
export async function callCapability<C>(caps: readonly Capability<C>[], name: string, argText: string, ctx: C, scopes: readonly string[] = ['admin']): Promise<string> {
  const cap = caps.find((c) => c.spec.name === name);
  let result: unknown;
  if (!cap) result = { error: `unknown tool "${name}"; tools: ${caps.map((c) => c.spec.name).join(', ')}` };
  else if (cap.spec.scope === 'admin' && !scopes.includes('admin')) result = { error: `"${name}" needs the admin scope` };
  else {
    let args: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = argText.trim() ? JSON.parse(argText) : {};
      args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
    } catch {
      args = undefined;
    }
    if (!args) result = { error: 'arguments are not a JSON object' };
    else {
      try {
        result = await cap.run(args, ctx);
      } catch (err) {
        result = { error: (err as Error).message };
      }
    }
  }
  const text = JSON.stringify(result) ?? 'null';
  return text.length <= MAX_RESULT_CHARS ? text : `${text.slice(0, MAX_RESULT_CHARS)}… (truncated: ${text.length} characters; narrow the filter)`;
}
