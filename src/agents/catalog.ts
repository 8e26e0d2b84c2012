import type { Agent } from '../core/agent.js';
import { envBoolean, envDuration, envString, envUrl, type Env, type EnvReport } from '../core/env.js';
import type { StudioDomain } from '../studio/agent-host.js';
import { loadClusterAccess, type ClusterAccess } from '../sdk/kubeconfig.js';
import { brunoAgent } from './bruno/agent.js';
import { AUDITOR_SUBSCRIPTIONS, auditorAgent } from './auditor/auditor.js';
import { jamieAgent } from './jamie/jamie.js';
import { AIGOAT_SUBSCRIPTIONS, aigoatAgent } from './aigoat/aigoat.js';
import { maryKayAgent } from './mary-kay/mary-kay.js';

const http = ['http:', 'https:'];

/** The Pi cluster for agent-jamie: `JAMIE_KUBE_URL` (+ `JAMIE_KUBE_TOKEN`), else kubeconfig context `JAMIE_KUBE_CONTEXT` (pi), read when first used. */
function jamieAccess(env: Env, report: EnvReport): () => ClusterAccess {
  const url = envUrl(env, 'JAMIE_KUBE_URL', undefined, report, http);
  const token = envString(env, 'JAMIE_KUBE_TOKEN');
  if (url) return () => ({ server: url, ...(token ? { token } : {}) });
  const context = envString(env, 'JAMIE_KUBE_CONTEXT', 'pi');
  let access: ClusterAccess | undefined;
  return () => (access ??= loadClusterAccess(context));
}

/** Every implemented agent, by name, built over the studio's domain and the environment's settings. */
export const AGENT_CATALOG: Record<string, (domain: StudioDomain, env: Env, report: EnvReport) => Agent> = {
  'agent-bruno': (domain) => brunoAgent(domain),
  'agent-auditor': (domain, env, report) => {
    const webhookUrl = envUrl(env, 'AUDITOR_WEBHOOK_URL', undefined, report, http);
    const slackUrl = envUrl(env, 'AUDITOR_SLACK_URL', undefined, report, http);
    const slackApiUrl = envUrl(env, 'SLACK_API_URL', undefined, report, http);
    const slackBotToken = envString(env, 'SLACK_BOT_TOKEN');
    const deployBranch = envString(env, 'AUDITOR_DEPLOY_BRANCH');
    return auditorAgent(domain, { ...(webhookUrl ? { webhookUrl } : {}), ...(slackUrl ? { slackUrl } : {}), ...(slackApiUrl ? { slackApiUrl } : {}), ...(slackBotToken ? { slackBotToken } : {}), ...(deployBranch ? { deployBranch } : {}) });
  },
  'agent-jamie': (domain, env, report) => jamieAgent(domain, { access: jamieAccess(env, report), dryRun: envBoolean(env, 'JAMIE_DRY_RUN', true, report) }),
  aigoat: (domain, env, report) => {
    const webhookUrl = envUrl(env, 'GOALS_WEBHOOK_URL', undefined, report, http);
    const slackUrl = envUrl(env, 'GOALS_SLACK_URL', undefined, report, http);
    const intervalMs = envDuration(env, 'GOALS_CHECK_INTERVAL', 5 * 60_000, { minMs: 0, maxMs: 86_400_000 }, report);
    return aigoatAgent(domain, { intervalMs, ...(webhookUrl ? { webhookUrl } : {}), ...(slackUrl ? { slackUrl } : {}) });
  },
  'agent-mary-kay': (domain, env, report) => {
    const webhookUrl = envUrl(env, 'MARY_KAY_WEBHOOK_URL', undefined, report, http);
    const slackUrl = envUrl(env, 'MARY_KAY_SLACK_URL', undefined, report, http);
    return maryKayAgent(domain, {
      sharePersonalData: envBoolean(env, 'CRM_MODEL_PERSONAL_DATA', false, report),
      reminders: { intervalMs: envDuration(env, 'CRM_REMINDER_INTERVAL', 60_000, { minMs: 1000, maxMs: 86_400_000 }, report), ...(webhookUrl ? { webhookUrl } : {}), ...(slackUrl ? { slackUrl } : {}) },
    });
  },
};

export const AGENT_NAMES: readonly string[] = Object.keys(AGENT_CATALOG);

/** The CloudEvent types each agent subscribes to (what its Triggers on the Broker filter for). */
export const AGENT_SUBSCRIPTIONS: Record<string, readonly string[]> = { 'agent-bruno': [], 'agent-auditor': AUDITOR_SUBSCRIPTIONS, 'agent-jamie': [], aigoat: AIGOAT_SUBSCRIPTIONS, 'agent-mary-kay': [] };

/**
 * The agents named, in catalog order; every implemented agent when `names` is undefined.
 * @example
 * buildAgents(domain, ['agent-auditor'], process.env, report)
 */
export function buildAgents(domain: StudioDomain, names: readonly string[] | undefined, env: Env, report: EnvReport): Agent[] {
  return AGENT_NAMES.filter((n) => !names || names.includes(n)).map((n) => AGENT_CATALOG[n]!(domain, env, report));
}
