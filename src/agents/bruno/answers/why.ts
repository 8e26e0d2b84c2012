import { assessNode } from '../../../studio/health/node-health.js';
import { formatValue } from '../format.js';
import type { Answer, AnswerContext } from '../answer.js';
import { nodeLine } from './nodes.js';

/**
 * "Why is pi-node-3 under high load?" — the node's latest health, its top processes, the limits it
 * crosses, and what to do, all from the stored health report.
 */
export async function answerWhy(ctx: AnswerContext): Promise<Answer> {
  const rows = await ctx.store.nodes();
  const target = rows.find((r) => ctx.entities.nodes.includes(r.node));
  if (!target) {
    const known = rows.map((r) => r.node).join(', ') || 'none yet';
    return { response: `Which node do you mean? Known nodes: ${known}.`, data: { nodes: rows.map((r) => r.node) } };
  }
  const a = assessNode(target, ctx.now, ctx.healthLimits);
  const h = a.health;
  if (!h) return { response: `${a.node} has sent no health report yet.`, data: { assessment: a } };
  const top = [...h.top].sort((x, y) => y.cpu_pct - x.cpu_pct).slice(0, 3);
  const lines = [`${a.node}: ${nodeLine(a, ctx.now).replace(/^- [^:]+: /, '')}`];
  if (top.length) lines.push(`Top processes: ${top.map((p) => `${p.name} (CPU ${Math.round(p.cpu_pct)}%, memory ${Math.round(p.mem_pct)}%)`).join(', ')}.`);
  const advice: string[] = [];
  const busiest = top[0];
  if (a.problems.some((p) => p.metric === 'cpu_pct' || p.metric === 'mem_pct') && busiest) {
    advice.push(`${busiest.name} uses the most CPU (${Math.round(busiest.cpu_pct)}%): move it to a bigger node (e.g. the GPU cluster) or limit it, and keep only lightweight preprocessing on the Pi.`);
  }
  if (a.problems.some((p) => p.metric === 'temp_c')) advice.push(`SoC at ${formatValue(h.temp_c ?? 0, '°C')}: check cooling (fan, heatsink, airflow); the Pi throttles above 80°C.`);
  if (a.problems.some((p) => p.metric === 'disk_pct')) advice.push(`Disk at ${Math.round(h.disk_pct)}%: prune images (crictl rmi --prune) and old logs.`);
  if (a.problems.length === 0) lines.push(`Nothing is over its limit (CPU ${ctx.healthLimits.cpuPct}%, memory ${ctx.healthLimits.memPct}%, SoC ${ctx.healthLimits.socTempC}°C).`);
  if (advice.length) lines.push(`Recommendation: ${advice.join(' ')}`);
  return { response: lines.join('\n'), data: { assessment: a, top_processes: top, recommendations: advice } };
}
