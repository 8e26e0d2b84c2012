import { api } from '../lib/api.js';
import { fill, h, notice } from '../lib/dom.js';
import { fmtTime } from '../lib/format.js';

const STATUS = { on_track: ['on track', 'status-healthy'], at_risk: ['at risk', 'sev-warning'], breached: ['breached', 'status-critical'], met: ['met', 'status-healthy'], no_data: ['no data yet', ''] };
const OP = { '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least' };
const fig = (v) => (v === null || v === undefined ? '–' : String(Math.round(v * 10) / 10));

/** What a goal measures, in a few words. */
export function describeGoal(g) {
  const m = g.measure;
  const where = m ? (m.scope.node ?? m.scope.location ?? 'everywhere') : g.owner ? `owner ${g.owner}` : 'tracked';
  if (!m) return `${g.key_results.length} key result(s) · ${where}`;
  if (m.type === 'time_share') return `${m.kind} ${OP[m.op]} ${m.threshold} ${m.target_pct} % of the time · ${where}`;
  if (m.type === 'average') return `average ${m.kind} ${OP[m.op]} ${m.threshold} · ${where}`;
  if (m.type === 'anomaly_free') return `no ${m.min_severity} anomalies · ${where}`;
  return `every node reporting ${m.target_pct} % · ${where}`;
}

/** The figure under the bar: budget, the limit for the rest, or key results. */
function detail(g) {
  const p = g.progress;
  if (p.measure === 'time_share' || p.measure === 'reporting') return p.budget.left_minutes >= 0 ? `${p.budget.left_minutes} min of budget left · projected ${fig(p.projection.at_deadline)} %` : `over budget by ${p.budget.over_minutes} min`;
  if (p.measure === 'average') return p.budget.remaining_average_limit === null ? `last 24 h: ${fig(p.trend.recent_average)}` : `the rest must average ${OP[p.op]} ${fig(p.budget.remaining_average_limit)}`;
  if (p.measure === 'anomaly_free') return `${p.anomalies} anomalies`;
  return `${fig(p.expected_pct)} % expected by now${p.check_in_due ? ' · check-in due' : ''}`;
}

/** Goals (aigoat): each with its status, attainment against its target, budget and deadline; admins set one in plain language. */
export async function mount(root, { session }) {
  const status = h('div');
  const list = h('section', { class: 'card', id: 'goals' });
  const input = h('input', { type: 'text', id: 'goal-text', placeholder: 'keep warehouse-b below 25 °C 99 % of the time this week', 'aria-label': 'a goal in plain language', disabled: !session.canEdit });
  const form = h('form', { class: 'row', id: 'goal-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const a = await api('/agents/aigoat/query', { method: 'POST', body: { query: `set a goal: ${input.value}` } });
      notice(status, a.response, a.intent === 'set_goal' && a.data.goal ? 'info' : 'error');
      if (a.data.goal) input.value = '';
      await load();
    } catch (err) { notice(status, err.message, 'error'); }
  } }, input, h('button', { type: 'submit', class: 'primary', disabled: !session.canEdit, title: session.canEdit ? 'set it' : 'setting a goal needs an admin token' }, 'Set goal'));
  fill(root, h('h2', null, 'Goals'), status, h('section', { class: 'card' }, h('h3', null, 'Set a goal'), form), list);

  async function load() {
    const { goals } = await api('/api/v1/goals');
    fill(list, h('h3', null, `Goals (${goals.length})`), goals.length ? h('div', { class: 'scroll' }, h('table', { class: 'goals' },
      h('thead', null, h('tr', null, ['goal', 'status', 'attainment', 'target', 'progress', 'deadline'].map((t) => h('th', null, t)))),
      h('tbody', null, goals.map((g) => {
        const [label, cls] = STATUS[g.status] ?? [g.status, ''];
        const pct = g.progress.unit === '%' && g.attainment !== null ? Math.max(0, Math.min(100, g.attainment)) : null;
        return h('tr', { dataset: { goal: g.id, status: g.status, attainment: g.attainment === null ? '' : String(g.attainment) } },
          h('td', null, h('strong', null, g.title), h('div', { class: 'muted small' }, describeGoal(g))),
          h('td', null, h('span', { class: `pill ${cls}` }, label)),
          h('td', { class: 'attainment' }, g.attainment === null ? '–' : `${fig(g.attainment)}${g.progress.unit === '%' ? ' %' : ` ${g.progress.unit}`}`),
          h('td', null, `${g.progress.measure === 'average' ? `${OP[g.progress.op]} ` : ''}${fig(g.progress.target)}${g.progress.unit === '%' ? ' %' : ''}`),
          h('td', null, pct === null ? null : h('progress', { max: 100, value: pct }), h('div', { class: 'small muted' }, detail(g))),
          h('td', { class: 'small' }, fmtTime(g.deadline)));
      })))) : h('p', { class: 'muted' }, 'No goal yet. Set one here, or ask aigoat: “set a goal: ship the dashboard by Dec 15”.'));
  }
  await load();
  const timer = setInterval(() => void load().catch(() => {}), 60_000);
  return () => clearInterval(timer);
}
