import { chat, type ChatMessage, type LlmConfig } from '../../core/llm-client.js';
import { callCapability, toolSpecs, type Capability } from './capability.js';
import { ungroundedNumbers } from './grounding.js';

export interface LoopResult {
  ok: boolean;
  answer?: string;
  /** Why the loop gave up (the caller falls back to the model-free answer). */
  error?: string;
  toolCalls: { name: string; arguments: string }[];
  /** Every tool result, in order: what the answer's numbers are checked against. */
  outputs: string[];
  ungrounded: string[];
  rounds: number;
}

export interface LoopOptions {
  maxRounds?: number;
  scopes?: readonly string[];
  onStep?: (step: { tool: string; arguments: string }) => void;
  /** Results the caller fetched before asking (the model may cite them, so they count as grounding). */
  given?: string[];
}

/**
 * The one tool-calling loop of every agent. Bounded: at most `maxRounds` model turns, the same
 * call (name + arguments) is never run twice (loop guard), every result is cut to a fixed size,
 * and every number in the final answer must appear in a tool result (else it is refused and the
 * caller answers without the model).
 * @example
 * const r = await runToolLoop(llm, persona, question, capabilities, ctx);
 */
export async function runToolLoop<C>(llm: LlmConfig, system: string, user: string, caps: readonly Capability<C>[], ctx: C, o: LoopOptions = {}): Promise<LoopResult> {
  const maxRounds = o.maxRounds ?? 5;
  const messages: ChatMessage[] = [{ role: 'system', content: system }, { role: 'user', content: user }];
  const seen = new Set<string>();
  const outputs: string[] = [...(o.given ?? [])];
  const toolCalls: LoopResult['toolCalls'] = [];
  const specs = toolSpecs(caps);
  const fail = (error: string, round: number, extra: Partial<LoopResult> = {}): LoopResult => ({ ok: false, error, toolCalls, outputs, ungrounded: [], rounds: round, ...extra });
  for (let round = 1; round <= maxRounds; round++) {
    const r = await chat(llm, messages, specs.length ? specs : undefined);
    if (!r.ok) return fail(r.error, round);
    const msg = r.message;
    if (!msg.tool_calls?.length) {
      const answer = (msg.content ?? '').trim();
      if (!answer) return fail('the model gave an empty answer', round);
      const ungrounded = ungroundedNumbers(answer, outputs);
      return ungrounded.length
        ? fail(`the model's answer has numbers no tool returned: ${ungrounded.join(', ')}`, round, { answer, ungrounded })
        : { ok: true, answer, toolCalls, outputs, ungrounded, rounds: round };
    }
    messages.push({ role: 'assistant', content: msg.content ?? null, tool_calls: msg.tool_calls });
    let fresh = 0;
    for (const call of msg.tool_calls) {
      const key = `${call.function.name}:${call.function.arguments}`;
      let output: string;
      if (seen.has(key)) {
        output = JSON.stringify({ error: 'this exact call was already made; use its result above' });
      } else {
        seen.add(key);
        fresh++;
        toolCalls.push({ name: call.function.name, arguments: call.function.arguments });
        o.onStep?.({ tool: call.function.name, arguments: call.function.arguments });
        output = await callCapability(caps, call.function.name, call.function.arguments, ctx, o.scopes);
        outputs.push(output);
      }
      messages.push({ role: 'tool', tool_call_id: call.id, name: call.function.name, content: output });
    }
    if (fresh === 0) return fail('loop guard: the model repeated the same tool calls', round);
  }
  return fail(`no answer after ${maxRounds} rounds`, maxRounds);
}
