import { assessNode, type NodeAssessment } from '../../../studio/health/node-health.js';
import { formatAge, formatValue } from '../format.js';
import type { Answer, AnswerContext } from '../answer.js';

const ICON: Record<string, string> = { healthy: '✅', warning: '⚠️', critical: '🔴', offline: '⛔', unknown: '❔' };

async function assessAll(ctx: AnswerContext): Promise<NodeAssessment[]> {
  const rows = await ctx.store.nodes();
  const wanted = ctx.entities.nodes.length ? rows.filter((r) => ctx.entities.nodes.includes(r.node)) : rows;
  return wanted.map((r) => assessNode(r, ctx.now, ctx.healthLimits));
}

/** One line per node: its latest health and status, as the seed's SRE example shows it. */
export function nodeLine(a: NodeAssessment, now: number): string {
  const h = a.health;
  const vitals = h
    ? `CPU ${Math.round(h.cpu_pct)}%, Memory ${Math.round(h.mem_pct)}%${h.temp_c != null ? `, Temp ${formatValue(h.temp_c, '°C')}` : ''}, Disk ${Math.round(h.disk_pct)}%`
    : 'no health report yet';
  const issues = a.problems.map((p) => (p.metric === 'last_seen' ? `not heard from since ${formatAge(now - a.lastSeen)}` : p.text));
  return `- ${a.node}${a.location ? ` (${a.location})` : ''}: ${vitals} ${ICON[a.status]}${issues.length ? ` (${issues.join('; ')})` : ''}`;
}

const isUnhealthy = (a: NodeAssessment): boolean => a.status !== 'healthy' && a.status !== 'unknown';

const summary = (a: NodeAssessment[]) => ({
  total: a.length,
  healthy: a.filter((x) => x.status === 'healthy').length,
  unhealthy: a.filter(isUnhealthy).length,
  unknown: a.filter((x) => x.status === 'unknown').length,
});

/** "List all Pi nodes and their health status". */
export async function answerNodeHealth(ctx: AnswerContext): Promise<Answer> {
  const nodes = await assessAll(ctx);
  if (nodes.length === 0) return { response: 'No Pi nodes have reported yet.', data: { ...summary(nodes), nodes } };
  const s = summary(nodes);
  return {
    response: [`Pi nodes: ${s.healthy} healthy, ${s.unhealthy} unhealthy${s.unknown ? `, ${s.unknown} without a health report` : ''}`, ...nodes.map((n) => nodeLine(n, ctx.now))].join('\n'),
    data: { ...s, nodes },
  };
}

/** "Are there any unhealthy Pi nodes?". */
export async function answerUnhealthy(ctx: AnswerContext): Promise<Answer> {
  const nodes = await assessAll(ctx);
  const bad = nodes.filter(isUnhealthy);
  const s = summary(nodes);
  if (nodes.length === 0) return { response: 'No Pi nodes have reported yet.', data: { ...s, unhealthy_nodes: [] } };
  if (bad.length === 0) {
    const unknown = nodes.filter((n) => n.status === 'unknown').map((n) => n.node);
    const healthy = nodes.filter((n) => n.status === 'healthy').map((n) => n.node);
    const tail = unknown.length ? ` No health report yet from ${unknown.join(', ')}.` : '';
    return { response: `No — ${healthy.length === nodes.length ? `all ${nodes.length}` : `${healthy.length}`} Pi nodes are healthy (${healthy.join(', ') || 'none'}).${tail}`, data: { ...s, unhealthy_nodes: [] } };
  }
  return {
    response: [`Yes — ${bad.length} of ${nodes.length} Pi nodes need attention:`, ...bad.map((n) => nodeLine(n, ctx.now))].join('\n'),
    data: { ...s, unhealthy_nodes: bad },
  };
}
