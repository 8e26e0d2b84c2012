import type { Agent } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import type { AgentDefinition } from '../runtime/definition.js';
import { AgentRuntime } from '../runtime/runtime.js';
import { runToolLoop } from '../runtime/tool-loop.js';
import { ungroundedNumbers } from '../runtime/grounding.js';
import { answerFrom } from './answer.js';
import { CAPABILITIES, type MaryKayCtx } from './capabilities.js';
import { planQuestion } from './question.js';
import { mentionsPerson, redacted } from './privacy.js';
import { ReminderSender, type ReminderSettings } from './reminders.js';

export const MARY_KAY_NAME = 'agent-mary-kay';

export interface MaryKaySettings {
  /** `CRM_MODEL_PERSONAL_DATA` (default off): whether contacts' names, addresses, numbers and notes may go to the model. */
  sharePersonalData: boolean;
  reminders: ReminderSettings;
}

const PERSONA = 'You are agent-mary-kay, the sales assistant of a small business. Answer from the CRM tools only: every number, date and name you write must come from a tool result of this conversation. '
  + 'When a tool says there is no record, say so plainly and never use another record instead. For a follow-up draft, cite only facts the draft_follow_up tool returned. Amounts are never added across currencies.';

/**
 * agent-mary-kay: the sales assistant over the studio's CRM (Crm domain API). Model-free by
 * default: questions are planned onto the capabilities and answered from their results. With a
 * model, the model calls the same capabilities; unless `CRM_MODEL_PERSONAL_DATA` allows it, their
 * results reach the model with personal fields withheld and a question naming a stored person is
 * not sent to it at all. Due reminders go to the notification channels.
 * @example
 * const agent = maryKayAgent(domain, { sharePersonalData: false, reminders: { intervalMs: 60_000 } });
 */
export function maryKayAgent(domain: StudioDomain, settings: MaryKaySettings): Agent & { reminders?: ReminderSender } {
  const crm = domain.crm;
  if (!crm) throw new Error('agent-mary-kay needs the studio\'s CRM (StudioDomain.crm)');
  const modelCaps = settings.sharePersonalData ? CAPABILITIES : redacted(CAPABILITIES);
  const definition: AgentDefinition<MaryKayCtx> = {
    name: MARY_KAY_NAME,
    purpose: 'Sales assistant: contacts, companies, deals and activities in the studio\'s CRM; weighted pipeline, stalled deals, who to call, quarter results, logging calls with reminders, grounded follow-up drafts.',
    persona: PERSONA,
    capabilities: CAPABILITIES, subscriptions: [], actsOn: ['CRM activities and reminders (logging a call, email, meeting or note needs the admin scope)'],
    context: ({ scopes, now }) => ({ crm, scopes, now }),
    async ask(request, ctx) {
      const llm = domain.llm;
      if (!llm) return undefined;
      if (!settings.sharePersonalData) {
        // A note being logged is about a person; a question naming a stored person is personal data too.
        const why = planQuestion(request.query)[0]?.name === 'log_activity' ? 'the question is a note to log' : await mentionsPerson(crm, request.query) ? 'the question names a stored person' : undefined;
        if (why) {
          ctx.llmError = `not sent to the model: ${why} and CRM_MODEL_PERSONAL_DATA is off`;
          return undefined;
        }
      }
      const r = await runToolLoop(llm, PERSONA, request.query, modelCaps, ctx, { scopes: ctx.scopes, ...(request.onStep ? { onStep: request.onStep } : {}) });
      if (r.ok && r.answer) return { intent: 'llm', response: r.answer, data: { model: llm.model, tool_calls: r.toolCalls, rounds: r.rounds, personal_data_shared: settings.sharePersonalData } };
      ctx.llmError = r.error ?? 'the model gave no answer';
      return undefined;
    },
    plan: (question) => planQuestion(question),
    answer(_q, results, ctx) {
      const a = answerFrom(results);
      // The runtime's grounding checker over the model-free answer too: a figure no result holds is a bug.
      const ungrounded = ungroundedNumbers(a.response, results.map((r) => JSON.stringify(r.result)), [14]);
      return { ...a, data: { ...a.data, ...(ungrounded.length ? { ungrounded } : {}), ...(ctx.llmError ? { llm_error: ctx.llmError } : {}) } };
    },
  };
  const runtime = new AgentRuntime(definition, { clock: domain.clock });
  const reminders = new ReminderSender(crm, domain.state, settings.reminders, domain.clock);
  return Object.assign(runtime, {
    reminders,
    start: async () => reminders.start(),
    stop: async () => reminders.stop(),
  });
}
