/** How urgently a reading or event must reach the studio. Ordered: normal < warning < critical. */
export const SEVERITIES = ['normal', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const rank: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };

/**
 * Compares two severities; positive when `a` is more severe than `b`.
 * @example
 * compareSeverity('critical', 'warning') > 0 // true
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return rank[a] - rank[b];
}

/** The more severe of the two. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank[a] >= rank[b] ? a : b;
}
