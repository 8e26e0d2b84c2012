import type { Health } from '../../core/schemas.js';
import type { NodeRow, StudioStore } from '../store/store.js';
import { holds, VITALS, type Goal, type Measure, type Vital } from './goal.js';
import { costliest, elapsedSlots, round, shareProgress, SLOT_MS, slotOf, type Moment, type ShareProgress, type Slot } from './slots.js';
import type { GoalStatus } from './goal.js';

/** What a measured goal's progress says; every figure computed from the store for this call. */
export type MeasuredProgress = (ShareProgress & { measure: 'time_share' | 'reporting'; unit: '%' })
  | { measure: 'average'; status: GoalStatus; attainment: number | null; unit: string; target: number; op: string; samples: number;
    trend: { recent_average: number | null; direction: 'improving' | 'worsening' | 'steady' | 'unknown' };
    budget: { remaining_average_limit: number | null }; projection: { at_deadline: number | null; meets_target: boolean | null }; costliest: Moment[] }
  | { measure: 'anomaly_free'; status: GoalStatus; attainment: number | null; unit: '%'; target: 100; anomalies: number; elapsed_slots: number;
    budget: { anomalies_allowed: 0 }; costliest: Moment[] };

const isVital = (k: string): k is Vital => (VITALS as readonly string[]).includes(k);
const vitalOf = (h: Health, v: Vital): number | null => (v === 'cpu' ? h.cpu_pct : v === 'memory' ? h.mem_pct : v === 'disk' ? h.disk_pct : h.temp_c ?? null);
const VITAL_UNIT: Record<Vital, string> = { cpu: '%', memory: '%', disk: '%', soc_temp: '°C' };
const DAY = 86_400_000;

/** The nodes a scope covers (a node, a location's nodes, or every node). */
export async function nodesOf(store: StudioStore, scope: { node?: string; location?: string }): Promise<NodeRow[]> {
  return (await store.nodes()).filter((n) => (!scope.node || n.node === scope.node) && (!scope.location || n.location === scope.location));
}

/** Per slot, every value of the goal's kind in scope: readings' 5-minute rollups, or node health reports for a vital. */
async function valuesBySlot(store: StudioStore, m: { scope: { node?: string; location?: string }; kind: string }, from: number, to: number): Promise<{ ts: number; count: number; mean: number; min: number; max: number; where: string }[]> {
  if (isVital(m.kind)) {
    const out: { ts: number; count: number; mean: number; min: number; max: number; where: string }[] = [];
    for (const n of await nodesOf(store, m.scope)) {
      const slots = new Map<number, { count: number; sum: number; min: number; max: number }>();
      for (const h of await store.healthHistory(n.node, { from, to })) {
        const v = vitalOf(h, m.kind);
        if (v === null) continue;
        const ts = slotOf(h.ts);
        const s = slots.get(ts) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity };
        s.count++; s.sum += v; s.min = Math.min(s.min, v); s.max = Math.max(s.max, v);
        slots.set(ts, s);
      }
      for (const [ts, s] of slots) out.push({ ts, count: s.count, mean: s.sum / s.count, min: s.min, max: s.max, where: n.node });
    }
    return out;
  }
  const points = await store.series({ ...m.scope, kind: m.kind, from, to, stepMs: SLOT_MS });
  return points.filter((p) => p.count > 0).map((p) => ({ ts: p.ts, count: p.count, mean: p.mean, min: p.min, max: p.max, where: `${p.node}/${p.sensor}` }));
}

/** The unit a goal's figures are in: the vital's, or the kind's as the store holds it. */
async function unitOf(store: StudioStore, m: { scope: { node?: string; location?: string }; kind: string }): Promise<string> {
  if (isVital(m.kind)) return VITAL_UNIT[m.kind];
  return (await store.latest({ ...m.scope, kind: m.kind }))[0]?.unit ?? '';
}

/**
 * A measured goal's progress at `now`, from stored data only.
 * @example
 * await measuredProgress(store, goal, Date.now()) // { measure: 'time_share', attainment: 99.4, budget: {...}, ... }
 */
