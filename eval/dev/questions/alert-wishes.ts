/**
 * Alert requests generated over world A's nodes and places: liveness wishes ("let me know if a
 * node goes offline"), rules written as a heading ("critical alert: 30 degrees celsius for 5
 * minutes"), thresholds on node vitals (never a room kind), °F thresholds converted, durations kept,
 * and node names whose digits must never become the threshold. Checked in the alert engine.
 */
import type { AlertRule } from '../../../src/studio/alerts/rule.js';
import type { EvalItem, RuleChange } from '../item.js';
import type { DevWorld } from '../world.js';
import { expectRule, fromF } from './helpers.js';

/** Exactly one new rule watching liveness (no data, or node health including offline), on `node` when named. */
function expectLiveness(node?: string): (c: RuleChange) => string | undefined {
  return ({ created }) => {
    if (created.length !== 1) return `created ${created.length} rules (want 1 liveness rule)`;
    const r: AlertRule = created[0]!;
    const c = r.condition;
    const live = c.type === 'deadman' || (c.type === 'node_health' && c.statuses.includes('offline'));
    if (!live) return `rule ${c.type} does not watch liveness`;
    if (node && r.filter.node !== node) return `rule watches ${JSON.stringify(r.filter)} (want node ${node})`;
    if (!node && (r.filter.node || r.filter.location)) return `rule narrowed to ${JSON.stringify(r.filter)} (want every node)`;
    return undefined;
  };
}

/** `expectRule` and the severity asked for. */
function withSeverity(check: (c: RuleChange) => string | undefined, severity: 'warning' | 'critical'): (c: RuleChange) => string | undefined {
  return (change) => check(change) ?? (change.created[0]!.severity === severity ? undefined : `severity ${change.created[0]!.severity} (want ${severity})`);
}

export function alertWishItems(w: DevWorld): EvalItem[] {
  const out: EvalItem[] = [];
  const nodes = w.nodes.map((n) => n.node);
  const anyNode = ['let me know if a node goes offline', 'tell me if any node goes offline', 'ping me when any pi stops reporting', 'let us know as soon as a node goes down', 'notify me if any of the pis goes offline'];
  anyNode.forEach((q) => out.push({ category: 'alert-liveness', question: q, rules: expectLiveness() }));
  const oneNode = ['let me know if {n} goes offline', 'tell me when {n} stops reporting', 'give me a heads up if {n} goes down', 'warn me when {n} goes offline'];
  oneNode.forEach((t, i) => { const n = nodes[(i + 1) % nodes.length]!; out.push({ category: 'alert-liveness', question: t.replace('{n}', n), rules: expectLiveness(n) }); });

  // Headings: severity, a number with its unit and no comparison word, a duration. Thresholds never 1-5 (the node digits).
  const heads: [string, number, number, string][] = [['critical alert: {p} 30 degrees celsius for 5 minutes', 30, 300, 'critical'], ['critical alert: 28°C in {p} for 10 minutes', 28, 600, 'critical'],
    ['warning alert: {p} above 86°F for 15 min', fromF(86), 900, 'warning'], ['critical alert - {p} over 95 F for 2 minutes', fromF(95), 120, 'critical'],
    ['urgent alert: {p} 27.5 °C for half an hour', 27.5, 1800, 'critical'], ['warning alarm: {p} hits 33 degrees for 20 minutes', 33, 1200, 'warning']];
  heads.forEach(([t, value, for_s, sev], i) => {
    const spot = w.nodes[i % w.nodes.length]!;
    const place = i % 2 ? spot.node : spot.location.replace('-', ' ');
    out.push({ category: 'alert-heading', question: t.replace('{p}', place), rules: withSeverity(expectRule({ kind: 'temperature', scope: { node: spot.node, location: spot.location }, op: '>', value, tol: 0.15, for_s }), sev as 'warning' | 'critical') });
  });

  // Node vitals: the threshold on the vital ("cpu"), never on humidity because of "%".
  const vitals: [string, string, '>' | '<', number, number][] = [['alert me if {n} cpu goes over 85%', 'cpu', '>', 85, 0], ['warn me if {n} memory exceeds 90 percent', 'memory', '>', 90, 0],
    ['critical alert when {n} cpu above 90% for 10 minutes', 'cpu', '>', 90, 600], ['notify me when disk on {n} is above 95%', 'disk', '>', 95, 0],
    ['alert me if the soc temperature of {n} goes above 158°F', 'soc_temp', '>', 70, 0], ['page me if {n} CPU load tops 75% for 5 minutes', 'cpu', '>', 75, 300]];
  vitals.forEach(([t, kind, op, value, for_s], i) => {
    const spot = w.nodes[(i + 2) % w.nodes.length]!;
    out.push({ category: 'alert-vital', question: t.replace('{n}', spot.node), rules: expectRule({ kind, scope: { node: spot.node, location: spot.location }, op, value, for_s }) });
  });
  return out;
}
