import type { LlmConfig } from '../../../core/llm-client.js';
import type { StudioStore } from '../../../studio/store/store.js';
import type { HealthLimits } from '../../../studio/health/node-health.js';
import { BRUNO_TOOLS, type ToolDeps } from './tools.js';
import { runToolLoop, type LoopResult } from '../../runtime/tool-loop.js';

export type { LoopResult } from '../../runtime/tool-loop.js';

const SYSTEM = `You are agent-bruno, who answers a team's questions about their Raspberry Pi edge nodes and sensors.
Use the tools to fetch data; state only numbers that appear in tool results; name the time window; if the data
does not answer the question, say so plainly. Answer in at most five short sentences.`;

/**
 * Asks the model with agent-bruno's tools through the runtime's one tool-calling loop (bounded
 * rounds, loop guard, bounded tool output, numbers checked against the tool results).
 * @example
 * const r = await askWithTools(llm, store, limits, 'Is the air in warehouse b too dry for paper?', Date.now());
 */
export function askWithTools(llm: LlmConfig, store: StudioStore, limits: HealthLimits, question: string, now: number, maxRounds = 5, deps: ToolDeps = {}, onStep?: (step: { tool: string; arguments: string }) => void): Promise<LoopResult> {
  return runToolLoop(llm, SYSTEM, question, BRUNO_TOOLS, { store, limits, now, ...deps }, { maxRounds, ...(onStep ? { onStep } : {}) });
}
