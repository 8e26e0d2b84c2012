import { ruleFromIntent, type AlertRule, type AlertRuleInput } from '../../../studio/alerts/rule.js';
import { listJoin } from '../format.js';
import { readNewThreshold } from '../language/alert-text.js';
import type { AlertText, Plan } from '../language/plan.js';
import type { Answer } from '../answer.js';
import { VITAL_UNIT } from '../../../studio/alerts/evaluate.js';
import { kindsOf, spec, vitalsOf, type Operation, type OperationContext } from './operation.js';

const OP_WORDS: Record<string, string> = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below' };
const KIND_BY_UNIT: Record<string, string> = { '°C': 'temperature', '°F': 'temperature', K: 'temperature', '%': 'humidity', hPa: 'pressure', kPa: 'pressure', inHg: 'pressure', mmHg: 'pressure' };
const unitLabel = (u: string) => (!u ? '' : /^[%°]/.test(u) ? u : ` ${u}`);
const unitsOf = (ctx: OperationContext) => (kind: string) => (kind in VITAL_UNIT ? VITAL_UNIT[kind]! : ctx.catalog.series.find((s) => s.kind === kind)?.unit ?? '');
const disabled: Answer = { response: 'Alerts are not enabled on this server; nothing was changed.', data: { created: false } };
const duration = (s: number) => (s % 3600 === 0 ? `${s / 3600} hour${s === 3600 ? '' : 's'}` : s % 60 === 0 ? `${s / 60} minute${s === 60 ? '' : 's'}` : `${s} seconds`);

/** Channels a request named that can be added now, and those that still lack what they need. */
function channelsOf(a: AlertText): { ok: AlertRuleInput['channels']; missing: string[] } {
  const ok: NonNullable<AlertRuleInput['channels']> = [];
  const missing: string[] = [];
  for (const c of a.channels) {
    if (c.type === 'pagerduty') {
      if (c.routing_key) ok.push({ type: 'pagerduty', routing_key: c.routing_key });
      else missing.push('PagerDuty needs its routing key ("… to PagerDuty routing key R0UT1NGK3Y")');
    }
    else if (c.url) ok.push({ type: c.type, url: c.url });
    else missing.push(`${c.type === 'slack' ? 'Slack' : 'a webhook'} needs its URL ("add slack https://hooks.slack.com/services/… to alert <id>")`);
  }
  return { ok, missing };
}

/** What a rule watches, in words. */
export function describeRule(r: AlertRule, unitOf: (kind: string) => string = () => ''): string {
  const c = r.condition;
  const where = r.filter.node ?? r.filter.location ?? 'anywhere';
  const channels = r.channels.length ? `; notifies ${r.channels.map((ch) => ('url' in ch && ch.type !== 'pagerduty' ? `${ch.type} ${ch.url}` : ch.type)).join(', ')}` : '; no notification channel yet';
  switch (c.type) {
    case 'threshold': return `${r.filter.kind ?? 'value'} ${OP_WORDS[c.op]} ${c.value}${unitLabel(unitOf(r.filter.kind ?? ''))} ${where === 'anywhere' ? 'anywhere' : `${r.filter.node ? 'on' : 'in'} ${where}`}${c.for_s ? ` for ${duration(c.for_s)} (for_s ${c.for_s})` : ''}, severity ${r.severity}${channels}`;
    case 'deadman': return `no data from ${where === 'anywhere' ? 'any node' : where} for ${duration(c.silent_for_s)}, severity ${r.severity}${channels}`;
    case 'node_health': return `${where === 'anywhere' ? 'any node' : where} becoming ${c.statuses.join(' or ')}, severity ${r.severity}${channels}`;
    case 'anomaly': return `${c.min_severity}+ anomalies ${where === 'anywhere' ? 'anywhere' : `at ${where}`}, severity ${r.severity}${channels}`;
  }
}

