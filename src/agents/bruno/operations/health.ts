import type { HealthLimits, HealthProblem, NodeAssessment } from '../../../studio/health/node-health.js';
import { formatAge } from '../format.js';
import { formatMeasure } from '../language/units.js';
import type { Units, Vital } from '../language/plan.js';
import { spec, vitalsOf, type Operation } from './operation.js';
import { formatVital, nodesInScope, vitalValue, vitalsData } from './vitals.js';

const ICON: Record<string, string> = { healthy: '✅', warning: '⚠️', critical: '🔴', offline: '⛔', unknown: '❔' };
const isUnhealthy = (a: NodeAssessment): boolean => a.status !== 'healthy' && a.status !== 'unknown';

/** One line per node: its latest health and status, as the seed's SRE example shows it. */
export function nodeLine(a: NodeAssessment, now: number, units: Units): string {
  const h = a.health;
  const vitals = h
    ? `CPU ${Math.round(h.cpu_pct)}%, Memory ${Math.round(h.mem_pct)}%${h.temp_c != null ? `, Temp ${formatMeasure(h.temp_c, '°C', units)}` : ''}, Disk ${Math.round(h.disk_pct)}%`
    : 'no health report yet';
  const issues = a.problems.map((p) => (p.metric === 'last_seen' ? `not heard from since ${formatAge(now - a.lastSeen)}` : p.text));
  // The status in words beside its icon, and liveness for every node: a fleet summary says who is up.
  const state = a.status === 'offline' ? 'offline' : a.status === 'unknown' ? 'no health report' : `${a.status}, online`;
  return `- ${a.node}${a.location ? ` (${a.location})` : ''}: ${vitals} ${ICON[a.status]} ${state}${issues.length ? ` (${issues.join('; ')})` : ''}`;
}

/**
 * "Are there any unhealthy Pi nodes?", "List all Pi nodes and their health status", "how is
 * pi-node-2 doing?": every node in scope with its latest vitals, status and problems.
 */
/** The health limit a vital is judged by, and the report field it reads. */
const LIMIT: Partial<Record<Vital, { metric: HealthProblem['metric']; limit: (l: HealthLimits) => number; words: string }>> = {
  disk: { metric: 'disk_pct', limit: (l) => l.diskPct, words: 'running low on disk' },
  memory: { metric: 'mem_pct', limit: (l) => l.memPct, words: 'running low on memory' },
  cpu: { metric: 'cpu_pct', limit: (l) => l.cpuPct, words: 'under high CPU load' },
  soc_temp: { metric: 'temp_c', limit: (l) => l.socTempC, words: 'running hot' },
};
/** "Are all the pis healthy?", "is the fleet ok?", "everything ok with the pis?": a yes or no about every node. */
const ALL_OK = /^\s*(are|is|everything|all|any ?thing|is everything|are all)\b.*\b(ok|okay|fine|good|alright|all right|healthy|happy|well)\b/i;

export const health: Operation = {
  spec: spec('health', 'Health of nodes: vitals, status (healthy, warning, critical, offline) and problems', { only_problems: { type: 'boolean' } }),
  async run(plan, ctx) {
    const nodes = (await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)).map((n) => n.a);
    const online = nodes.filter((x) => x.status !== 'offline').length;
    const s = { total: nodes.length, healthy: nodes.filter((x) => x.status === 'healthy').length, unhealthy: nodes.filter(isUnhealthy).length, unknown: nodes.filter((x) => x.status === 'unknown').length, online };
    if (nodes.length === 0) return { response: 'No Pi nodes have reported yet.', data: { ...s, nodes: [], unhealthy_nodes: [] } };
    const bad = nodes.filter(isUnhealthy);
    // "Which nodes are running out of disk?": the nodes over that vital's limit, or the one closest to it.
    const focus = plan.onlyProblems ? vitalsOf(plan).map((v) => [v, LIMIT[v]] as const).find(([, l]) => l) : undefined;
    if (focus) {
      const [vital, l] = focus as [Vital, NonNullable<(typeof LIMIT)[Vital]>];
      const limit = l.limit(ctx.healthLimits);
      const over = nodes.filter((n) => n.problems.some((p) => p.metric === l.metric));
      const value = (n: NodeAssessment) => (n.health ? vitalValue(n.health, vital) ?? -Infinity : -Infinity);
      const data = { ...s, vital, limit, over: over.map((n) => ({ node: n.node, location: n.location, value: value(n), status: n.status, ...(n.health ? vitalsData(n.health) : {}) })) };
      if (over.length) return { response: [`Yes — ${over.length} of ${nodes.length} Pi node${nodes.length === 1 ? '' : 's'} ${over.length === 1 ? 'is' : 'are'} ${l.words} (limit ${vital === 'soc_temp' ? formatMeasure(limit, '°C', plan.units) : `${limit}%`}):`, ...over.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data };
      const top = nodes.filter((n) => n.health).sort((a, b) => value(b) - value(a))[0];
      return { response: `No — no Pi node is ${l.words} (limit ${vital === 'soc_temp' ? formatMeasure(limit, '°C', plan.units) : `${limit}%`})${top?.health ? `; the highest is ${top.node} at ${formatVital(top.health, vital, plan.units)}` : ''}.`, data: { ...data, highest: top ? { node: top.node, value: value(top) } : null } };
    }
    if (ALL_OK.test(ctx.question) && nodes.length > 1) {
      if (!bad.length) return { response: [`Yes — all ${s.healthy === nodes.length ? nodes.length : s.healthy} Pi nodes are healthy (${online} of ${nodes.length} online).`, ...nodes.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, nodes } };
      return { response: [`No — ${bad.length} of ${nodes.length} Pi nodes need attention (${s.healthy} healthy, ${online} online):`, ...nodes.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, nodes } };
    }
    if (plan.onlyProblems) {
      if (bad.length === 0) {
        const healthy = nodes.filter((n) => n.status === 'healthy').map((n) => n.node);
        const unknown = nodes.filter((n) => n.status === 'unknown').map((n) => n.node);
        return { response: `No — ${healthy.length === nodes.length ? `all ${nodes.length}` : `${healthy.length}`} Pi nodes are healthy (${healthy.join(', ') || 'none'}).${unknown.length ? ` No health report yet from ${unknown.join(', ')}.` : ''}`, data: { ...s, unhealthy_nodes: [] } };
      }
      return { response: [`Yes — ${bad.length} of ${nodes.length} Pi nodes need attention:`, ...bad.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, unhealthy_nodes: bad } };
    }
    const head = nodes.length === 1 ? `${nodes[0]!.node} is ${nodes[0]!.status}:` : `Pi nodes: ${s.healthy} healthy, ${s.unhealthy} unhealthy${s.unknown ? `, ${s.unknown} without a health report` : ''} (${online} of ${nodes.length} online)`;
    return { response: [head, ...nodes.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, nodes } };
  },
};
