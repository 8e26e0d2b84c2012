import type { LlmConfig } from '../../../core/llm-client.js';
import { BRUNO_CAPABILITIES, type BrunoContext } from '../capabilities/index.js';
import { runToolLoop, type LoopResult } from '../../runtime/tool-loop.js';

export type { LoopResult } from '../../runtime/tool-loop.js';

const SYSTEM = `You are agent-bruno, who answers a team's questions about their Raspberry Pi edge nodes and sensors.
Use the tools to fetch data (each operation tool returns a written answer and the data it came from); state only
numbers that appear in tool results; name the time window; if the data does not answer the question, say so plainly.
Answer in at most five short sentences.`;

export interface ToolAskOptions {
  maxRounds?: number;
  /** The caller's scopes: capabilities that change something need admin, as on the planner's path. */
  scopes?: readonly string[];
  onStep?: (step: { tool: string; arguments: string }) => void;
}

/**
 * Asks the model with agent-bruno's capabilities (the same list the model-free planner runs) through
 * the runtime's one tool-calling loop (bounded rounds, loop guard, bounded tool output, numbers
 * checked against the tool results).
 * @example
 * const r = await askWithTools(llm, ctx, 'Is the air in warehouse b too dry for paper?');
 */
export function askWithTools(llm: LlmConfig, ctx: BrunoContext, question: string, o: ToolAskOptions = {}): Promise<LoopResult> {
  return runToolLoop(llm, SYSTEM, question, BRUNO_CAPABILITIES, ctx, { maxRounds: o.maxRounds ?? 5, ...(o.scopes ? { scopes: o.scopes } : {}), ...(o.onStep ? { onStep: o.onStep } : {}) });
}