function ruleInput(plan: Plan, ctx: OperationContext): { input?: AlertRuleInput; missing: string[]; note?: string } {
  const a = plan.alert ?? { channels: [] };
  const node = plan.scope.nodes.length === 1 ? plan.scope.nodes[0] : undefined;
  const location = !node && plan.scope.locations.length === 1 ? plan.scope.locations[0] : undefined;
  const filter = { ...(node ? { node } : {}), ...(location ? { location } : {}) };
  const base = { ...(a.severity ? { severity: a.severity } : {}), ...(a.name ? { name: a.name } : {}) };
  const where = node ?? location;
  if (a.condition === 'offline' || a.condition === 'silent') {
    const silent = Math.max(60, a.silent_s ?? Math.round(ctx.healthLimits.offlineAfterMs / 1000));
    return { input: { name: `no data from ${where ?? 'a node'} for ${duration(silent)}`, ...base, filter, condition: { type: 'deadman', silent_for_s: silent } }, missing: [] };
  }
  // "pi-node-5 cpu over 85% for 10 minutes": a threshold on the vital itself, which the engine reads from health reports.
  const vital = vitalsOf(plan).find((v) => v !== 'top_process');
  if (vital && !kindsOf(plan).length && a.op && a.value !== undefined && (a.condition === undefined || a.condition === 'threshold')) {
    const rule = ruleFromIntent({ kind: vital, op: a.op, value: a.value, ...(node ? { node } : {}), ...(location ? { location } : {}), ...(a.for_s ? { for_s: a.for_s } : {}), ...(a.severity ? { severity: a.severity } : {}) });
    return { input: { ...rule, ...(a.name ? { name: a.name } : {}) }, missing: [] };
  }
  if (a.condition === 'unhealthy' || (vitalsOf(plan).length && !kindsOf(plan).length)) {
    return { input: { name: `${where ?? 'a node'} unhealthy`, ...base, filter, condition: { type: 'node_health', statuses: ['warning', 'critical', 'offline'] } }, missing: [], note: vitalsOf(plan).length ? ` Node vitals alert through the node's health status (limits: CPU ${ctx.healthLimits.cpuPct}%, memory ${ctx.healthLimits.memPct}%, SoC ${ctx.healthLimits.socTempC}°C, disk ${ctx.healthLimits.diskPct}%).` : undefined };
  }
  if (a.condition === 'anomaly') return { input: { name: `anomalies at ${where ?? 'any place'}`, ...base, filter, condition: { type: 'anomaly', min_severity: a.severity === 'critical' ? 'critical' : 'warning' } }, missing: [] };
  const kind = kindsOf(plan)[0] ?? (a.stated?.unit ? KIND_BY_UNIT[a.stated.unit] : undefined);
  const missing = [!kind && 'what to watch (a kind such as temperature, humidity or pressure)', !a.op && 'the direction (above or below)', a.value === undefined && 'the limit (a number)'].filter((x): x is string => !!x);
  if (missing.length || !kind || !a.op || a.value === undefined) return { missing };
  const rule = ruleFromIntent({ kind, op: a.op, value: a.value, ...(node ? { node } : {}), ...(location ? { location } : {}), ...(a.for_s ? { for_s: a.for_s } : {}), ...(a.severity ? { severity: a.severity } : {}) });
  return { input: { ...rule, ...(a.name ? { name: a.name } : {}) }, missing: [] };
}

/** "Alert me if pi-node-3's temperature goes over 80 °F for 10 minutes and post to Slack <url>". */
export const alertCreate: Operation = {
  spec: spec('alert_create', 'Create an alert rule: a threshold (converted to the stored unit, with for_s), no data, node health or anomalies; optional channels', { op: { enum: ['<', '<=', '>', '>='] }, value: { type: 'number' }, unit: { type: 'string' }, for_s: { type: 'integer' }, channels: { type: 'array' } }, 'admin'),
  async run(plan, ctx) {
    if (!ctx.alerts) return disabled;
    const { input, missing, note } = ruleInput(plan, ctx);
    if (!input) return { response: `I need ${listJoin(missing)} to create the alert, e.g. "Alert me if humidity drops below 30% for 10 minutes". Nothing was created.`, data: { created: false, missing } };
    const ch = channelsOf(plan.alert ?? { channels: [] });
    const rule = await ctx.alerts.create({ ...input, channels: ch.ok });
    const stated = plan.alert?.stated && rule.condition.type === 'threshold' && plan.alert.stated.unit && plan.alert.stated.value !== rule.condition.value ? ` (${plan.alert.stated.value}${plan.alert.stated.unit} as you wrote it)` : '';
    return {
      response: `Alert ${rule.id} created: ${describeRule(rule, unitsOf(ctx))}${stated}.${note ?? ''}${ch.missing.length ? ` Not added yet: ${ch.missing.join('; ')}.` : ''} Change it with PATCH /api/v1/alerts/${rule.id} or "change alert ${rule.id} …".`,
      data: { created: true, rule, stated: plan.alert?.stated ?? null },
    };
  },
};

