import type { Hono } from 'hono';
import type { AgentHost } from '../agent-host.js';

/** `GET /api/v1/agents`: every agent this process serves, with purpose, capabilities and subscriptions. */
export function agentsRoute(app: Hono, host: AgentHost): void {
  app.get('/api/v1/agents', (c) => c.json({ agents: host.agents.map((a) => a.info()) }));
}
