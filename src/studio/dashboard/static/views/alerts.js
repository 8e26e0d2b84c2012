import { api } from '../lib/api.js';
import { debounce, fill, h, notice } from '../lib/dom.js';
import { ago, fmtTime } from '../lib/format.js';
import { onLive } from '../lib/live.js';
import { ruleForm } from './alert-form.js';

const SILENCES = [['1h', '1 hour'], ['8h', '8 hours'], ['24h', '1 day'], ['7d', '1 week']];

/** Describes a rule's condition in a few words. */
export function describe(rule) {
  const c = rule.condition;
  const where = Object.entries(rule.filter ?? {}).map(([k, v]) => `${k}=${v}`).join(' ') || 'everything';
  const what = c.type === 'threshold' ? `value ${c.op} ${c.value}${c.for_s ? ` for ${c.for_s} s` : ''}`
    : c.type === 'anomaly' ? `${c.min_severity}+ anomaly`
      : c.type === 'deadman' ? `silent for ${c.silent_for_s} s (per ${c.per})`
        : `node ${c.statuses.join('/')}`;
  return `${what} · ${where}`;
}

/** Alert rules and their states: create, edit, delete, silence, test a channel. */
export async function mount(root, { session }) {
  const status = h('div');
  const rulesBox = h('section', { class: 'card' });
  const alertsBox = h('section', { class: 'card' });
  const formBox = h('section', { class: 'card', id: 'rule-form-card' });
  fill(root, h('h2', null, 'Alerts'), status, h('div', { class: 'grid two wide-first' }, rulesBox, formBox), alertsBox);

  const edit = (rule) => fill(formBox, ruleForm({ rule, session, onSaved: async () => { await load(); edit(undefined); }, onCancel: () => edit(undefined) }));
  const act = async (fn, done) => {
    try { await fn(); notice(status, done); await load(); } catch (err) { notice(status, err.message, 'error'); }
  };

  async function load() {
    const { rules, alerts } = await api('/api/v1/alerts');
    const byRule = new Map();
    for (const a of alerts) { if (!byRule.has(a.rule_id)) byRule.set(a.rule_id, []); byRule.get(a.rule_id).push(a); }
    const names = new Map(rules.map((r) => [r.id, r.name]));
    const ro = !session.canEdit;
    fill(rulesBox, h('h3', null, `Rules (${rules.length})`), rules.length ? h('div', { class: 'scroll' }, h('table', { class: 'rules' },
      h('thead', null, h('tr', null, ['name', 'condition', 'severity', 'state', 'channels', ''].map((t) => h('th', null, t)))),
      h('tbody', null, rules.map((r) => {
        const mine = byRule.get(r.id) ?? [];
        const firing = mine.filter((a) => a.state === 'firing').length;
        const pending = mine.filter((a) => a.state === 'pending').length;
        const silenced = r.silenced_until && r.silenced_until > Date.now();
        const silence = h('select', { 'aria-label': 'silence for', disabled: ro, onchange: () => { const v = silence.value; silence.value = ''; if (v) void act(() => api(`/api/v1/alerts/${r.id}/silence`, { method: 'POST', body: { for: v } }), `"${r.name}" silenced for ${v}.`); } },
          h('option', { value: '' }, 'silence…'), SILENCES.map(([v, label]) => h('option', { value: v }, label)));
        return h('tr', { dataset: { rule: r.id } },
          h('td', null, h('strong', null, r.name), h('div', { class: 'muted small' }, r.id)),
          h('td', { class: 'small' }, describe(r)),
          h('td', null, h('span', { class: `pill sev-${r.severity}` }, r.severity)),
          h('td', null, firing ? h('span', { class: 'pill status-critical' }, `${firing} firing`) : null, pending ? h('span', { class: 'pill sev-warning' }, `${pending} pending`) : null, !firing && !pending ? h('span', { class: 'muted' }, 'ok') : null,
            silenced ? h('div', { class: 'small muted' }, `silenced until ${fmtTime(r.silenced_until)}`) : null),
          h('td', { class: 'small' }, r.channels.length ? r.channels.map((c) => c.type).join(', ') : h('span', { class: 'muted' }, 'none')),
          h('td', { class: 'actions' },
            h('button', { type: 'button', disabled: ro, onclick: () => edit(r) }, 'Edit'),
            silenced ? h('button', { type: 'button', disabled: ro, onclick: () => act(() => api(`/api/v1/alerts/${r.id}/silence`, { method: 'DELETE' }), `"${r.name}" is no longer silenced.`) }, 'Unsilence') : silence,
            h('button', { type: 'button', disabled: ro || !r.channels.length, title: r.channels.length ? 'send a test notification to its channels' : 'no channel to test', onclick: () => act(async () => {
              const { results } = await api(`/api/v1/alerts/${r.id}/test`, { method: 'POST' });
              const failed = results.filter((x) => !x.ok);
              if (failed.length) throw new Error(`test failed: ${failed.map((x) => `${x.channel}: ${x.error ?? `HTTP ${x.status}`}`).join('; ')}`);
            }, `Test notification sent to ${r.channels.length} channel(s).`) }, 'Test'),
            h('button', { type: 'button', class: 'danger', disabled: ro, onclick: () => { if (confirm(`Delete the rule "${r.name}"? Its firing alerts are sent as resolved.`)) void act(() => api(`/api/v1/alerts/${r.id}`, { method: 'DELETE' }), `"${r.name}" deleted.`); } }, 'Delete')));
      })))) : h('p', { class: 'muted' }, 'No rule yet. Create one here, or ask: “Alert me if humidity drops below 30%”.'));
    const active = alerts.filter((a) => a.state !== 'resolved').concat(alerts.filter((a) => a.state === 'resolved').slice(0, 20));
    fill(alertsBox, h('h3', null, 'Alerts'), active.length ? h('div', { class: 'scroll' }, h('table', { class: 'alerts' },
      h('thead', null, h('tr', null, ['state', 'rule', 'what', 'summary', 'since'].map((t) => h('th', null, t)))),
      h('tbody', null, active.map((a) => h('tr', { dataset: { state: a.state } },
        h('td', null, h('span', { class: `pill ${a.state === 'firing' ? 'status-critical' : a.state === 'pending' ? 'sev-warning' : ''}` }, a.state)),
        h('td', null, names.get(a.rule_id) ?? a.rule_id), h('td', { class: 'small' }, a.fingerprint), h('td', null, a.summary),
        h('td', { class: 'small' }, a.state === 'resolved' && a.resolved_at ? `resolved ${ago(a.resolved_at)}` : ago(a.started_at)))))))
      : h('p', { class: 'muted' }, 'No alert has fired.'));
  }

  edit(undefined);
  await load();
  const refetch = debounce(() => void load().catch(() => {}), 300);
  const offs = [onLive('alert', refetch), onLive('rule', refetch), onLive('resync', refetch)];
  return () => { offs.forEach((off) => off()); refetch.cancel(); };
}
