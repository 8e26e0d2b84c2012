import type { Goal, GoalStatus } from './goal.js';
import { round } from './slots.js';

const DAY = 86_400_000;

/** What a tracked goal's progress says, from its key results and check-ins. */
export interface TrackedProgress {
  measure: 'tracked';
  status: GoalStatus;
  /** Percent done: the mean of the key results' shares, else the last check-in's progress_pct (0 without). */
  attainment: number;
  unit: '%';
  target: 100;
  /** Where a straight line from start to deadline would be now. */
  expected_pct: number;
  key_results: { id: string; title: string; done: boolean; current: number; target: number | null; pct: number }[];
  last_check_in: string | null;
  check_in_due: boolean;
  days_left: number;
}

/** How far a key result is, 0–100. */
const krPct = (k: Goal['key_results'][number]): number => (k.done ? 100 : k.target ? Math.min(100, (k.current / k.target) * 100) : 0);

/**
 * A tracked goal's progress at `now`: met at 100 %, breached past the deadline below it, at risk when
 * more than 25 points behind the straight line or a check-in is overdue.
 * @example
 * trackedProgress(goal, Date.now()).attainment // 40 for 2 of 5 key results done
 */
export function trackedProgress(goal: Goal, now: number): TrackedProgress {
  const krs = goal.key_results.map((k) => ({ id: k.id, title: k.title, done: k.done || krPct(k) >= 100, current: k.current, target: k.target ?? null, pct: round(krPct(k), 1) }));
  const lastPct = [...goal.check_ins].reverse().find((c) => c.progress_pct !== undefined)?.progress_pct;
  const attainment = round(krs.length ? krs.reduce((s, k) => s + k.pct, 0) / krs.length : lastPct ?? 0, 1);
  const span = Math.max(1, goal.deadline - goal.start);
  const expected = round(Math.min(100, Math.max(0, ((now - goal.start) / span) * 100)), 1);
  const last = goal.check_ins.at(-1)?.at;
  const due = now - (last ?? goal.created_at) > goal.checkin_every_days * DAY;
  let status: GoalStatus;
  if (attainment >= 100) status = 'met';
  else if (now >= goal.deadline) status = 'breached';
  else if (attainment < expected - 25 || due) status = 'at_risk';
  else status = 'on_track';
  return {
    measure: 'tracked', status, attainment, unit: '%', target: 100, expected_pct: expected, key_results: krs,
    last_check_in: last ? new Date(last).toISOString() : null, check_in_due: due, days_left: round(Math.max(0, goal.deadline - now) / DAY, 1),
  };
}
