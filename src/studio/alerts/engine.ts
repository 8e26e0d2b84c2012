import type { Registry } from 'prom-client';
import { parseWith } from '../../core/schemas.js';
import { InvalidInput } from '../../core/errors.js';
import { assessNode, DEFAULT_HEALTH_LIMITS, type HealthLimits } from '../health/node-health.js';
import type { IngestItem, NodeRow, StudioStore } from '../store/store.js';
import type { AlertState } from './alert.js';
import { AlertmanagerWebhook, alertmanagerTransitions } from './alertmanager.js';
import { anomalyVerdicts, matches, newestBySeries, pointsOf, seriesLabels, thresholdVerdicts, type PointSet, type Verdict } from './evaluate.js';
import type { BatchSummary } from '../ingest/summary.js';
import { AlertMetrics } from './metrics.js';
import { HttpNotifier, type Notifier, type NotifyResult } from './notify.js';
import type { AlertFilter, AlertRepository, PruneResult, RemovedRule } from './repository.js';
import { AlertRuleInput, Channel, type AlertRule } from './rule.js';
import { mergePatch } from '../../core/merge-patch.js';
import type { StudioBus } from '../studio-events.js';
import { logger, sink } from '../../core/logger.js';

/** Everything the engine works with; only store, repo and registry are required. */
export interface AlertEngineOptions {
  store: StudioStore;
  /** Rules and alert states (SQLite or PostgreSQL). */
  repo: AlertRepository;
  metricsRegistry: Registry;
  notifier?: Notifier;
  clock?: () => number;
  /** How often absence of data, node health, `for` durations and anomaly quiet spells are checked. */
  tickMs?: number;
  healthLimits?: HealthLimits;
  log?: (message: string) => void;
  /**
   * Threshold rules ignore readings older than this (a rule's `max_age_s` overrides it): backlog
   * drained after an outage must not fire or resolve alerts now. Default 15 min, an edge
   * aggregate window (5 min) plus a warning batch (5 min) plus slack.
   */
  maxPointAgeMs?: number;
  /** Resolved alerts are deleted this long after resolving (default 30 days, as raw data). */
  resolvedRetentionMs?: number;
  /** Where notified transitions and rule edits are published (the dashboard's live stream). */
  bus?: StudioBus;
}

export const DEFAULT_MAX_POINT_AGE_MS = 15 * 60_000;
export const DEFAULT_RESOLVED_RETENTION_MS = 30 * 86_400_000;
/** How often the tick timer also deletes old resolved alerts. */
const RETENTION_EVERY_MS = 3_600_000;

type Settled = Required<Omit<AlertEngineOptions, 'notifier' | 'bus'>> & { notifier: Notifier; bus?: StudioBus };

/**
 * Evaluates alert rules as data arrives (thresholds, anomalies) and on a tick (absence of data,
 * node health, `for` durations, anomaly quiet spells); keeps pending/firing/resolved state in
 * the repository, which lets one replica only notify each transition; sends notifications on
 * the rule's channels without holding up evaluation.
 * @example
 * const alerts = new AlertEngine({ store, repo, metricsRegistry: metrics.registry });
 * await alerts.start();
 * ingestor.onStored((items) => void alerts.onData(items).catch((e: Error) => log.error({ err: e }, 'alert update failed')));
 */
export class AlertEngine {
  /**
   * The repository as callers outside the engine should use it: deleting a rule through it
   * resolves and notifies the rule's firing alerts, as {@link AlertEngine.deleteRule} does
   * (agent-bruno's "delete alert …" goes through here).
   */
  readonly repo: AlertRepository;
  private readonly o: Settled;
  private lastPrune = -Infinity;
  private metrics?: AlertMetrics;
  private timer?: NodeJS.Timeout;
  /** Evaluations run one after another, so a later batch never lands before an earlier one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(options: AlertEngineOptions);
  /** @deprecated The first release's positional form; prefer the options object. */
  constructor(store: StudioStore, repo: AlertRepository, registry: Registry, clock?: () => number, tickMs?: number);
  constructor(a: StudioStore | AlertEngineOptions, repo?: AlertRepository, registry?: Registry, clock?: () => number, tickMs?: number) {
    const o: AlertEngineOptions = 'metricsRegistry' in a ? a : { store: a, repo: repo!, metricsRegistry: registry!, ...(clock ? { clock } : {}), ...(tickMs ? { tickMs } : {}) };
    this.o = {
      clock: Date.now, tickMs: 30_000, healthLimits: DEFAULT_HEALTH_LIMITS, notifier: new HttpNotifier(),
      log: sink(logger('alerts'), 'warn'), maxPointAgeMs: DEFAULT_MAX_POINT_AGE_MS, resolvedRetentionMs: DEFAULT_RESOLVED_RETENTION_MS, ...o,
    };
    const raw = o.repo;
    this.repo = {
      open: () => raw.open(), close: () => raw.close(), createRule: (spec, now) => raw.createRule(spec, now),
      rules: () => raw.rules(), rule: (id) => raw.rule(id), updateRule: (id, spec) => raw.updateRule(id, spec), alerts: (f) => raw.alerts(f), transition: (t) => raw.transition(t),
      advanceSeries: (n) => raw.advanceSeries(n), prune: (before) => raw.prune(before),
      deleteRule: (id) => this.deleteRule(id), removeRule: (id) => this.removeRule(id),
    };
  }

