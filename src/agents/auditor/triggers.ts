import type { AgentEvent } from '../../core/agent.js';

/** Something the auditor investigates and reports once: an alert group, a critical anomaly's place, a failed workflow. */
export interface Trigger {
  /** What "the same" means: one report per key, ever (within the claim's life, 7 days). */
  key: string;
  kind: 'alert' | 'anomaly' | 'workflow';
  title: string;
  /** What the sender said, word for word (an annotation, the anomaly's reason). */
  said?: string;
  node?: string;
  location?: string;
  /** Epoch ms it started. */
  at: number;
  severity: string;
  /** The sender's own data, part of what the report's numbers may come from. */
  source: unknown;
}

const ANOMALY_BUCKET_MS = 15 * 60_000;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** `pi-node-3:9100` → `pi-node-3` (node_exporter's instance label). */
const host = (instance: string | undefined): string | undefined => instance?.replace(/:\d+$/, '');

interface AmAlert { status?: string; labels?: Record<string, string>; annotations?: Record<string, string>; startsAt?: string }

/**
 * An Alertmanager notification as one trigger per alert group while firing (a resolution is not
 * reported again). The node comes from the `node`, `nodename`, `host` or `instance` label.
 */
export function alertTriggers(event: AgentEvent): Trigger[] {
  const d = event.data as { groupKey?: string; status?: string; alerts?: AmAlert[]; commonLabels?: Record<string, string>; commonAnnotations?: Record<string, string> };
  const firing = (d.alerts ?? []).filter((a) => a.status === 'firing');
  if (d.status === 'resolved' || firing.length === 0) return [];
  const labels = { ...(firing[0]!.labels ?? {}), ...(d.commonLabels ?? {}) };
  const node = str(labels.node) ?? str(labels.nodename) ?? str(labels.host) ?? host(str(labels.instance));
  const starts = firing.map((a) => Date.parse(a.startsAt ?? '')).filter((t) => Number.isFinite(t) && t > 0);
  const said = str(d.commonAnnotations?.summary) ?? str(firing[0]!.annotations?.summary) ?? str(firing[0]!.annotations?.description);
  return [{
    key: `alert:${d.groupKey ?? event.subject ?? event.id}`, kind: 'alert', title: labels.alertname ?? 'Alertmanager alert',
    ...(said ? { said } : {}), ...(node ? { node } : {}), ...(str(labels.location) ? { location: str(labels.location)! } : {}),
    at: starts.length ? Math.min(...starts) : event.time, severity: labels.severity ?? 'warning', source: d,
  }];
}

interface EdgeAnomaly { node: string; sensor: string; kind: string; value: number; unit: string; ts: number; location?: string; severity: string; reason: string }

/** Critical edge anomalies as one trigger per place and 15 minutes (an incident's span), warnings ignored. */
export function anomalyTriggers(event: AgentEvent): Trigger[] {
  const all = ((event.data as { anomalies?: EdgeAnomaly[] }).anomalies ?? []).filter((a) => a.severity === 'critical');
  const byPlace = new Map<string, EdgeAnomaly>();
  for (const a of all) {
    const k = `${a.location ?? a.node}:${Math.floor(a.ts / ANOMALY_BUCKET_MS)}`;
    if (!byPlace.has(k)) byPlace.set(k, a);
  }
  return [...byPlace.entries()].map(([k, a]) => ({
    key: `anomaly:${k}`, kind: 'anomaly', title: `critical ${a.kind} anomaly`, said: `${a.kind} ${a.value} ${a.unit} on ${a.sensor} (${a.reason})`,
    node: a.node, ...(a.location ? { location: a.location } : {}), at: a.ts, severity: 'critical', source: a,
  }));
}

/** What the auditor keeps of a GitHub event (deployments, failed runs, pushes to the deploy branch), and a trigger for a failed run. */
export function githubFacts(event: AgentEvent, deployBranch: string): { kept?: Record<string, unknown>; trigger?: Trigger } {
  const name = event.type.replace('io.homelab.github.', '');
  const d = event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's payloads, read field by field
  const repo = str(d.repository?.full_name) ?? 'unknown repository';
  if (name === 'deployment' || name === 'deployment_status') {
    const dep = d.deployment ?? {};
    return { kept: { kind: name, repository: repo, environment: str(dep.environment) ?? null, ref: str(dep.ref) ?? null, sha: str(dep.sha)?.slice(0, 7) ?? null, state: str(d.deployment_status?.state) ?? null, by: str(dep.creator?.login) ?? str(d.sender?.login) ?? null } };
  }
  if (name === 'push') {
    const branch = str(d.ref)?.replace('refs/heads/', '');
    if (branch !== deployBranch) return {};
    return { kept: { kind: 'push', repository: repo, branch, sha: str(d.after)?.slice(0, 7) ?? null, commits: Array.isArray(d.commits) ? d.commits.length : null, by: str(d.pusher?.name) ?? str(d.sender?.login) ?? null } };
  }
  if (name === 'workflow_run' && d.action === 'completed' && d.workflow_run?.conclusion === 'failure') {
    const run = d.workflow_run;
    const kept = { kind: 'workflow_failure', repository: repo, workflow: str(run.name) ?? 'workflow', branch: str(run.head_branch) ?? null, sha: str(run.head_sha)?.slice(0, 7) ?? null, url: str(run.html_url) ?? null };
    return { kept, trigger: { key: `workflow:${repo}:${String(run.id ?? event.id)}`, kind: 'workflow', title: `${kept.workflow} failed in ${repo}`, at: Date.parse(str(run.updated_at) ?? '') || event.time, severity: 'warning', source: kept } };
  }
  return {};
}
