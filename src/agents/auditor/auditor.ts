import { createHash } from 'node:crypto';
import type { Agent, AgentEvent, EventOutcome } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import { CLAIM_TTL_MS } from '../../studio/agent-state/agent-state.js';
import type { AgentDefinition, CallResult, PlannedCall } from '../runtime/definition.js';
import { AgentRuntime } from '../runtime/runtime.js';
import { ungroundedNumbers } from '../runtime/grounding.js';
import { runToolLoop } from '../runtime/tool-loop.js';
import { AUDITOR_CAPABILITIES, GITHUB_KEPT, type AuditorContext } from './capabilities.js';
import { postReport, type ChannelSettings, type PostResult } from './channels.js';
import { writeSummary, type Evidence, type HealthResult } from './summary.js';
import { alertTriggers, anomalyTriggers, githubFacts, type Trigger } from './triggers.js';
import { logger, sink } from '../../core/logger.js';

export interface AuditorSettings extends ChannelSettings {
  /** `AUDITOR_DEPLOY_BRANCH`: pushes to it count as deployments (default main). */
  deployBranch?: string;
}

export const AUDITOR_NAME = 'agent-auditor';
/** Alerts, critical anomalies, GitHub deployments, runs and pushes, Slack mentions. */
export const AUDITOR_SUBSCRIPTIONS: readonly string[] = ['io.homelab.alertmanager.alert', 'io.homelab.edge.anomaly', 'io.homelab.github.deployment', 'io.homelab.github.deployment_status', 'io.homelab.github.workflow_run', 'io.homelab.github.push', 'io.homelab.slack.app_mention'];
const MAX_ANOMALY_AGE_MS = 3_600_000;
const PERSONA = `You are agent-auditor, who reports on infrastructure alerts for a team running Raspberry Pi edge nodes.
Write a short report (what, where, since when, likely cause with its evidence, what to do) from the tool results given.
State only numbers that appear in them. At most eight short lines.`;

const run = (name: string, args: Record<string, unknown>, ctx: AuditorContext) => AUDITOR_CAPABILITIES.find((c) => c.spec.name === name)!.run(args, ctx);
const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 24);

/** Calls the capabilities a trigger needs, in order (the location comes from the node's health). */
async function investigate(t: Trigger, ctx: AuditorContext): Promise<Evidence> {
  // In the ingesting process the graph takes the anomaly's batch just before this: let it land, so its incident is found.
  if (t.kind === 'anomaly') await ctx.domain.graph.settled();
  const health = t.node ? await run('node_health', { node: t.node }, ctx) as HealthResult : undefined;
  const location = (health && !health.error ? health.location ?? undefined : undefined) ?? t.location;
  const at = new Date(t.at).toISOString();
  const place = t.node ? { node: t.node } : location ? { location } : {};
  const WINDOW = 30;
  return {
    started: at, window_minutes: WINDOW,
    ...(health ? { health } : {}),
    anomalies: await run('anomalies_around', { ...place, at, minutes: WINDOW }, ctx) as Evidence['anomalies'],
    incidents: await run('incidents', location ? { location } : {}, ctx) as Evidence['incidents'],
    deployments: await run('deployments', { hours: 6 }, ctx) as Evidence['deployments'],
  };
}

/**
 * agent-auditor: event-driven response to Alertmanager alerts, critical edge anomalies, GitHub
 * (deployments, failed workflow runs, pushes to the deploy branch) and Slack mentions. For each
 * alert group (or anomaly place, or failed run) it investigates with its tools, writes one
 * grounded report, posts it to its channels, records it on the incident in the knowledge graph,
 * and never reports the same group twice (a claim in the store, shared by replicas).
 * @example
 * const auditor = auditorAgent(domain, { webhookUrl: process.env.AUDITOR_WEBHOOK_URL });
 */
