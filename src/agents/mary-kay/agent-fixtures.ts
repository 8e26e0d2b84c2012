import { Crm } from '../../studio/crm/crm.js';
import { SqliteCrmRepository } from '../../studio/crm/sqlite-crm-repository.js';
import { SqliteAgentState } from '../../studio/agent-state/sqlite-agent-state.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import { maryKayAgent } from './mary-kay.js';

/** Test support (not shipped behaviour). */
/** A CRM and agent-mary-kay over fresh in-memory storage with a fixed clock. */
export async function maryKayOver(now: number, env: Partial<{ share: boolean; llm: { baseUrl: string; model: string } }> = {}) {
  const clock = () => now;
  const crm = new Crm(new SqliteCrmRepository(':memory:'), { clock });
  const state = new SqliteAgentState(':memory:');
  await crm.open();
  await state.open();
  const domain = { crm, state, clock, ...(env.llm ? { llm: env.llm } : {}) } as unknown as StudioDomain;
  const agent = maryKayAgent(domain, { sharePersonalData: env.share ?? false, reminders: { intervalMs: 60_000 } });
  return { crm, agent, domain, close: async () => { await crm.close(); await state.close(); } };
}

