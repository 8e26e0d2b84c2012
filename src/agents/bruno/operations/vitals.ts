import { assessNode, type NodeAssessment } from '../../../studio/health/node-health.js';
import type { NodeRow } from '../../../studio/store/store.js';
import type { Health } from '../../../core/schemas.js';
import type { Units, Vital } from '../language/plan.js';
import { formatMeasure } from '../language/units.js';
import type { OperationContext } from './operation.js';

export const VITAL_LABEL: Record<Vital, string> = { cpu: 'CPU', memory: 'memory', soc_temp: 'SoC temperature', disk: 'disk', top_process: 'top process' };

/** A vital's value in a health report (top_process: the busiest process's CPU). */
export function vitalValue(h: Health, v: Vital): number | null {
  switch (v) {
    case 'cpu': return h.cpu_pct;
    case 'memory': return h.mem_pct;
    case 'disk': return h.disk_pct;
    case 'soc_temp': return h.temp_c ?? null;
    case 'top_process': return [...h.top].sort((a, b) => b.cpu_pct - a.cpu_pct)[0]?.cpu_pct ?? null;
  }
}

/** A vital as an answer writes it: "82%", "68.0°C", "video-processor (CPU 61%)". */
export function formatVital(h: Health, v: Vital, units: Units): string {
  if (v === 'top_process') {
    const top = [...h.top].sort((a, b) => b.cpu_pct - a.cpu_pct).slice(0, 3);
    return top.length ? top.map((p) => `${p.name} (CPU ${Math.round(p.cpu_pct)}%, memory ${Math.round(p.mem_pct)}%)`).join(', ') : 'no processes reported';
  }
  const value = vitalValue(h, v);
  if (value === null) return 'not reported';
  return v === 'soc_temp' ? formatMeasure(value, '°C', units) : `${Math.round(value)}%`;
}

/** Every node in scope (all when none is named) with its assessment. */
export async function nodesInScope(ctx: OperationContext, nodes: string[], locations: string[] = []): Promise<{ row: NodeRow; a: NodeAssessment }[]> {
  const rows = await ctx.store.nodes();
  const wanted = nodes.length || locations.length ? rows.filter((r) => nodes.includes(r.node) || (r.location !== null && locations.includes(r.location))) : rows;
  return wanted.map((row) => ({ row, a: assessNode(row, ctx.now, ctx.healthLimits) }));
}

/** What data carries of a node's vitals, rounded as the answer shows them. */
export function vitalsData(h: Health): Record<string, unknown> {
  return {
    cpu_pct: Math.round(h.cpu_pct), mem_pct: Math.round(h.mem_pct), disk_pct: Math.round(h.disk_pct), temp_c: h.temp_c ?? null, ts: h.ts,
    top: [...h.top].sort((a, b) => b.cpu_pct - a.cpu_pct).slice(0, 3).map((p) => ({ name: p.name, cpu_pct: Math.round(p.cpu_pct), mem_pct: Math.round(p.mem_pct) })),
  };
}