export async function measuredProgress(store: StudioStore, goal: Pick<Goal, 'start' | 'deadline'> & { measure: Measure }, now: number): Promise<MeasuredProgress> {
  const m = goal.measure;
  const span = elapsedSlots(goal.start, goal.deadline, now);
  const from = span.first;
  const to = span.end;
  if (m.type === 'time_share') {
    const higherIsWorse = m.op === '<' || m.op === '<=';
    const slots = new Map<number, Slot>();
    for (const v of await valuesBySlot(store, m, from, to)) {
      const worst = higherIsWorse ? v.max : v.min;
      const ok = holds(m.op, worst, m.threshold);
      const prev = slots.get(v.ts);
      // A slot holds only when every series in scope held in it; the worst series names it.
      if (!prev) slots.set(v.ts, { ok, worst, where: v.where });
      else if (!ok && (prev.ok || (higherIsWorse ? worst > prev.worst! : worst < prev.worst!))) slots.set(v.ts, { ok: false, worst, where: v.where });
      else if (prev.ok) slots.set(v.ts, { ok: true, worst: higherIsWorse ? Math.max(prev.worst!, worst) : Math.min(prev.worst!, worst) });
    }
    const p = shareProgress(slots, { start: goal.start, deadline: goal.deadline, now, target: m.target_pct, higherIsWorse });
    return { measure: 'time_share', unit: '%', ...p, costliest: p.costliest };
  }
  if (m.type === 'reporting') {
    // Node slots: one per node per 5 minutes since the later of the goal's start and the node's first report.
    const slots = new Map<number, Slot>();
    const nodes = await nodesOf(store, m.scope);
    const seen = new Map<string, Set<number>>();
    for (const n of nodes) seen.set(n.node, new Set());
    for (const p of await store.series({ ...m.scope, from, to, stepMs: SLOT_MS })) if (p.count > 0) seen.get(p.node)?.add(p.ts);
    for (const n of nodes) for (const h of await store.healthHistory(n.node, { from, to })) seen.get(n.node)!.add(slotOf(h.ts));
    // Each (node, slot) gets its own key: slot start + node index (both below SLOT_MS apart).
    let i = 0;
    for (const n of nodes) {
      const have = seen.get(n.node)!;
      for (let ts = Math.max(from, slotOf(n.firstSeen)); ts < to; ts += SLOT_MS) slots.set(ts + i, { ok: have.has(ts), worst: null, where: n.node });
      i++;
    }
    const p = shareProgress(slots, { start: goal.start, deadline: goal.deadline, now, target: m.target_pct, higherIsWorse: true, streams: Math.max(1, nodes.length) });
    const failing = [...slots].filter(([, s]) => !s.ok).map(([k, s]) => ({ ts: k - (k % SLOT_MS), worst: null, where: s.where! }));
    return { measure: 'reporting', unit: '%', ...p, costliest: costliest(failing, true) };
  }
  if (m.type === 'average') {
    const values = await valuesBySlot(store, m, from, to);
    let sum = 0;
    let count = 0;
    let rSum = 0;
    let rCount = 0;
    const recentFrom = Math.max(from, to - DAY);
    const bySlot = new Map<number, { sum: number; count: number; where: string }>();
    for (const v of values) {
      sum += v.mean * v.count; count += v.count;
      if (v.ts >= recentFrom) { rSum += v.mean * v.count; rCount += v.count; }
      const s = bySlot.get(v.ts) ?? { sum: 0, count: 0, where: v.where };
      s.sum += v.mean * v.count; s.count += v.count;
      bySlot.set(v.ts, s);
    }
    const unit = await unitOf(store, m);
    const avg = count ? sum / count : null;
    const recent = rCount ? rSum / rCount : null;
    const done = now >= goal.deadline;
    const higherIsWorse = m.op === '<' || m.op === '<=';
    // Samples still to come at the rate seen so far; the mean they may have for the goal to hold.
    const elapsed = to - from;
    const future = count && span.remaining ? (count / elapsed) * span.remaining * SLOT_MS : 0;
    const limit = future > 0 ? (m.threshold * (count + future) - sum) / future : null;
    let status: GoalStatus;
    if (avg === null) status = 'no_data';
    else if (done) status = holds(m.op, avg, m.threshold) ? 'met' : 'breached';
    else status = holds(m.op, avg, m.threshold) && (recent === null || holds(m.op, recent, m.threshold)) ? 'on_track' : 'at_risk';
    const projected = avg === null ? null : future > 0 && recent !== null ? (sum + recent * future) / (count + future) : avg;
    const failing = [...bySlot].filter(([, s]) => !holds(m.op, s.sum / s.count, m.threshold)).map(([ts, s]) => ({ ts, worst: s.sum / s.count, where: s.where }));
    return {
      measure: 'average', status, attainment: avg === null ? null : round(avg), unit, target: m.threshold, op: m.op, samples: count,
      trend: { recent_average: recent === null ? null : round(recent), direction: avg === null || recent === null ? 'unknown' : Math.abs(recent - avg) < 0.005 ? 'steady' : (recent < avg) === higherIsWorse ? 'improving' : 'worsening' },
      budget: { remaining_average_limit: limit === null ? null : round(limit) },
      projection: { at_deadline: projected === null ? null : round(projected), meets_target: projected === null ? null : holds(m.op, projected, m.threshold) },
      costliest: costliest(failing, higherIsWorse).map((c) => ({ ...c, peak: c.peak === null ? null : round(c.peak) })),
    };
  }
  const found = await store.anomalies({ ...m.scope, from, to, minSeverity: m.min_severity, limit: 1000 });
  const bad = new Set(found.map((a) => slotOf(a.ts)));
  const moments = costliest(found.map((a) => ({ ts: slotOf(a.ts), worst: a.value, where: `${a.node}/${a.sensor}` })), true);
  const status: GoalStatus = found.length ? 'breached' : now >= goal.deadline ? 'met' : span.count ? 'on_track' : 'no_data';
  return {
    measure: 'anomaly_free', status, attainment: span.count ? round(((span.count - bad.size) / span.count) * 100, 3) : null, unit: '%', target: 100, anomalies: found.length,
    elapsed_slots: span.count, budget: { anomalies_allowed: 0 }, costliest: moments,
  };
}
