import type { Agent, AgentEvent } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import type { AgentDefinition, CallResult, PlannedCall } from '../runtime/definition.js';
import { AgentRuntime } from '../runtime/runtime.js';
import { ungroundedNumbers } from '../runtime/grounding.js';
import { AIGOAT_CAPABILITIES, goalSummary, type AigoatContext } from './capabilities.js';
import { goalLine, listAnswer, riskAnswer } from './answer.js';
import { GoalSchedule, type GoalScheduleSettings } from './schedule.js';
import { logger } from '../../core/logger.js';

export const AIGOAT_NAME = 'aigoat';
/** The scheduled check as a CloudEvent (a Knative PingSource through the Broker wakes a scaled-to-zero aigoat with it). */
export const GOAL_TICK = 'io.homelab.goal.tick';
/** What Knative's PingSource sends (its type is fixed): deploy/studio/base/aigoat.yaml wakes aigoat with it every 5 minutes. */
export const KNATIVE_PING = 'dev.knative.sources.ping';
export const AIGOAT_SUBSCRIPTIONS: readonly string[] = [GOAL_TICK, KNATIVE_PING];

const PERSONA = `You are aigoat, who keeps a team's goals: measured goals over the studio's stored sensor and node data, and tracked goals with check-ins.
Use the tools for every figure (attainment, budget, projection, costliest moments); state only numbers that appear in tool results.
Set goals with set_goal (pass the user's words), record progress with check_in. If a tool says there is no data for a name, say so plainly.`;

const SET = /^\s*(?:please\s+)?(?:set|add|create|make|new|track)\b.{0,30}\bgoal\b|^\s*goal\s*:/i;
const DELETE = /\b(?:delete|remove|drop|cancel)\b.{0,40}\bgoal\b/i;
const CHECK_IN = /\bcheck[- ]?in\b|\bprogress update\b|\bupdate (?:on |for |to )?(?:the |my )?[\w -]{0,40}goal\b|\bgoal\b.{0,60}\b(?:done|complete[d]?|finished)\b|\b\d+(?:\.\d+)?\s*%\s*(?:done|complete)\b/i;
const RISK = /\b(?:what|why|which|who)\b.{0,40}\b(?:risk|breach(?:ed)?|behind|cost(?:s|ing)?|hurt|failing|miss(?:ed|ing)?|wrong)\b/i;

/** The model-free plan: one capability, with the question as its argument. */
export function planQuestion(question: string): PlannedCall[] {
  if (SET.test(question)) return [{ name: 'set_goal', args: { text: question } }];
  if (DELETE.test(question)) return [{ name: 'delete_goal', args: { goal: question } }];
  if (CHECK_IN.test(question)) return [{ name: 'check_in', args: { goal: question.split(':')[0]!, text: question } }];
  if (RISK.test(question)) return [{ name: 'goal_risk', args: { goal: question } }];
  if (/\bgoals\b|\bhow are (?:we|things)\b|\bstatus\b|\bprogress\b|\bon track\b/i.test(question)) return [{ name: 'list_goals', args: {} }];
  if (/\bgoal\b/i.test(question)) return [{ name: 'goal_progress', args: { goal: question } }];
  return [];
}

const HELP = 'I keep goals. Try: "set a goal: keep warehouse-b below 25 °C 99 % of the time this week", "set a goal: pi-node-3 average CPU under 60 % by Friday", '
  + '"set a goal: no critical anomalies in the office for 30 days", "set a goal: ship the dashboard by Dec 15, owner ana, key results: goals panel; screenshots", '
  + '"how are my goals doing?", "what put the warehouse goal at risk?", "check in on the dashboard goal: kr1 done".';

