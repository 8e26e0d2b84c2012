/**
 * agent-bruno as the evaluation asks it: no model, the world's fixed clock, an alert engine of its
 * own (in memory) so alert questions can be checked against the rules it really holds.
 * The one place that knows how the agent is constructed.
 */
import { Registry } from 'prom-client';
import { Bruno } from '../../src/agents/bruno/bruno.js';
import { AlertEngine } from '../../src/studio/alerts/engine.js';
import { SqliteAlertRepository } from '../../src/studio/alerts/repository.js';
import type { StudioStore } from '../../src/studio/store/store.js';

export interface AgentUnderTest {
  /** `conversationId`: follow-ups read against the earlier turns of that conversation. */
  ask(question: string, conversationId?: string): Promise<{ response: string; intent: string }>;
  alerts: AlertEngine;
  stop(): Promise<void>;
}

export async function startAgent(store: StudioStore, now: number): Promise<AgentUnderTest> {
  const alerts = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => now, tickMs: 3_600_000, log: () => {} });
  await alerts.start();
  const bruno = new Bruno(store, undefined, () => now, undefined, alerts);
  return { ask: (q, conversationId) => bruno.ask(q, conversationId ? { conversationId } : {}), alerts, stop: () => alerts.stop() };
}