/** "What alerts are firing?", "list my alerts". */
export const alertList: Operation = {
  spec: spec('alert_list', 'Alert rules and the alerts firing now'),
  async run(plan, ctx) {
    if (!ctx.alerts) return { response: 'Alerts are not enabled on this server.', data: { rules: [], alerts: [] } };
    const all = await ctx.alerts.rules();
    const firing = await ctx.alerts.alerts({ state: 'firing' });
    if (!all.length) return { response: 'There are no alert rules yet. Try "Alert me if humidity drops below 30%".', data: { rules: all, alerts: firing } };
    // "What alerts are set for the garage?": the rules on that place (a rule on a node counts for its location, and the other way round).
    const named = [...plan.scope.locations, ...plan.scope.nodes];
    const kinds = kindsOf(plan);
    const placesOf = (r: AlertRule) => [r.filter.node, r.filter.location, ctx.catalog.series.find((x) => x.node === r.filter.node)?.location ?? undefined,
      ...ctx.catalog.series.filter((x) => r.filter.location && x.location === r.filter.location).map((x) => x.node)].filter((x): x is string => !!x);
    const rules = all.filter((r) => (!named.length || named.some((n) => placesOf(r).includes(n))) && (!kinds.length || !r.filter.kind || kinds.includes(r.filter.kind)));
    const where = named.length ? ` for ${listJoin(named)}` : '';
    if (!rules.length) return { response: `No alert rules are set${where}${kinds.length ? ` on ${listJoin(kinds)}` : ''} (${all.length} rule${all.length === 1 ? '' : 's'} elsewhere: "list alerts" shows them).`, data: { rules: [], total_rules: all.length, alerts: [] } };
    const firingHere = firing.filter((a) => rules.some((r) => r.id === a.rule_id));
    const lines = [`${rules.length} alert rule${rules.length === 1 ? '' : 's'}${where}, ${firingHere.length} firing:`];
    for (const r of rules) {
      const f = firing.filter((a) => a.rule_id === r.id);
      lines.push(`- ${r.id} ${r.name}: ${describeRule(r, unitsOf(ctx))}${f.length ? ` — FIRING: ${f.map((a) => a.summary).join('; ')}` : ' — ok'}`);
    }
    return { response: lines.join('\n'), data: { rules, alerts: firingHere, firing: firingHere.length, total_rules: all.length } };
  },
};

/** The rule a request is about: its id, or the one rule that matches its kind and place. */
async function targetRule(plan: Plan, ctx: OperationContext): Promise<AlertRule | string> {
  const rules = await ctx.alerts!.rules();
  const id = plan.alert?.ruleId;
  if (id) return rules.find((r) => r.id === id) ?? `There is no alert ${id}; nothing was changed.`;
  const kinds = kindsOf(plan);
  // A rule on a node is about its location too, and the other way round ("the north warehouse alert" for a rule on hub.north).
  const locationOf = (node: string | undefined) => (node ? ctx.catalog.series.find((s) => s.node === node)?.location ?? undefined : undefined);
  const places = (r: AlertRule) => [r.filter.node, r.filter.location, locationOf(r.filter.node), ...ctx.catalog.series.filter((s) => r.filter.location && s.location === r.filter.location).map((s) => s.node)].filter((x): x is string => !!x);
  const named = [...plan.scope.nodes, ...plan.scope.locations];
  const matches = rules.filter((r) => (!kinds.length || kinds.includes(r.filter.kind ?? '')) && (!named.length || named.some((n) => places(r).includes(n))));
  if (matches.length === 1 && (kinds.length || plan.scope.nodes.length || plan.scope.locations.length || rules.length === 1)) return matches[0]!;
  return `Which alert? Give its id, e.g. "${plan.operation === 'alert_delete' ? 'delete' : 'change'} alert ${rules[0]?.id ?? '3f9a1c2b'} …" (${rules.length ? `rules: ${rules.map((r) => `${r.id} ${r.name}`).join(', ')}` : 'there are no rules yet'}).`;
}