/** Writes the answer from the one call's result. */
export function answerFrom(results: CallResult[]): { intent: string; response: string; data: Record<string, unknown> } {
  const call = results[0];
  if (!call) return { intent: 'help', response: HELP, data: {} };
  const r = call.result as Record<string, unknown> & { error?: string };
  if (r && typeof r === 'object' && !Array.isArray(r) && typeof r.error === 'string') {
    const verb = call.name === 'set_goal' ? 'No goal was set: ' : call.name === 'check_in' ? 'Nothing was recorded: ' : '';
    return { intent: call.name, response: `${verb}${r.error[0]!.toUpperCase()}${r.error.slice(1).replace(/; no goal was set$/, '')}.`, data: { error: r.error } };
  }
  switch (call.name) {
    case 'list_goals': return { intent: 'goal_status', ...listAnswer(r as unknown as Parameters<typeof listAnswer>[0]) };
    case 'goal_progress': return { intent: 'goal_progress', response: goalLine(r as Parameters<typeof goalLine>[0]), data: { goal: r } };
    case 'goal_risk': return { intent: 'goal_risk', response: riskAnswer(r as unknown as Parameters<typeof riskAnswer>[0]), data: r };
    case 'set_goal': {
      const g = r.created as Parameters<typeof goalLine>[0];
      return { intent: 'set_goal', response: `Goal set. ${goalLine(g)}`, data: { goal: g } };
    }
    case 'check_in': {
      const g = r.checked_in as Parameters<typeof goalLine>[0];
      return { intent: 'check_in', response: `Checked in. ${goalLine(g)}`, data: { goal: g, check_in: r.check_in } };
    }
    case 'delete_goal': {
      const d = r.deleted as { id: string; title: string };
      return { intent: 'delete_goal', response: `Deleted "${d.title}" (${d.id}).`, data: r };
    }
    default: return { intent: call.name, response: HELP, data: { result: r } };
  }
}

/**
 * aigoat: goal tracking on the agent runtime. Questions and goal-setting in plain language over its
 * capabilities (model-free by default; a model calls the same ones), and a schedule that evaluates
 * every goal, puts `io.homelab.goal.at_risk|breached|met` on the event path once each, reminds
 * owners of check-ins and posts a weekly report to its channels.
 * @example
 * const goat = aigoatAgent(domain, { webhookUrl: process.env.GOALS_WEBHOOK_URL });
 */
export function aigoatAgent(domain: StudioDomain, settings: GoalScheduleSettings = {}): Agent & { schedule: GoalSchedule } {
  const goals = domain.goals;
  if (!goals) throw new Error('aigoat needs the studio\'s goals (StudioDomain.goals)');
  const schedule = new GoalSchedule(domain, goals, settings);
  const definition: AgentDefinition<AigoatContext> = {
    name: AIGOAT_NAME,
    purpose: 'Goal tracking: measured goals over stored readings, node health and anomalies (attainment, budget left, trend, projection, costliest moments) and tracked goals with key results and check-ins; emits goal events, reminds, reports weekly.',
    persona: PERSONA,
    capabilities: AIGOAT_CAPABILITIES,
    subscriptions: [...AIGOAT_SUBSCRIPTIONS],
    actsOn: ['goals (/api/v1/goals)', 'goal events on the event path', 'its report channels (GOALS_WEBHOOK_URL, GOALS_SLACK_URL)'],
    context: ({ now }) => ({ domain, goals, now }),
    plan: (question) => planQuestion(question),
    // The runtime's grounding check on its own model-free answer too: every figure from this request's results.
    answer: (_q, results) => {
      const a = answerFrom(results);
      const ungrounded = ungroundedNumbers(a.response, [JSON.stringify(results.map((r) => r.result)), HELP]);
      if (ungrounded.length) logger('aigoat').warn({ figures: ungrounded }, 'answer has figures no capability returned');
      return { ...a, data: { ...a.data, ungrounded } };
    },
    async onEvent(event: AgentEvent) {
      if (event.type !== GOAL_TICK && event.type !== KNATIVE_PING) return { status: 'skipped', reason: `no handler for ${event.type}` };
      const r = await schedule.tick();
      return { status: 'acted', detail: { ...r } };
    },
  };
  const runtime = new AgentRuntime(definition, { ...(domain.llm ? { llm: domain.llm } : {}), clock: domain.clock });
  return Object.assign(runtime, { schedule, start: () => schedule.start(), stop: () => schedule.stop() });
}

export { goalSummary };
