import { assessNode } from '../../studio/health/node-health.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import type { Capability } from '../runtime/capability.js';

/** What the auditor's capabilities run in: the studio's domain APIs and the request's clock. */
export interface AuditorContext {
  domain: StudioDomain;
  now: number;
}

const MIN = 60_000;
const str = { type: 'string' } as const;
const num = (description: string) => ({ type: 'number', description });
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const timeArg = (v: unknown, fallback: number): number => {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : fallback;
};
const windowArg = (a: Record<string, unknown>, now: number) => {
  const at = timeArg(a.at, now);
  const minutes = typeof a.minutes === 'number' && a.minutes > 0 ? Math.min(a.minutes, 24 * 60) : 30;
  return { from: at - minutes * MIN, to: Math.min(now, at + minutes * MIN) + 1 };
};
const cap = (name: string, description: string, properties: Record<string, unknown>, run: Capability<AuditorContext>['run']): Capability<AuditorContext> =>
  ({ spec: { name, description, scope: 'read', parameters: { type: 'object', properties } }, run });

/** Which GitHub events the auditor keeps as deployments (what the `deployments` capability reads). */
export const GITHUB_KEPT = 'github';

/**
 * The auditor's tools, read-only, over stored data: the one list its planner and a model both call.
 * A node or place the store lacks answers `{error: "no data for …"}`, never another node's figures.
 */
export const AUDITOR_CAPABILITIES: Capability<AuditorContext>[] = [
  cap('node_health', 'A node\'s latest stored health report: CPU, memory, SoC temperature, disk, top processes by CPU, status and problems.', { node: str }, async (a, { domain, now }) => {
    const node = text(a.node);
    const row = node ? (await domain.store.nodes()).find((n) => n.node === node) : undefined;
    if (!node || !row) return { error: `no data for node ${node ?? '(none named)'}` };
    const x = assessNode(row, now, domain.healthLimits);
    const h = x.health;
    return {
      node: x.node, location: x.location, status: x.status, last_seen: new Date(x.lastSeen).toISOString(),
      problems: x.problems.filter((p) => p.metric !== 'last_seen').map((p) => ({ metric: p.metric, value: p.value, limit: p.limit, severity: p.severity, text: p.text })),
      health: h ? {
        at: new Date(h.ts).toISOString(), cpu_pct: h.cpu_pct, mem_pct: h.mem_pct, temp_c: h.temp_c ?? null, disk_pct: h.disk_pct,
        top: [...h.top].sort((p, q) => q.cpu_pct - p.cpu_pct).slice(0, 5).map((p) => ({ name: p.name, cpu_pct: p.cpu_pct, mem_pct: p.mem_pct })),
      } : null,
    };
  }),
  cap('readings_around', 'Per-sensor count, mean, min and max around a time (default the last 30 minutes), for a node or a location.', { node: str, location: str, at: str, minutes: num('half-width of the window, default 30') }, async (a, { domain, now }) => {
    const filter = { ...(text(a.node) ? { node: text(a.node)! } : {}), ...(text(a.location) ? { location: text(a.location)! } : {}) };
    const w = windowArg(a, now);
    return { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString(), series: (await domain.store.stats({ ...filter, ...w })).slice(0, 20).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, count: s.count, mean: round(s.mean, 2), min: s.min, max: s.max })) };
  }),
  cap('anomalies_around', 'Anomalies detected at the edge around a time (default the last 30 minutes), newest first.', { node: str, location: str, at: str, minutes: num('half-width of the window, default 30') }, async (a, { domain, now }) => {
    const filter = { ...(text(a.node) ? { node: text(a.node)! } : {}), ...(text(a.location) ? { location: text(a.location)! } : {}) };
    const w = windowArg(a, now);
    return (await domain.store.anomalies({ ...filter, ...w, limit: 20 })).map((x) => ({ node: x.node, sensor: x.sensor, kind: x.kind, location: x.location ?? null, value: x.value, unit: x.unit, severity: x.severity, reason: x.reason, at: new Date(x.ts).toISOString() }));
  }),
  cap('incidents', 'Open incidents at a location from the knowledge graph, and similar past incidents with their recorded root causes.', { location: str }, async (a, { domain }) => {
    const location = text(a.location);
    const open = await domain.graph.incidents({ status: 'open', limit: 5, ...(location ? { location } : {}) });
    const past = location ? (await domain.graph.incidents({ status: 'closed', location, limit: 50 })) : [];
    const similar = [];
    for (const i of open.slice(0, 2)) {
      for (const s of (await domain.graph.incident(i.id))?.similar.slice(0, 2) ?? []) similar.push({ of: i.id, incident: s.incident.id, root_cause: s.root_cause, score: round(s.score, 2) });
    }
    const explained = past.filter((p) => typeof p.props.root_cause === 'string').slice(0, 3).map((p) => ({ incident: p.id, root_cause: p.props.root_cause, start: new Date(Number(p.props.start)).toISOString() }));
    return { open: open.map((i) => ({ id: i.id, place: i.props.place, severity: i.props.severity, start: new Date(Number(i.props.start)).toISOString(), kinds: i.props.kinds ?? [] })), similar, past_with_root_cause: explained };
  }),
  cap('deployments', 'Recent GitHub deployments, failed workflow runs and pushes to the deploy branch the auditor received, newest first.', { hours: num('look back this many hours, default 6') }, async (a, { domain, now }) => {
    const hours = typeof a.hours === 'number' && a.hours > 0 ? Math.min(a.hours, 24 * 30) : 6;
    const since = now - hours * 3_600_000;
    return (await domain.state.actions(`agent-auditor:${GITHUB_KEPT}`, 50)).filter((r) => r.created_at >= since).slice(0, 10).map((r) => ({ ...r.detail, at: new Date(r.created_at).toISOString() }));
  }),
  cap('alerts_firing', 'Alerts firing now: the studio\'s own rules and Alertmanager\'s.', {}, async (_a, { domain }) =>
    (await domain.alerts.alerts({ state: 'firing' })).slice(0, 20).map((x) => ({ rule_id: x.rule_id, summary: x.summary, labels: x.labels, since: new Date(x.started_at).toISOString() }))),
];
