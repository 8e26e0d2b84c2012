import type { GoalStatus } from './goal.js';

/** The unit of time every measured goal counts in: the store's rollup bucket. */
export const SLOT_MS = 5 * 60_000;
const DAY = 86_400_000;

/** One 5-minute slot: whether the goal's condition held in it, and its worst value. */
export interface Slot {
  ok: boolean;
  /** The value that decided it (the highest for "below", the lowest for "above"); null for presence goals. */
  worst: number | null;
  where?: string;
}

/** A stretch of consecutive failing slots: what "the moments that cost the most" lists. */
export interface Moment {
  from: string;
  to: string;
  minutes: number;
  /** The worst value in it (null for missing reports). */
  peak: number | null;
  where?: string;
}

/** Progress of a share-of-time goal (time_share, reporting), every figure from the slots given. */
export interface ShareProgress {
  status: GoalStatus;
  /** Percent of observed slots in which the condition held; null without any observed slot. */
  attainment: number | null;
  target: number;
  observed_slots: number;
  ok_slots: number;
  failed_slots: number;
  /** Slots still to come before the deadline. */
  remaining_slots: number;
  budget: { allowed_minutes: number; used_minutes: number; left_minutes: number; over_minutes: number };
  /** The last 24 hours (or less, early on) against the whole period so far. */
  trend: { recent_attainment: number | null; direction: 'improving' | 'worsening' | 'steady' | 'unknown' };
  /** Attainment at the deadline if the last 24 hours' rate goes on. */
  projection: { at_deadline: number | null; meets_target: boolean | null };
  costliest: Moment[];
}

export const slotOf = (ts: number): number => Math.floor(ts / SLOT_MS) * SLOT_MS;
export const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;
const iso = (ms: number) => new Date(ms).toISOString();

/** The slots a period has seen by `now`: [start, min(now, deadline)) in whole slots (none before it starts). */
export function elapsedSlots(start: number, deadline: number, now: number): { first: number; end: number; count: number; remaining: number } {
  const first = slotOf(start);
  const end = Math.max(first, Math.min(slotOf(now) + SLOT_MS, Math.ceil(deadline / SLOT_MS) * SLOT_MS));
  const last = Math.ceil(deadline / SLOT_MS) * SLOT_MS;
  return { first, end, count: (end - first) / SLOT_MS, remaining: Math.max(0, (last - end) / SLOT_MS) };
}

/** Consecutive failing slots (of one place) joined into moments, the longest (then worst) first. */
export function costliest(failed: { ts: number; worst: number | null; where?: string }[], higherIsWorse: boolean, max = 3): Moment[] {
  const byWhere = new Map<string, { ts: number; worst: number | null }[]>();
  for (const f of failed) {
    const k = f.where ?? '';
    let list = byWhere.get(k);
    if (!list) byWhere.set(k, (list = []));
    list.push(f);
  }
  const moments: (Moment & { slots: number; sortPeak: number })[] = [];
  for (const [where, list] of byWhere) {
    list.sort((a, b) => a.ts - b.ts);
    let run: { ts: number; worst: number | null }[] = [];
    const close = () => {
      if (!run.length) return;
      const peaks = run.map((r) => r.worst).filter((w): w is number => w !== null);
      const peak = peaks.length ? (higherIsWorse ? Math.max(...peaks) : Math.min(...peaks)) : null;
      moments.push({ from: iso(run[0]!.ts), to: iso(run.at(-1)!.ts + SLOT_MS), minutes: run.length * 5, peak, ...(where ? { where } : {}), slots: run.length, sortPeak: peak === null ? 0 : higherIsWorse ? peak : -peak });
      run = [];
    };
    for (const f of list) {
      if (run.length && f.ts !== run.at(-1)!.ts + SLOT_MS) close();
      run.push(f);
    }
    close();
  }
  moments.sort((a, b) => b.slots - a.slots || b.sortPeak - a.sortPeak || a.from.localeCompare(b.from));
  return moments.slice(0, max).map(({ slots: _s, sortPeak: _p, ...m }) => m);
}

/**
 * Progress of a share-of-time goal from its slots (keyed by slot start). Attainment is the share of
 * observed slots that held; the budget is how many more failing minutes the deadline allows if
 * every slot still to come is observed, and the projection carries the last 24 hours' rate on.
 * @example
 * shareProgress(slots, { start, deadline, now, target: 99, higherIsWorse: true })
 */
export function shareProgress(slots: Map<number, Slot>, o: { start: number; deadline: number; now: number; target: number; higherIsWorse: boolean; streams?: number }): ShareProgress {
  const span = elapsedSlots(o.start, o.deadline, o.now);
  const t = o.target / 100;
  let ok = 0;
  let failed = 0;
  let recentOk = 0;
  let recentAll = 0;
  const recentFrom = Math.max(span.first, span.end - DAY);
  const failing: { ts: number; worst: number | null; where?: string }[] = [];
  for (const [ts, s] of slots) {
    if (ts < span.first || ts >= span.end) continue;
    if (s.ok) ok++;
    else { failed++; failing.push({ ts, worst: s.worst, ...(s.where ? { where: s.where } : {}) }); }
    if (ts >= recentFrom) { recentAll++; if (s.ok) recentOk++; }
  }
  const observed = ok + failed;
  const R = span.remaining * (o.streams ?? 1); // slots to come: per node for reporting goals
  const attainment = observed ? (ok / observed) * 100 : null;
  const recent = recentAll ? (recentOk / recentAll) * 100 : null;
  const leftSlots = Math.floor(ok + R - t * (observed + R) + 1e-9);
  const allowed = Math.floor((1 - t) * (observed + R) + 1e-9);
  const projected = observed ? ((ok + (recent ?? 0) / 100 * R) / (observed + R)) * 100 : null;
  const done = o.now >= o.deadline;
  let status: GoalStatus;
  if (observed === 0) status = 'no_data';
  else if (done) status = attainment! + 1e-9 >= o.target ? 'met' : 'breached';
  else if (leftSlots < 0) status = 'breached';
  else if (projected! + 1e-9 < o.target) status = 'at_risk';
  else status = 'on_track';
  const direction = attainment === null || recent === null ? 'unknown' : recent > attainment + 0.05 ? 'improving' : recent < attainment - 0.05 ? 'worsening' : 'steady';
  return {
    status, attainment: attainment === null ? null : round(attainment, 3), target: o.target,
    observed_slots: observed, ok_slots: ok, failed_slots: failed, remaining_slots: R,
    budget: { allowed_minutes: allowed * 5, used_minutes: failed * 5, left_minutes: leftSlots * 5, over_minutes: Math.max(0, -leftSlots * 5) },
    trend: { recent_attainment: recent === null ? null : round(recent, 3), direction },
    projection: { at_deadline: projected === null ? null : round(projected, 3), meets_target: projected === null ? null : projected + 1e-9 >= o.target },
    costliest: costliest(failing, o.higherIsWorse),
  };
}
