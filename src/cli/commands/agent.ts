import type { Command } from 'commander';
import { onShutdown } from '../shutdown.js';
import { flag, printWarnings, setting } from '../flags.js';
import { port, text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { InvalidInput } from '../../core/errors.js';

interface AgentFlags { port?: number; host?: string; dataDir?: string; databaseUrl?: string }

/**
 * `homelab agent NAME`: one agent as its own process (one Knative Service per agent). Unless it
 * is agent-bruno, or `HOMELAB_ROLE=studio` says otherwise, it owns no ingest, retention, alert
 * ticks or graph catch-up: `/events` hands the events its Triggers deliver to the agent.
 */
export function registerAgent(program: Command, env: Env): void {
  program.command('agent')
    .argument('<name>', 'the agent: agent-bruno, agent-auditor, agent-jamie, aigoat or agent-mary-kay')
    .description('Run one agent alone: POST /agents/NAME/query, GET /api/v1/agents, /events for its subscriptions, /healthz, /readyz, /metrics.')
    .option('-p, --port <n>', 'port to listen on (env PORT, default 8080; 0 = any free port)', flag(port))
    .option('--host <addr>', 'address to bind (env HOST, default 127.0.0.1)', flag(text(255)))
    .option('-d, --data-dir <dir>', 'the studio\'s data directory when embedded (env HOMELAB_DATA_DIR, default ./data)', flag(text()))
    .option('--database-url <url>', 'PostgreSQL URL shared with the studio (env DATABASE_URL)', flag(url(['postgres:', 'postgresql:'])))
    .addHelpText('after', `
Environment: as homelab studio, plus HOMELAB_ROLE (studio: also own ingest, retention and alert ticks; agent: not,
the default for every agent but agent-bruno), AUDITOR_WEBHOOK_URL, AUDITOR_SLACK_URL, GITHUB_WEBHOOK_SECRET,
SLACK_SIGNING_SECRET, JAMIE_KUBE_URL, JAMIE_DRY_RUN, GOALS_WEBHOOK_URL, GOALS_SLACK_URL, GOALS_CHECK_INTERVAL,
CRM_MODEL_PERSONAL_DATA, MARY_KAY_WEBHOOK_URL (see the README's reference).`)
    .action(async (name: string, opts: AgentFlags) => {
      const [{ studioEnv }, { createStudio, AGENT_NAMES }] = await Promise.all([import('../../studio/server.js'), import('../../app/studio-app.js')]);
      if (!AGENT_NAMES.includes(name)) throw new InvalidInput(`no agent "${name}"; agents: ${AGENT_NAMES.join(', ')}`, { field: 'name' });
      const report = { warnings: [] as string[] };
      const settings = studioEnv(env, report);
      const host = setting(opts.host, env, 'HOST', text(255), '127.0.0.1', report);
      const dataDir = setting(opts.dataDir, env, 'HOMELAB_DATA_DIR', text(), './data', report);
      const databaseUrl = setting(opts.databaseUrl, env, 'DATABASE_URL', url(['postgres:', 'postgresql:']), undefined, report);
      const agentPort = setting(opts.port, env, 'PORT', port, 8080, report);
      const ownsIngest = settings.ownsIngest ?? name === 'agent-bruno';
      const studio = createStudio({
        ...settings, port: agentPort, host, dataDir, ...(databaseUrl ? { databaseUrl } : {}), ownsIngest, enabledAgents: [name],
        ...(ownsIngest ? {} : { lock: { name: name, command: `homelab agent ${name} (port ${agentPort})` } }),
      }, env, report);
      printWarnings(report);
      await studio.start();
      const shown = host.includes(':') ? `[${host}]` : host;
      console.log(`${name} listening on http://${shown}:${studio.port} (store: ${studio.store.engine}; ${ownsIngest ? 'owns ingest, retention and alert ticks' : 'no ingest, retention or alert ticks: /events goes to the agent'})`);
      onShutdown(() => studio.stop());
    });
}
