import type { Agent } from '../core/agent.js';
import type { Env, EnvReport } from '../core/env.js';
import type { StudioDomain } from '../studio/agent-host.js';
import { brunoAgent } from './bruno/agent.js';

/** Every implemented agent, by name, built over the studio's domain and the environment's settings. */
export const AGENT_CATALOG: Record<string, (domain: StudioDomain, env: Env, report: EnvReport) => Agent> = {
  'agent-bruno': (domain) => brunoAgent(domain),
};

export const AGENT_NAMES: readonly string[] = Object.keys(AGENT_CATALOG);

/**
 * The agents named, in catalog order; every implemented agent when `names` is undefined.
 * @example
 * buildAgents(domain, ['agent-auditor'], process.env, report)
 */
export function buildAgents(domain: StudioDomain, names: readonly string[] | undefined, env: Env, report: EnvReport): Agent[] {
  return AGENT_NAMES.filter((n) => !names || names.includes(n)).map((n) => AGENT_CATALOG[n]!(domain, env, report));
}
