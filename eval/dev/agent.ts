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

/** The names a store holds — nodes, locations, sensors — which an honest "no data" answer may repeat. */
export async function knownNames(store: StudioStore): Promise<string[]> {
  const c = await store.catalog();
  return [...c.nodes, ...c.locations, ...new Set(c.series.map((s) => s.sensor))];
}

/** A built world, the agent over it and the names its store holds: what every honesty property starts from. */
export async function agentOverWorld<W extends { store: StudioStore; now: number }>(build: () => Promise<W>): Promise<{ w: W; agent: AgentUnderTest; known: string[] }> {
  const w = await build();
  return { w, agent: await startAgent(w.store, w.now), known: await knownNames(w.store) };
}
