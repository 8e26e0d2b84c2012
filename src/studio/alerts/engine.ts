import { Counter, Gauge, type Registry } from 'prom-client';
import { SEVERITIES } from '../../core/severity.js';
import { assessNode, DEFAULT_HEALTH_LIMITS } from '../health/node-health.js';
import type { IngestItem, StudioStore } from '../store/store.js';
import type { AlertRepository } from './repository.js';
import { AlertRuleInput, crosses, type AlertRule, type AlertState } from './rule.js';
import { notify } from './notify.js';
import { parseWith } from '../../core/schemas.js';

/** A value seen for one series, from a raw reading, an aggregate's extreme or an anomaly. */
interface Point { node: string; sensor: string; kind: string; location: string | undefined; value: number; ts: number }

/**
 * Evaluates alert rules as data arrives (thresholds, anomalies) and on a tick (absence of data,
 * node health); keeps firing/resolved state in the repository and notifies each transition (and
 * repeats) on the rule's channels.
 * @example
 * const alerts = new AlertEngine(store, repo, registry);
 * await alerts.start();
 * ingestor.onStored((items) => void alerts.onData(items));
 */
export class AlertEngine {
  private timer?: NodeJS.Timeout;
  private readonly sent;
  private readonly firing;

  constructor(private readonly store: StudioStore, readonly repo: AlertRepository, registry: Registry, private readonly clock: () => number = Date.now, private readonly tickMs = 30_000) {
    this.sent = new Counter({ name: 'homelab_alert_notifications_total', help: 'Alert notifications by channel type and outcome', labelNames: ['channel', 'outcome'] as const, registers: [registry] });
    this.firing = new Gauge({ name: 'homelab_alerts_firing', help: 'Alerts firing now', registers: [registry], collect: async () => { this.firing.set((await this.repo.alerts({ state: 'firing' })).length); } });
  }

  async start(): Promise<void> {
    await this.repo.open();
    this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.repo.close();
  }

  /** Validates and stores a rule (400 naming the bad field on bad input). */
  async create(input: unknown): Promise<AlertRule> {
    return this.repo.createRule(parseWith(AlertRuleInput, input), this.clock());
  }

  /** Threshold and anomaly rules against newly stored data. */
  async onData(items: IngestItem[]): Promise<void> {
    const rules = (await this.repo.rules()).filter((r) => r.condition.type === 'threshold' || r.condition.type === 'anomaly');
    if (!rules.length) return;
    const points: Point[] = [];
    const anomalies: (Point & { severity: string; reason: string })[] = [];
    for (const item of items) {
      for (const r of item.readings ?? []) points.push({ ...r, location: r.location });
      for (const s of item.aggregate?.series ?? []) {
        const base = { node: item.aggregate!.node, sensor: s.sensor, kind: s.kind, location: s.location };
        points.push({ ...base, value: s.min, ts: (s.min_ts as number | undefined) ?? (item.aggregate!.window_end as number) }, { ...base, value: s.max, ts: (s.max_ts as number | undefined) ?? (item.aggregate!.window_end as number) });
      }
      for (const a of item.anomalies ?? []) { points.push({ ...a, location: a.location }); anomalies.push({ ...a, location: a.location }); }
    }
    for (const rule of rules) {
      const match = (p: Point) => (!rule.filter.node || p.node === rule.filter.node) && (!rule.filter.sensor || p.sensor === rule.filter.sensor)
        && (!rule.filter.kind || p.kind === rule.filter.kind) && (!rule.filter.location || p.location === rule.filter.location);
      if (rule.condition.type === 'threshold') {
        const { op, value: limit } = rule.condition;
        // Per series, judge the latest point; a firing condition anywhere in the batch counts first.
        const bySeries = new Map<string, Point[]>();
        for (const p of points.filter(match)) bySeries.set(`${p.node}/${p.sensor}`, [...(bySeries.get(`${p.node}/${p.sensor}`) ?? []), p]);
        for (const [fp, ps] of bySeries) {
          const hit = ps.find((p) => crosses(op, p.value, limit));
          const p = hit ?? ps.reduce((a, b) => (b.ts >= a.ts ? b : a));
          await this.apply(rule, fp, Boolean(hit), `${p.kind} ${p.value} at ${fp}${p.location ? ` (${p.location})` : ''} ${hit ? op : 'back within'} ${limit}`, p.value);
        }
      } else if (rule.condition.type === 'anomaly') {
        const min = SEVERITIES.indexOf(rule.condition.min_severity);
        for (const a of anomalies.filter(match).filter((x) => SEVERITIES.indexOf(x.severity as never) >= min)) {
          await this.apply(rule, `${a.node}/${a.sensor}`, true, `${a.severity} anomaly: ${a.kind} ${a.value} at ${a.node}/${a.sensor} (${a.reason})`, a.value);
        }
      }
    }
  }

  /** Absence of data and node health, evaluated every tick. */
  async tick(): Promise<void> {
    const now = this.clock();
    const rules = (await this.repo.rules()).filter((r) => r.condition.type === 'deadman' || r.condition.type === 'node_health');
    if (!rules.length) return;
    const nodes = await this.store.nodes();
    for (const rule of rules) {
      for (const n of nodes.filter((x) => (!rule.filter.node || x.node === rule.filter.node) && (!rule.filter.location || x.location === rule.filter.location))) {
        if (rule.condition.type === 'deadman') {
          const silent = now - n.lastSeen;
          const firing = silent > rule.condition.silent_for_s * 1000;
          await this.apply(rule, n.node, firing, firing ? `no data from ${n.node} for ${Math.round(silent / 60_000)} min` : `${n.node} reporting again`, silent / 1000);
        } else if (rule.condition.type === 'node_health') {
          const a = assessNode(n, now, DEFAULT_HEALTH_LIMITS);
          const firing = (rule.condition.statuses as string[]).includes(a.status);
          await this.apply(rule, n.node, firing, `${n.node} is ${a.status}${a.problems.length ? `: ${a.problems.map((p) => p.text).join('; ')}` : ''}`, null);
        }
      }
    }
  }

  /** Input from Alertmanager (webhook version 4) recorded as alerts of a synthetic rule per receiver. */
  async fromAlertmanager(body: { receiver?: string; alerts?: { status?: string; labels?: Record<string, string>; annotations?: Record<string, string>; fingerprint?: string }[] }): Promise<number> {
    const now = this.clock();
    let n = 0;
    for (const a of body.alerts ?? []) {
      const name = a.labels?.alertname ?? 'alertmanager';
      const fp = a.fingerprint ?? JSON.stringify(a.labels ?? {});
      await this.repo.transition(`alertmanager:${body.receiver ?? 'default'}`, `${name}:${fp}`, a.status !== 'resolved', a.annotations?.summary ?? a.annotations?.description ?? name, null, now, Number.POSITIVE_INFINITY);
      n++;
    }
    return n;
  }

  private async apply(rule: AlertRule, fingerprint: string, firing: boolean, summary: string, value: number | null): Promise<void> {
    const changed: AlertState | undefined = await this.repo.transition(rule.id, fingerprint, firing, summary, value, this.clock(), rule.repeat_interval_s * 1000);
    if (!changed) return;
    for (const ch of rule.channels) {
      const r = await notify(ch, rule, changed);
      this.sent.inc({ channel: ch.type, outcome: r.ok ? 'sent' : 'failed' });
      if (!r.ok) console.warn(`[alerts] ${ch.type} notification for ${rule.name} failed: ${r.error ?? `HTTP ${r.status}`}`);
    }
  }
}