/** "Change alert 3f9a1c2b to 30", "add slack <url> to alert 3f9a1c2b", "make it fire after 5 minutes". */
export const alertUpdate: Operation = {
  spec: spec('alert_update', 'Change an alert rule: threshold (converted), direction, duration (for_s), channels, severity, name', { id: { type: 'string' }, value: { type: 'number' }, for_s: { type: 'integer' }, channels: { type: 'array' }, name: { type: 'string' } }, 'admin'),
  async run(plan, ctx) {
    if (!ctx.alerts) return disabled;
    const rule = await targetRule(plan, ctx);
    if (typeof rule === 'string') return { response: rule, data: { updated: false } };
    const a = plan.alert ?? { channels: [] };
    const patch: Record<string, unknown> = {};
    const condition: Record<string, unknown> = {};
    if (rule.condition.type === 'threshold') {
      const unit = ctx.catalog.series.find((s) => s.kind === rule.filter.kind)?.unit;
      const next = a.value !== undefined ? { value: a.value } : readNewThreshold(ctx.masked, unit);
      if (next) condition.value = next.value;
      if (a.op) condition.op = a.op;
      if (a.for_s !== undefined) condition.for_s = a.for_s;
    }
    if (rule.condition.type === 'deadman' && a.silent_s) condition.silent_for_s = a.silent_s;
    if (Object.keys(condition).length) patch.condition = condition;
    const ch = channelsOf(a);
    if (ch.ok?.length) patch.channels = [...rule.channels, ...ch.ok];
    if (a.severity) patch.severity = a.severity;
    if (a.name) patch.name = a.name;
    if (!Object.keys(patch).length) {
      return { response: `What should change in alert ${rule.id} (${describeRule(rule, unitsOf(ctx))})? E.g. "change alert ${rule.id} to 30", "… for 10 minutes", "add slack https://hooks.slack.com/services/… to alert ${rule.id}".${ch.missing.length ? ` ${ch.missing.join('; ')}.` : ''}`, data: { updated: false, rule } };
    }
    const updated = await ctx.alerts.update(rule.id, patch);
    return { response: `Alert ${rule.id} changed: ${describeRule(updated!, unitsOf(ctx))}.${ch.missing.length ? ` Not added: ${ch.missing.join('; ')}.` : ''}`, data: { updated: true, rule: updated, patch } };
  },
};

/** "Delete alert 3f9a1c2b", "remove the humidity alert". */
export const alertDelete: Operation = {
  spec: spec('alert_delete', 'Delete an alert rule (its firing alerts are notified as resolved)', { id: { type: 'string' } }, 'admin'),
  async run(plan, ctx) {
    if (!ctx.alerts) return disabled;
    if (/\b(all|every|each)\b.*\b(alerts|rules|alarms)\b|\b(alerts|rules|alarms)\b.*\b(all|every one)\b/i.test(ctx.question) && !plan.alert?.ruleId) {
      const rules = await ctx.alerts.rules();
      for (const r of rules) await ctx.alerts.deleteRule(r.id);
      return { response: rules.length ? `Deleted all ${rules.length} alert rules: ${rules.map((r) => `${r.id} (${r.name})`).join(', ')}.` : 'There were no alert rules to delete.', data: { deleted: rules.length > 0, ids: rules.map((r) => r.id), count: rules.length } };
    }
    const rule = await targetRule(plan, ctx);
    if (typeof rule === 'string') return { response: rule.replace('nothing was changed', 'nothing was deleted'), data: { deleted: false } };
    // Through the engine: its firing alerts are notified as resolved (rule deleted).
    const deleted = await ctx.alerts.deleteRule(rule.id);
    return { response: deleted ? `Alert ${rule.id} deleted (${rule.name}).` : `There is no alert ${rule.id}; nothing was deleted.`, data: { deleted, id: rule.id } };
  },
};
