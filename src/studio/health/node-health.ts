import type { Health } from '../../core/schemas.js';
import type { NodeRow } from '../store/store.js';

export type NodeStatus = 'healthy' | 'warning' | 'critical' | 'offline' | 'unknown';

export interface HealthProblem {
  metric: 'temp_c' | 'mem_pct' | 'cpu_pct' | 'disk_pct' | 'last_seen';
  value: number;
  limit: number;
  severity: 'warning' | 'critical';
  text: string;
}

export interface NodeAssessment {
  node: string;
  location: string | null;
  status: NodeStatus;
  lastSeen: number;
  health: Health | null;
  problems: HealthProblem[];
}

/** Limits from the seed's troubleshooting; every one can be overridden. */
export interface HealthLimits {
  socTempC: number;
  memPct: number;
  cpuPct: number;
  diskPct: number;
  /** A node not heard from for this long is offline. */
  offlineAfterMs: number;
}

export const DEFAULT_HEALTH_LIMITS: HealthLimits = {
  socTempC: 80, memPct: 90, cpuPct: 80, diskPct: 90, offlineAfterMs: 10 * 60_000,
};

/**
 * Judges a node from its latest health and when it was last heard from. Over a limit is a
 * warning; well over (SoC ≥ 85 °C, memory ≥ 95 %, disk ≥ 95 %) is critical.
 * @example
 * assessNode({ node: 'pi-node-3', health: { cpu_pct: 82, mem_pct: 91, … }, … }, Date.now()).status // 'warning'
 */
export function assessNode(row: NodeRow, now: number, limits: HealthLimits = DEFAULT_HEALTH_LIMITS): NodeAssessment {
  const problems: HealthProblem[] = [];
  const h = row.health;
  const check = (metric: HealthProblem['metric'], value: number | null | undefined, limit: number, criticalAt: number, text: string) => {
    if (value === null || value === undefined || value <= limit) return;
    problems.push({ metric, value, limit, severity: value >= criticalAt ? 'critical' : 'warning', text });
  };
  if (h) {
    check('temp_c', h.temp_c, limits.socTempC, limits.socTempC + 5, 'SoC temperature high (thermal throttling)');
    check('mem_pct', h.mem_pct, limits.memPct, 95, 'memory pressure');
    check('cpu_pct', h.cpu_pct, limits.cpuPct, 101, 'high CPU load');
    check('disk_pct', h.disk_pct, limits.diskPct, 95, 'disk nearly full');
  }
  const silentFor = now - row.lastSeen;
  if (silentFor > limits.offlineAfterMs) {
    problems.push({ metric: 'last_seen', value: silentFor, limit: limits.offlineAfterMs, severity: 'critical', text: 'not heard from' });
  }
  let status: NodeStatus = h ? 'healthy' : 'unknown';
  if (problems.some((p) => p.metric === 'last_seen')) status = 'offline';
  else if (problems.some((p) => p.severity === 'critical')) status = 'critical';
  else if (problems.length) status = 'warning';
  return { node: row.node, location: row.location, status, lastSeen: row.lastSeen, health: h, problems };
}
