/** `pending`: the condition holds but not yet for the rule's `for_s`; nothing was notified. */
export type AlertStateName = 'pending' | 'firing' | 'resolved';

/** An alert: one rule firing for one thing (series or node), identified by its fingerprint. */
export interface AlertState {
  rule_id: string;
  fingerprint: string;
  state: AlertStateName;
  summary: string;
  value: number | null;
  /** What the alert is about (node, sensor, kind, location; or Alertmanager's labels). */
  labels: Record<string, string>;
  /** When the condition began to hold (pending included). */
  started_at: number;
  resolved_at: number | null;
  last_notified_at: number | null;
  /** When the condition was last evaluated (as holding while pending/firing). */
  updated_at: number;
  /**
   * Why it resolved when not because the condition cleared (`rule deleted`). Only on the
   * notification; never stored.
   */
  reason?: string;
}

/** One evaluation of one rule for one fingerprint. */
export interface Transition {
  ruleId: string;
  fingerprint: string;
  /** Whether the condition holds now. */
  firing: boolean;
  summary: string;
  value: number | null;
  labels?: Record<string, string>;
  now: number;
  /** Re-notify a firing alert after this long. */
  repeatMs: number;
  /** The condition must hold this long before firing (0 or absent: at once). */
  forMs?: number;
}

/** What a repository does with the current row: keep it, write this one, or delete it; and whether to notify. */
export type Decision = { write: AlertState | undefined; remove: boolean; notify: boolean };

/**
 * The alert state machine, shared by every repository so engines cannot drift apart:
 * resolved/none → pending (with `for`) → firing → resolved; a pending alert that clears is
 * dropped without a word; a firing one is re-notified every `repeatMs`.
 * @example
 * const d = decide(current, { ruleId, fingerprint, firing: true, summary, value, now, repeatMs: 3_600_000 });
 * if (d.write) upsert(d.write); if (d.notify) send(d.write);
 */
export function decide(cur: AlertState | undefined, t: Transition): Decision {
  const base = { rule_id: t.ruleId, fingerprint: t.fingerprint, summary: t.summary, value: t.value, labels: t.labels ?? cur?.labels ?? {}, updated_at: t.now };
  const keep: Decision = { write: undefined, remove: false, notify: false };
  if (t.firing) {
    if (!cur || cur.state === 'resolved') {
      const forMs = t.forMs ?? 0;
      return forMs > 0
        ? { write: { ...base, state: 'pending', started_at: t.now, resolved_at: null, last_notified_at: null }, remove: false, notify: false }
        : { write: { ...base, state: 'firing', started_at: t.now, resolved_at: null, last_notified_at: t.now }, remove: false, notify: true };
    }
    if (cur.state === 'pending') {
      const due = t.now - cur.started_at >= (t.forMs ?? 0);
      return { write: { ...cur, ...base, ...(due ? { state: 'firing', last_notified_at: t.now } : {}) }, remove: false, notify: due };
    }
    const repeat = cur.last_notified_at !== null && t.now - cur.last_notified_at >= t.repeatMs;
    return { write: { ...cur, ...base, ...(repeat ? { last_notified_at: t.now } : {}) }, remove: false, notify: repeat };
  }
  if (!cur || cur.state === 'resolved') return keep;
  if (cur.state === 'pending') return { write: undefined, remove: true, notify: false };
  return { write: { ...cur, ...base, state: 'resolved', resolved_at: t.now }, remove: false, notify: true };
}
