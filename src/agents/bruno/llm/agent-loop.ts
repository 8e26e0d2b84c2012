import { chat, type ChatMessage, type LlmConfig } from '../../../core/llm-client.js';
import type { StudioStore } from '../../../studio/store/store.js';
import type { HealthLimits } from '../../../studio/health/node-health.js';
import { runTool, TOOL_SPECS, type ToolDeps } from './tools.js';
import { ungroundedNumbers } from './grounding.js';

export interface LoopResult {
  ok: boolean;
  answer?: string;
  /** Why the loop gave up (the caller falls back to the model-free answer). */
  error?: string;
  toolCalls: { name: string; arguments: string }[];
  ungrounded: string[];
  rounds: number;
}

const SYSTEM = `You are agent-bruno, who answers a team's questions about their Raspberry Pi edge nodes and sensors.
Use the tools to fetch data; state only numbers that appear in tool results; name the time window; if the data
does not answer the question, say so plainly. Answer in at most five short sentences.`;

/**
 * Asks the model with tool calling over the store. Bounded: at most `maxRounds` model turns, the
 * same call (name + arguments) is never run twice (loop guard), every tool output is cut to a
 * fixed size, and numbers in the final answer are checked against the tool results.
 * @example
 * const r = await askWithTools(llm, store, limits, 'Is the air in warehouse b too dry for paper?', Date.now());
 */
export async function askWithTools(llm: LlmConfig, store: StudioStore, limits: HealthLimits, question: string, now: number, maxRounds = 5, deps: ToolDeps = {}, onStep?: (step: { tool: string; arguments: string }) => void): Promise<LoopResult> {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }];
  const seen = new Set<string>();
  const outputs: string[] = [];
  const toolCalls: LoopResult['toolCalls'] = [];
  for (let round = 1; round <= maxRounds; round++) {
    const r = await chat(llm, messages, TOOL_SPECS);
    if (!r.ok) return { ok: false, error: r.error, toolCalls, ungrounded: [], rounds: round };
    const msg = r.message;
    if (!msg.tool_calls?.length) {
      const answer = (msg.content ?? '').trim();
      if (!answer) return { ok: false, error: 'the model gave an empty answer', toolCalls, ungrounded: [], rounds: round };
      const ungrounded = ungroundedNumbers(answer, outputs);
      return ungrounded.length
        ? { ok: false, error: `the model's answer has numbers no tool returned: ${ungrounded.join(', ')}`, answer, toolCalls, ungrounded, rounds: round }
        : { ok: true, answer, toolCalls, ungrounded, rounds: round };
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
        onStep?.({ tool: call.function.name, arguments: call.function.arguments });
        output = await runTool(store, limits, call.function.name, call.function.arguments, now, deps);
        outputs.push(output);
      }
      messages.push({ role: 'tool', tool_call_id: call.id, name: call.function.name, content: output });
    }
    if (fresh === 0) return { ok: false, error: 'loop guard: the model repeated the same tool calls', toolCalls, ungrounded: [], rounds: round };
  }
  return { ok: false, error: `no answer after ${maxRounds} rounds`, toolCalls, ungrounded: [], rounds: maxRounds };
}
