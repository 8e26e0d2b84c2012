import { Counter, Gauge, type Registry } from 'prom-client';
import type { AlertRepository } from './repository.js';

/**
 * The alert engine's Prometheus metrics. Rule and alert gauges are read from the repository at
 * scrape time, so every replica reports the shared truth rather than what it alone evaluated.
 * @example
 * const m = new AlertMetrics(registry, repo); m.notifications.inc({ channel: 'slack', outcome: 'sent' });
 */
export class AlertMetrics {
  readonly notifications: Counter<'channel' | 'outcome'>;
  readonly evaluationErrors: Counter<'phase'>;
  readonly rules: Gauge<'kind'>;
  readonly alerts: Gauge<'state'>;

  constructor(registry: Registry, repo: AlertRepository) {
    const registers = [registry];
    this.notifications = new Counter({ name: 'homelab_alert_notifications_total', help: 'Alert notifications by channel type and outcome (sent, failed, silenced)', labelNames: ['channel', 'outcome'] as const, registers });
    this.evaluationErrors = new Counter({ name: 'homelab_alert_evaluation_errors_total', help: 'Alert evaluations that failed, by phase (data, tick, notify)', labelNames: ['phase'] as const, registers });
    const rules = new Gauge({
      name: 'homelab_alert_rules', help: 'Alert rules by kind', labelNames: ['kind'] as const, registers,
      // A closed or unreachable repository must not break the whole /metrics scrape.
      collect: async () => {
        const all = await repo.rules().catch(() => undefined);
        if (!all) return;
        rules.reset();
        for (const kind of ['threshold', 'anomaly', 'deadman', 'node_health']) rules.set({ kind }, all.filter((r) => r.condition.type === kind).length);
      },
    });
    const alerts = new Gauge({
      name: 'homelab_alerts', help: 'Alerts by state (pending, firing)', labelNames: ['state'] as const, registers,
      collect: async () => {
        // Only the active states: resolved history grows without bound.
        for (const state of ['pending', 'firing'] as const) {
          const n = await repo.alerts({ state }).then((a) => a.length, () => undefined);
          if (n !== undefined) alerts.set({ state }, n);
        }
      },
    });
    // Kept from the first release, which dashboards and the Prometheus integration test read.
    const firing = new Gauge({
      name: 'homelab_alerts_firing', help: 'Alerts firing now', registers,
      collect: async () => {
        const n = await repo.alerts({ state: 'firing' }).then((a) => a.length, () => undefined);
        if (n !== undefined) firing.set(n);
      },
    });
    this.rules = rules;
    this.alerts = alerts;
  }
}
