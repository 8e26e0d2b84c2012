import type { NodeAssessment } from '../../../studio/health/node-health.js';
import { formatAge } from '../format.js';
import { formatMeasure } from '../language/units.js';
import type { Units } from '../language/plan.js';
import { spec, type Operation } from './operation.js';
import { nodesInScope } from './vitals.js';

const ICON: Record<string, string> = { healthy: '✅', warning: '⚠️', critical: '🔴', offline: '⛔', unknown: '❔' };
const isUnhealthy = (a: NodeAssessment): boolean => a.status !== 'healthy' && a.status !== 'unknown';

/** One line per node: its latest health and status, as the seed's SRE example shows it. */
export function nodeLine(a: NodeAssessment, now: number, units: Units): string {
  const h = a.health;
  const vitals = h
    ? `CPU ${Math.round(h.cpu_pct)}%, Memory ${Math.round(h.mem_pct)}%${h.temp_c != null ? `, Temp ${formatMeasure(h.temp_c, '°C', units)}` : ''}, Disk ${Math.round(h.disk_pct)}%`
    : 'no health report yet';
  const issues = a.problems.map((p) => (p.metric === 'last_seen' ? `not heard from since ${formatAge(now - a.lastSeen)}` : p.text));
  return `- ${a.node}${a.location ? ` (${a.location})` : ''}: ${vitals} ${ICON[a.status]}${issues.length ? ` (${issues.join('; ')})` : ''}`;
}

/**
 * "Are there any unhealthy Pi nodes?", "List all Pi nodes and their health status", "how is
 * pi-node-2 doing?": every node in scope with its latest vitals, status and problems.
 */
export const health: Operation = {
  spec: spec('health', 'Health of nodes: vitals, status (healthy, warning, critical, offline) and problems', { only_problems: { type: 'boolean' } }),
  async run(plan, ctx) {
    const nodes = (await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)).map((n) => n.a);
    const s = { total: nodes.length, healthy: nodes.filter((x) => x.status === 'healthy').length, unhealthy: nodes.filter(isUnhealthy).length, unknown: nodes.filter((x) => x.status === 'unknown').length };
    if (nodes.length === 0) return { response: 'No Pi nodes have reported yet.', data: { ...s, nodes: [], unhealthy_nodes: [] } };
    const bad = nodes.filter(isUnhealthy);
    if (plan.onlyProblems) {
      if (bad.length === 0) {
        const healthy = nodes.filter((n) => n.status === 'healthy').map((n) => n.node);
        const unknown = nodes.filter((n) => n.status === 'unknown').map((n) => n.node);
        return { response: `No — ${healthy.length === nodes.length ? `all ${nodes.length}` : `${healthy.length}`} Pi nodes are healthy (${healthy.join(', ') || 'none'}).${unknown.length ? ` No health report yet from ${unknown.join(', ')}.` : ''}`, data: { ...s, unhealthy_nodes: [] } };
      }
      return { response: [`Yes — ${bad.length} of ${nodes.length} Pi nodes need attention:`, ...bad.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, unhealthy_nodes: bad } };
    }
    const head = nodes.length === 1 ? `${nodes[0]!.node} is ${nodes[0]!.status}:` : `Pi nodes: ${s.healthy} healthy, ${s.unhealthy} unhealthy${s.unknown ? `, ${s.unknown} without a health report` : ''}`;
    return { response: [head, ...nodes.map((n) => nodeLine(n, ctx.now, plan.units))].join('\n'), data: { ...s, nodes } };
  },
};
