import { assessNode } from '../../../studio/health/node-health.js';
import { formatMeasure } from '../language/units.js';
import { spec, type Operation } from './operation.js';
import { nodeLine } from './health.js';
import { anomalies } from './anomalies.js';
import { history } from './history.js';

/**
 * "Why is pi-node-3 under high load?": the node's latest health, its top processes, the limits it
 * crosses and what to do, from the stored health report. "Why was warehouse b so warm?": the
 * anomalies there and the incidents' root causes the knowledge graph holds.
 */
export const why: Operation = {
  spec: spec('why', 'Explain a node\'s load or a place\'s readings: top processes, limits crossed, anomalies and root causes, with a recommendation'),
  async run(plan, ctx) {
    const rows = await ctx.store.nodes();
    // "Explain the load on the server rack pi": the node at a named place, when the question is about a node's load.
    const nodeWords = /\b(load|cpu|memory|ram|busy|slow|process\w*|pi|node|sluggish|struggling|overloaded)\b/i.test(ctx.question);
    const target = rows.find((r) => plan.scope.nodes.includes(r.node))
      ?? (nodeWords ? rows.find((r) => r.location !== null && plan.scope.locations.includes(r.location)) : undefined);
    // "Why did the temperature spike?": a place's readings, not a node's load.
    const spike = !nodeWords && /\b(spike\w*|spiking|jump\w*|surge\w*|peak\w*|anomal\w*|blip|glitch|so (warm|hot|cold|humid|dry))\b/i.test(ctx.question);
    if (!target && (plan.scope.locations.length || spike)) {
      const a = await anomalies.run(plan, ctx);
      const h = await history.run(plan, ctx);
      return { response: `${a.response}\n${h.response}`, data: { ...a.data, incidents: h.data.incidents } };
    }
    if (!target) {
      const busiest = rows.filter((r) => r.health).sort((x, y) => y.health!.cpu_pct - x.health!.cpu_pct)[0];
      if (!busiest) return { response: `Which node do you mean? Known nodes: ${rows.map((r) => r.node).join(', ') || 'none yet'}.`, data: { nodes: rows.map((r) => r.node) } };
      return why.run({ ...plan, scope: { ...plan.scope, nodes: [busiest.node] } }, ctx);
    }
    const a = assessNode(target, ctx.now, ctx.healthLimits);
    const h = a.health;
    if (!h) return { response: `${a.node} has sent no health report yet.`, data: { assessment: a } };
    const top = [...h.top].sort((x, y) => y.cpu_pct - x.cpu_pct).slice(0, 3);
    const lines = [`${a.node}: ${nodeLine(a, ctx.now, plan.units).replace(/^- [^:]+: /, '')}`];
    if (top.length) lines.push(`Top processes: ${top.map((p) => `${p.name} (CPU ${Math.round(p.cpu_pct)}%, memory ${Math.round(p.mem_pct)}%)`).join(', ')}.`);
    const advice: string[] = [];
    const busiest = top[0];
    if (a.problems.some((p) => p.metric === 'cpu_pct' || p.metric === 'mem_pct') && busiest) {
      advice.push(`${busiest.name} uses the most CPU (${Math.round(busiest.cpu_pct)}%): move it to a bigger node (e.g. the GPU cluster) or limit it, and keep only lightweight preprocessing on the Pi.`);
    }
    if (a.problems.some((p) => p.metric === 'temp_c')) advice.push(`SoC at ${formatMeasure(h.temp_c ?? 0, '°C', plan.units)}: check cooling (fan, heatsink, airflow); the Pi throttles above ${ctx.healthLimits.socTempC}°C.`);
    if (a.problems.some((p) => p.metric === 'disk_pct')) advice.push(`Disk at ${Math.round(h.disk_pct)}%: prune images (crictl rmi --prune) and old logs.`);
    if (a.problems.length === 0) lines.push(`Nothing is over its limit (CPU ${ctx.healthLimits.cpuPct}%, memory ${ctx.healthLimits.memPct}%, SoC ${ctx.healthLimits.socTempC}°C).`);
    if (advice.length) lines.push(`Recommendation: ${advice.join(' ')}`);
    return { response: lines.join('\n'), data: { assessment: a, top_processes: top, recommendations: advice, limits: ctx.healthLimits } };
  },
};