  async start(): Promise<void> {
    await this.o.repo.open();
    this.metrics ??= new AlertMetrics(this.o.metricsRegistry, this.o.repo);
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      void this.tick().catch((err: Error) => this.o.log(`tick failed: ${err.message}`));
      // Hourly, first on the first tick: a scale-to-zero replica may never live a whole hour.
      const now = this.o.clock();
      if (now - this.lastPrune < RETENTION_EVERY_MS) return;
      this.lastPrune = now;
      void this.enforceRetention(now).catch((err: Error) => this.o.log(`retention failed: ${err.message}`));
    }, this.o.tickMs);
    this.timer.unref(); // the HTTP server keeps the process alive, not the alert clock
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
    await Promise.allSettled([...this.inflight]);
    await this.o.repo.close();
  }

  /** Validates and stores a rule (400 naming the bad field on bad input). */
  async create(input: unknown): Promise<AlertRule> {
    const rule = await this.o.repo.createRule(parseWith(AlertRuleInput, input), this.o.clock());
    this.o.bus?.emit('rule', { action: 'created', id: rule.id });
    return rule;
  }

  /**
   * Applies a JSON Merge Patch (RFC 7386) to a rule's spec and validates the result as a whole
   * (400 naming the bad field); `id` and `created_at` cannot change. Undefined when there is no
   * such rule. Its alerts stay as they are until the next evaluation judges them by the new spec.
   * @example
   * await alerts.update('3f9a1c2b', { condition: { value: 25 }, silenced_until: null });
   */
  async update(id: string, patch: unknown): Promise<AlertRule | undefined> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new InvalidInput('the patch must be a JSON object (RFC 7386 merge patch)', { field: '(body)' });
    for (const k of ['id', 'created_at']) if (k in patch) throw new InvalidInput(`${k} cannot be changed`, { field: k });
    const rule = await this.o.repo.rule(id);
    if (!rule) return undefined;
    const { id: _id, created_at: _created, ...spec } = rule;
    const next = parseWith(AlertRuleInput, mergePatch(spec, patch));
    const updated = await this.o.repo.updateRule(id, next);
    if (updated) this.o.bus?.emit('rule', { action: 'updated', id });
    return updated;
  }

  /**
   * Sends a test notification to one channel (or to every channel of a rule) now, through the
   * same notifier as real alerts, and answers each outcome. Nothing is stored or counted.
   * @example
   * const [r] = await alerts.test({ channel: { type: 'webhook', url } });
   */
  async test(target: { channel: unknown } | { ruleId: string }): Promise<NotifyResult[] | undefined> {
    const now = this.o.clock();
    let rule: AlertRule | undefined;
    let channels: Channel[];
    if ('ruleId' in target) {
      rule = await this.o.repo.rule(target.ruleId);
      if (!rule) return undefined;
      channels = rule.channels;
    } else {
      channels = [parseWith(Channel, target.channel, 'channel')];
    }
    const r: AlertRule = rule ?? { ...AlertRuleInput.parse({ name: 'test notification', condition: { type: 'anomaly' } }), id: 'test', created_at: now };
    const alert: AlertState = { rule_id: r.id, fingerprint: 'test', state: 'firing', summary: `test notification for ${r.name}; no action needed`, value: null, labels: { test: 'true' }, started_at: now, resolved_at: null, last_notified_at: now, updated_at: now };
    return Promise.all(channels.map((ch) => this.o.notifier.send(ch, r, alert).catch((err: Error): NotifyResult => ({ channel: ch.type, ok: false, error: err.message, attempts: 0 }))));
  }

  rules(): Promise<AlertRule[]> {
    return this.o.repo.rules();
  }

  rule(id: string): Promise<AlertRule | undefined> {
    return this.o.repo.rule(id);
  }

  /** Deletes a rule and its alerts; its firing alerts are notified as resolved ("rule deleted"). */
  async deleteRule(id: string): Promise<boolean> {
    return (await this.removeRule(id)) !== undefined;
  }

  /**
   * Deletes a rule and its alert states. Whoever was paged for a firing alert must hear that it
   * ended, or PagerDuty keeps an incident open forever: each firing alert is sent as resolved with
   * reason `rule deleted` (pending ones were never notified and go silently). Queued behind
   * evaluations, so one in flight cannot write the rule's alerts back after they are gone. Resolves
   * once the states are deleted; the notifications run on (`settled()` and `stop()` wait for them).
   * @example
   * const gone = await alerts.removeRule('3f9a1c2b'); // { rule, alerts } or undefined
   */
  async removeRule(id: string): Promise<RemovedRule | undefined> {
    const done = this.queue.then(() => this.o.repo.removeRule(id));
    this.queue = done.catch(() => undefined);
    const gone = await done;
    if (!gone) return undefined;
    this.o.bus?.emit('rule', { action: 'deleted', id });
    const now = this.o.clock();
    for (const a of gone.alerts) {
      if (a.state !== 'firing') continue;
      const resolved: AlertState = { ...a, state: 'resolved', resolved_at: now, updated_at: now, summary: `rule deleted (was: ${a.summary})`, reason: 'rule deleted' };
      this.o.bus?.emit('alert', { rule: { id: gone.rule.id, name: gone.rule.name, severity: gone.rule.severity }, alert: resolved });
      void this.dispatch(gone.rule, resolved);
    }
    return gone;
  }

  alerts(filter: AlertFilter = {}): Promise<AlertState[]> {
    return this.o.repo.alerts(filter);
  }

  /**
   * Deletes alerts resolved longer ago than the retention (and the newest-point marks of series
   * silent that long). The tick timer runs it hourly; exposed for tests and manual runs.
   * @example
   * await alerts.enforceRetention(); // { resolved: 12, series: 0 }
   */
  enforceRetention(now = this.o.clock()): Promise<PruneResult> {
    return this.o.repo.prune(now - this.o.resolvedRetentionMs);
  }

  /**
   * Threshold and anomaly rules against newly stored data (the items, or the ingestor's summary of
   * them); resolves once its notifications are sent. Rules match each series once and scan its
   * values as columns, so a batch costs a match per series and rule, not per reading.
   */
  async onData(items: IngestItem[] | BatchSummary): Promise<void> {
    await this.run('data', async (sends) => {
      const rules = (await this.o.repo.rules()).filter((r) => r.condition.type === 'threshold' || r.condition.type === 'anomaly');
      if (!rules.length) return;
      const { points, anomalies } = pointsOf(items);
      const now = this.o.clock();
      const newestBefore = rules.some((r) => r.condition.type === 'threshold') ? await this.advanceSeries(points) : new Map<string, number>();
      for (const rule of rules) {
        await this.guard('data', rule, async () => {
          const c = rule.condition;
          const verdicts = c.type === 'threshold'
            ? thresholdVerdicts(rule, points, { now, newestBefore, maxAgeMs: c.max_age_s !== undefined ? c.max_age_s * 1000 : this.o.maxPointAgeMs })
            : anomalyVerdicts(rule, anomalies);
          for (const v of verdicts) await this.apply(rule, v, sends);
        });
      }
    });
  }

  /**
   * Records this batch's newest point per series, answering what was newest before it. When that
   * fails, thresholds still run with the age limit alone rather than not at all.
   */
  private async advanceSeries(points: PointSet[]): Promise<Map<string, number>> {
    try {
      return await this.o.repo.advanceSeries(newestBySeries(points));
    } catch (err) {
      this.metrics?.evaluationErrors.inc({ phase: 'data' });
      this.o.log(`could not record the newest reading per series (${(err as Error).message}); judging backlog by age alone`);
      return new Map();
    }
  }

  /** Absence of data, node health, `for` durations and anomaly quiet spells. */
  async tick(): Promise<void> {
    await this.run('tick', async (sends) => {
      const now = this.o.clock();
      let nodes: Promise<NodeRow[]> | undefined;
      const allNodes = () => (nodes ??= this.o.store.nodes());
      for (const rule of await this.o.repo.rules()) {
        await this.guard('tick', rule, async () => {
          for (const v of await this.tickVerdicts(rule, now, allNodes)) await this.apply(rule, v, sends);
        });
      }
    });
  }

  /**
   * Records Alertmanager's webhook (version 4) as alerts under `alertmanager:<receiver>`; answers
   * how many alerts it held. Throws a 400 naming the bad field.
   */
  async fromAlertmanager(body: unknown): Promise<number> {
    const hook = parseWith(AlertmanagerWebhook, body);
    await this.run('data', async () => {
      for (const t of alertmanagerTransitions(hook, this.o.clock())) await this.o.repo.transition(t);
    });
    return hook.alerts.length;
  }

  /** Resolves when queued evaluations and their notifications are done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.queue;
    await Promise.allSettled([...this.inflight]);
  }

  private async tickVerdicts(rule: AlertRule, now: number, allNodes: () => Promise<NodeRow[]>): Promise<Verdict[]> {
    const c = rule.condition;
    const active = (state: 'pending' | 'firing') => this.o.repo.alerts({ ruleId: rule.id, state });
    switch (c.type) {
      case 'threshold':
        // A pending alert is one whose latest value crossed (a value back within drops it), so it
        // still holds: the tick lets it fire once `for_s` has passed even if no data comes.
        return c.for_s > 0 ? (await active('pending')).map((a) => ({ fingerprint: a.fingerprint, firing: true, summary: a.summary, value: a.value, labels: a.labels })) : [];
      case 'anomaly':
        return (await active('firing')).filter((a) => now - a.updated_at >= c.resolve_after_s * 1000).map((a) => ({
          fingerprint: a.fingerprint, firing: false, value: a.value, labels: a.labels,
          summary: `no ${c.min_severity}+ anomaly at ${a.fingerprint} for ${Math.round((now - a.updated_at) / 60_000)} min`,
        }));
      case 'deadman': {
        const limit = c.silent_for_s * 1000;
        const silence = (fp: string, last: number, labels: Record<string, string>): Verdict => {
          const silent = Math.max(0, now - last);
          const firing = silent > limit;
          return { fingerprint: fp, firing, labels, value: Math.round(silent / 1000), summary: firing ? `no data from ${fp} for ${Math.round(silent / 60_000)} min` : `${fp} reporting again` };
        };
        if (c.per === 'series') return (await this.o.store.latest(rule.filter)).map((s) => silence(`${s.node}/${s.sensor}`, s.lastTs, seriesLabels(s)));
        return (await allNodes()).filter((n) => matches({ node: rule.filter.node, location: rule.filter.location }, n))
          .map((n) => silence(n.node, n.lastSeen, { node: n.node, ...(n.location ? { location: n.location } : {}) }));
      }
      case 'node_health':
        return (await allNodes()).filter((n) => matches({ node: rule.filter.node, location: rule.filter.location }, n)).map((n) => {
          const a = assessNode(n, now, this.o.healthLimits);
          return {
            fingerprint: n.node, firing: (c.statuses as string[]).includes(a.status), value: null,
            labels: { node: n.node, status: a.status, ...(n.location ? { location: n.location } : {}) },
            summary: `${n.node} is ${a.status}${a.problems.length ? `: ${a.problems.map((p) => p.text).join('; ')}` : ''}`,
          };
        });
    }
  }

  /** Queues one evaluation behind the others; waits for the notifications it started. */
  private async run(phase: 'data' | 'tick', evaluate: (sends: Promise<unknown>[]) => Promise<void>): Promise<void> {
    const sends: Promise<unknown>[] = [];
    const done = this.queue.then(() => evaluate(sends));
    this.queue = done.catch(() => undefined);
    try {
      await done;
    } catch (err) {
      this.metrics?.evaluationErrors.inc({ phase });
      throw err;
    } finally {
      await Promise.allSettled(sends);
    }
  }

  /** One broken rule (or a failed write for it) must not keep the others from being evaluated. */
  private async guard(phase: 'data' | 'tick', rule: AlertRule, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.metrics?.evaluationErrors.inc({ phase });
      this.o.log(`rule ${rule.id} (${rule.name}) failed to evaluate: ${(err as Error).message}`);
    }
  }

  private async apply(rule: AlertRule, v: Verdict, sends: Promise<unknown>[]): Promise<void> {
    const forMs = rule.condition.type === 'threshold' ? rule.condition.for_s * 1000 : 0;
    const changed = await this.o.repo.transition({ ruleId: rule.id, ...v, now: this.o.clock(), repeatMs: rule.repeat_interval_s * 1000, forMs });
    if (!changed) return;
    this.o.bus?.emit('alert', { rule: { id: rule.id, name: rule.name, severity: rule.severity }, alert: changed });
    sends.push(this.dispatch(rule, changed));
  }

  /** Sends to every channel at once; never rejects. Tracked so `stop()` lets them finish. */
  private dispatch(rule: AlertRule, alert: AlertState): Promise<NotifyResult[]> {
    if (rule.silenced_until && rule.silenced_until > this.o.clock()) {
      for (const ch of rule.channels) this.metrics?.notifications.inc({ channel: ch.type, outcome: 'silenced' });
      return Promise.resolve([]);
    }
    const p = Promise.all(rule.channels.map(async (ch) => {
      const r = await this.o.notifier.send(ch, rule, alert).catch((err: Error): NotifyResult => ({ channel: ch.type, ok: false, error: err.message, attempts: 0 }));
      this.metrics?.notifications.inc({ channel: ch.type, outcome: r.ok ? 'sent' : 'failed' });
      if (!r.ok) this.o.log(`${ch.type} notification for ${rule.name} (${alert.state}) failed: ${r.error ?? `HTTP ${r.status}`}`);
      return r;
    }));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }
}