export function auditorAgent(domain: StudioDomain, settings: AuditorSettings = {}): Agent {
  const log = sink(logger(AUDITOR_NAME));
  const report = async (t: Trigger, ctx: AuditorContext, thread?: { channel: string; ts: string }): Promise<EventOutcome> => {
    // An anomaly from a backlog (a node back after an outage, a replay) is history, not news: not reported.
    if (t.kind === 'anomaly' && ctx.now - t.at > MAX_ANOMALY_AGE_MS) return { status: 'skipped', reason: 'anomaly older than an hour (backlog)' };
    const claim = `auditor:${t.key}`;
    if (!(await domain.state.claim(claim, ctx.now, ctx.now - CLAIM_TTL_MS))) return { status: 'skipped', reason: 'already reported', detail: { key: t.key } };
    try {
      const evidence = await investigate(t, ctx);
      const sources = [JSON.stringify(evidence), JSON.stringify(t.source)];
      let s = writeSummary(t, evidence);
      let writer = 'model-free';
      // Why a configured model's text was not used (a figure no tool returned, a timeout): said in the report.
      let modelError: string | undefined;
      if (domain.llm) {
        const r = await runToolLoop(domain.llm, PERSONA, `Trigger: ${JSON.stringify({ title: s.title, said: t.said ?? null })}\nTool results: ${sources[0]}`, [], ctx, { given: sources, maxRounds: 1 });
        if (r.ok && r.answer) { s = { ...s, text: r.answer }; writer = domain.llm.model; }
        else modelError = r.error ?? 'the model gave no answer';
      }
      const modelNote = modelError ? { model_error: modelError } : {};
      const ungrounded = ungroundedNumbers(s.text, sources);
      if (ungrounded.length) throw new Error(`report has figures no tool returned: ${ungrounded.join(', ')}`);
      // An anomaly's finding goes on the graph's own incident for it (never a second incident for the same anomalies).
      const ownIncident = t.kind === 'anomaly' ? (await domain.graph.incidents({ ...(evidence.health?.location ?? t.location ? { location: (evidence.health?.location ?? t.location)! } : {}), from: t.at - 15 * 60_000, to: t.at + 15 * 60_000, limit: 5 })).find((i) => i.props.source !== 'alert') : undefined;
      const incident = await domain.graph.recordFinding({
        create: t.kind !== 'anomaly',
        key: t.key, title: s.title, text: s.text, cause: s.cause, author: AUDITOR_NAME, severity: t.severity, start: t.at, now: ctx.now,
        ...(ownIncident ? { incident_id: ownIncident.id } : evidence.incidents.open[0] && t.kind !== 'anomaly' ? { incident_id: evidence.incidents.open[0].id } : {}),
        ...(evidence.health?.location ?? t.location ? { place: (evidence.health?.location ?? t.location)! } : {}),
        ...(t.node ? { node: t.node } : {}),
      });
      const posted: PostResult[] = await postReport(settings, {
        agent: AUDITOR_NAME, kind: t.kind, key: t.key, title: s.title, text: s.text, cause: s.cause, severity: t.severity,
        node: t.node ?? null, location: evidence.health?.location ?? t.location ?? null, since: evidence.started, incident_id: incident ?? null, written_by: writer, ...modelNote, evidence,
      }, thread);
      const failed = posted.length > 0 && posted.every((p) => !p.ok);
      await domain.state.saveAction({ id: keyId(t.key), agent: AUDITOR_NAME, state: failed ? 'failed' : 'executed', created_at: ctx.now, updated_at: ctx.now, detail: { action: 'report', key: t.key, title: s.title, text: s.text, incident_id: incident, channels: posted, written_by: writer, ...modelNote } });
      if (failed) {
        await domain.state.release(claim); // Alertmanager's next repeat retries the report
        log(`could not post "${s.title}": ${posted.map((p) => `${p.channel} ${p.status ?? p.error}`).join(', ')}`);
        return { status: 'skipped', reason: 'every channel failed', detail: { channels: posted } };
      }
      log(`reported "${s.title}" to ${posted.map((p) => p.channel).join(', ') || 'no channel (none configured)'}; recorded on ${incident ?? 'no incident'}`);
      return { status: 'acted', detail: { key: t.key, incident_id: incident, channels: posted } };
    } catch (err) {
      await domain.state.release(claim);
      throw err;
    }
  };

  const definition: AgentDefinition<AuditorContext> = {
    name: AUDITOR_NAME,
    purpose: 'Investigates Alertmanager alerts, critical anomalies, GitHub deployments and failures, and Slack mentions with stored data; posts one grounded report per alert group and records it on the incident.',
    persona: PERSONA,
    capabilities: AUDITOR_CAPABILITIES,
    subscriptions: [...AUDITOR_SUBSCRIPTIONS],
    actsOn: ['its report channels (AUDITOR_WEBHOOK_URL, AUDITOR_SLACK_URL, Slack threads)', 'findings on knowledge-graph incidents'],
    context: ({ now }) => ({ domain, now }),
    async plan(question) {
      const catalog = await domain.store.catalog();
      const node = catalog.nodes.find((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(question));
      const calls: PlannedCall[] = node ? [{ name: 'node_health', args: { node } }, { name: 'anomalies_around', args: { node } }] : [{ name: 'alerts_firing', args: {} }];
      return [...calls, { name: 'incidents', args: {} }, { name: 'deployments', args: { hours: 6 } }];
    },
    answer(_q, results: CallResult[]) {
      const by = (n: string) => results.find((r) => r.name === n)?.result;
      const health = by('node_health') as HealthResult | undefined;
      const firing = by('alerts_firing') as { summary: string; since: string }[] | undefined;
      const lines: string[] = [];
      if (health?.error) lines.push(`${health.error[0]!.toUpperCase()}${health.error.slice(1)}.`);
      else if (health?.health) lines.push(`${health.node}: CPU ${health.health.cpu_pct}%, memory ${health.health.mem_pct}%, status ${health.status}; top process ${health.health.top[0]?.name ?? 'none reported'} (report at ${health.health.at.slice(11, 16)} UTC).`);
      if (firing) lines.push(firing.length ? `Firing: ${firing.slice(0, 5).map((f) => `${f.summary} since ${f.since.slice(11, 16)} UTC`).join('; ')}.` : 'Nothing is firing.');
      const inc = by('incidents') as Evidence['incidents'];
      lines.push(inc.open.length ? `Open incidents: ${inc.open.map((i) => `${String(i.place)} since ${i.start.slice(11, 16)} UTC`).join('; ')}.` : 'No open incidents.');
      const dep = by('deployments') as Evidence['deployments'];
      lines.push(dep.length ? `Recent deployments: ${dep.slice(0, 3).map((d) => `${String(d.kind)} ${String(d.repository)} at ${d.at.slice(11, 16)} UTC`).join('; ')}.` : 'No deployments received in the last 6 hours.');
      return { intent: health ? 'investigate' : 'status', response: lines.join(' '), data: Object.fromEntries(results.map((r) => [r.name, r.result])) };
    },
    async onEvent(event: AgentEvent, ctx) {
      if (event.type === 'io.homelab.alertmanager.alert' || event.type === 'io.homelab.edge.anomaly') {
        const triggers = event.type === 'io.homelab.edge.anomaly' ? anomalyTriggers(event) : alertTriggers(event);
        if (triggers.length === 0) return { status: 'skipped', reason: event.type === 'io.homelab.edge.anomaly' ? 'no critical anomaly' : 'resolved or nothing firing' };
        const outcomes = [];
        for (const t of triggers) outcomes.push(await report(t, ctx));
        return outcomes.find((o) => o.status === 'acted') ?? outcomes[0]!;
      }
      if (event.type.startsWith('io.homelab.github.')) {
        const { kept, trigger } = githubFacts(event, settings.deployBranch ?? 'main');
        if (!kept) return { status: 'skipped', reason: 'not a deployment, a failed run or a push to the deploy branch' };
        await domain.state.saveAction({ id: event.id, agent: `${AUDITOR_NAME}:${GITHUB_KEPT}`, state: 'executed', created_at: ctx.now, updated_at: ctx.now, detail: kept });
        return trigger ? report(trigger, ctx) : { status: 'acted', reason: 'kept as a deployment', detail: kept };
      }
      if (event.type === 'io.homelab.slack.app_mention') {
        const ev = (event.data as { event?: { text?: string; channel?: string; ts?: string; thread_ts?: string } }).event ?? {};
        const question = (ev.text ?? '').replace(/<@[A-Z0-9]+>/g, '').trim() || 'what is firing?';
        const answer = await runtime.ask({ query: question, scopes: ['read'] });
        const thread = ev.channel && ev.ts ? { channel: ev.channel, ts: ev.thread_ts ?? ev.ts } : undefined;
        const posted = await postReport(settings, { agent: AUDITOR_NAME, kind: 'reply', title: `Re: ${question.slice(0, 80)}`, text: answer.response, data: answer.data }, thread);
        return { status: 'acted', detail: { channels: posted } };
      }
      return { status: 'skipped', reason: `no handler for ${event.type}` };
    },
  };
  const runtime = new AgentRuntime(definition, { ...(domain.llm ? { llm: domain.llm } : {}), clock: domain.clock });
  return runtime;
}
