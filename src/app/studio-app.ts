import type { Env, EnvReport } from '../core/env.js';
import { envValue } from '../core/env.js';
import { listOf } from '../core/settings.js';
import { StudioServer, type StudioOptions } from '../studio/server.js';
import { AGENT_NAMES, buildAgents } from '../agents/catalog.js';
import { trainerLimitsFromEnv } from '../forge/trainer.js';
import { workerTrainer } from '../forge/train-in-worker.js';

export { AGENT_NAMES } from '../agents/catalog.js';

/**
 * The composition root: the studio (which knows only the core agent port) with the agents wired
 * in. `agents` chooses which (default: `AGENTS`, else every implemented agent); an unknown name in
 * `AGENTS` is warned about and the default used.
 * @example
 * const studio = createStudio({ port: 8080, host: '127.0.0.1', dataDir: './data' }, process.env);
 */
export function createStudio(options: StudioOptions & { agents?: never; enabledAgents?: readonly string[] }, env: Env = {}, report: EnvReport = { warnings: [] }): StudioServer {
  const names = options.enabledAgents ?? agentsFromEnv(env, report);
  const { enabledAgents: _skip, ...rest } = options;
  return new StudioServer({ ...rest, trainer: rest.trainer ?? workerTrainer(trainerLimitsFromEnv(env, report)), agents: (domain) => buildAgents(domain, names, env, report) });
}

/** `AGENTS=name,…`: which agents a studio serves (undefined: all). */
export function agentsFromEnv(env: Env, report: EnvReport): string[] | undefined {
  return envValue(env, 'AGENTS', listOf(AGENT_NAMES), undefined, report);
}
