import { api } from '../lib/api.js';
import { h, notice } from '../lib/dom.js';

const CONDITIONS = {
  threshold: 'value crosses a threshold', anomaly: 'the edge reports an anomaly', deadman: 'no data for a while', node_health: 'a node is unhealthy or offline',
};

/**
 * Create or edit a rule. Editing sends only the form's fields as a JSON Merge Patch, so what the
 * form does not show (labels, other condition fields) is kept. Channels can be tested before saving.
 */
export function ruleForm({ rule, session, onSaved, onCancel }) {
  const c = rule?.condition ?? { type: 'threshold', op: '<', value: 30, for_s: 0 };
  const status = h('div');
  const field = (name, input, label, hint) => h('label', { dataset: { field: name } }, label, input, hint ? h('span', { class: 'muted small' }, hint) : null);
  const name = h('input', { name: 'name', required: true, maxlength: 200, value: rule?.name ?? '', placeholder: 'e.g. warehouse too dry' });
  const severity = h('select', { name: 'severity' }, ['warning', 'critical'].map((s) => h('option', { value: s, selected: (rule?.severity ?? 'warning') === s }, s)));
  const type = h('select', { name: 'type' }, Object.entries(CONDITIONS).map(([v, label]) => h('option', { value: v, selected: c.type === v }, label)));
  const filter = Object.fromEntries(['kind', 'location', 'node', 'sensor'].map((k) => [k, h('input', { name: k, value: rule?.filter?.[k] ?? '', placeholder: 'any' })]));
  const op = h('select', { name: 'op' }, ['<', '<=', '>', '>='].map((o) => h('option', { value: o, selected: (c.op ?? '<') === o }, o)));
  const value = h('input', { name: 'value', type: 'number', step: 'any', value: String(c.value ?? 30) });
  const forS = h('input', { name: 'for_s', type: 'number', min: 0, value: String(c.for_s ?? 0) });
  const minSeverity = h('select', { name: 'min_severity' }, ['warning', 'critical'].map((s) => h('option', { value: s, selected: (c.min_severity ?? 'critical') === s }, s)));
  const silentFor = h('input', { name: 'silent_for_s', type: 'number', min: 60, value: String(c.silent_for_s ?? 600) });
  const statuses = ['warning', 'critical', 'offline'].map((s) => h('input', { type: 'checkbox', name: 'statuses', value: s, checked: (c.statuses ?? ['critical', 'offline']).includes(s) }));
  const parts = {
    threshold: h('div', { class: 'row' }, field('op', op, 'when'), field('value', value, 'value'), field('for_s', forS, 'for (s)')),
    anomaly: h('div', { class: 'row' }, field('min_severity', minSeverity, 'at least')),
    deadman: h('div', { class: 'row' }, field('silent_for_s', silentFor, 'silent for (s)', 'at least 60')),
    node_health: h('div', { class: 'row' }, statuses.map((s) => h('label', { class: 'check' }, s, ` ${s.value}`))),
  };
  const showCondition = () => { for (const [k, el] of Object.entries(parts)) el.hidden = k !== type.value; };
  type.addEventListener('change', showCondition);
  showCondition();

  const channelList = h('div', { class: 'channels' });
  const addChannel = (ch = { type: 'webhook', url: '' }) => {
    const t = h('select', { name: 'channel_type' }, ['webhook', 'slack', 'pagerduty'].map((x) => h('option', { value: x, selected: ch.type === x }, x)));
    const url = h('input', { name: 'channel_url', type: 'url', placeholder: 'https://…', value: ch.url ?? '' });
    const key = h('input', { name: 'routing_key', placeholder: 'PagerDuty routing key', value: ch.routing_key ?? '', hidden: ch.type !== 'pagerduty' });
    t.addEventListener('change', () => { key.hidden = t.value !== 'pagerduty'; });
    const row = h('div', { class: 'row channel' }, t, url, key,
      h('button', { type: 'button', onclick: async () => {
        try {
          const { results: [r] } = await api('/api/v1/alerts/test', { method: 'POST', body: { channel: read(row) } });
          notice(status, r.ok ? `Test sent (${r.channel}, HTTP ${r.status}).` : `Test failed: ${r.error ?? `HTTP ${r.status}`}`, r.ok ? 'info' : 'error');
        } catch (err) { notice(status, err.message, 'error'); }
      } }, 'Test'),
      h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, 'remove'));
    channelList.append(row);
  };
  const read = (row) => {
    const [t, url, key] = row.querySelectorAll('select, input');
    return t.value === 'pagerduty' ? { type: t.value, ...(url.value ? { url: url.value } : {}), routing_key: key.value } : { type: t.value, url: url.value };
  };
  for (const ch of rule?.channels ?? []) addChannel(ch);

  const spec = () => {
    const t = type.value;
    const condition = t === 'threshold' ? { type: t, op: op.value, value: Number(value.value), for_s: Number(forS.value || 0) }
      : t === 'anomaly' ? { type: t, min_severity: minSeverity.value }
        : t === 'deadman' ? { type: t, silent_for_s: Number(silentFor.value) }
          : { type: t, statuses: statuses.filter((s) => s.checked).map((s) => s.value) };
    const f = Object.fromEntries(Object.entries(filter).map(([k, el]) => [k, el.value.trim() || null]));
    return { name: name.value.trim(), severity: severity.value, filter: f, condition, channels: [...channelList.children].map(read) };
  };

  const form = h('form', { id: 'rule-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const s = spec();
    try {
      if (rule) {
        // The condition is replaced whole when its type changes (fields of another type would not validate).
        const patch = { ...s, condition: s.condition.type === rule.condition.type ? s.condition : { ...nulls(rule.condition), ...s.condition } };
        await api(`/api/v1/alerts/${rule.id}`, { method: 'PATCH', body: patch });
      } else {
        await api('/api/v1/alerts', { method: 'POST', body: { ...s, filter: Object.fromEntries(Object.entries(s.filter).filter(([, v]) => v)) } });
      }
      await onSaved();
    } catch (err) {
      notice(status, err.message, 'error');
      form.querySelector(`[data-field="${err.field?.split('.').pop()}"] input, [data-field="${err.field?.split('.').pop()}"] select`)?.focus();
    }
  } },
  h('fieldset', { disabled: !session.canEdit },
    h('legend', null, rule ? `Edit "${rule.name}"` : 'New rule'),
    field('name', name, 'Name'), field('severity', severity, 'Severity'),
    h('div', { class: 'row' }, Object.entries(filter).map(([k, el]) => field(k, el, k))),
    field('type', type, 'Fire when'), ...Object.values(parts),
    h('div', null, h('span', { class: 'label' }, 'Notify'), channelList, h('button', { type: 'button', class: 'link', onclick: () => addChannel() }, '+ add a channel')),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, rule ? 'Save changes' : 'Create rule'), rule ? h('button', { type: 'button', onclick: onCancel }, 'Cancel') : null)),
  session.canEdit ? null : h('p', { class: 'muted small' }, 'Read-only token: creating and editing rules needs an admin token.'), status);
  return form;
}

/** Every key of an object set to null: a merge patch that removes them. */
function nulls(o) {
  return Object.fromEntries(Object.keys(o).map((k) => [k, null]));
}
