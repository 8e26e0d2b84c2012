import { api, ApiError, qs } from '../lib/api.js';
import { fill, h, notice } from '../lib/dom.js';
import { fmtDuration, fmtTime, fmtValue, seriesHref } from '../lib/format.js';
import { onLive } from '../lib/live.js';

/** The incidents list (last 30 days), or one incident with its annotation form and similar past incidents. */
export async function mount(root, ctx) {
  return ctx.arg ? detail(root, ctx.arg, ctx.session) : list(root);
}

async function list(root) {
  const body = h('div');
  fill(root, h('h2', null, 'Incidents'), h('p', { class: 'muted small' }, 'Anomalies at one place within 15 minutes of each other form an incident; the last 30 days, newest first.'), body);
  const load = async () => {
    const { incidents } = await api(`/api/v1/graph/incidents?${qs({ range: '30d', limit: 200 })}`);
    fill(body, incidents.length ? h('div', { class: 'scroll' }, h('table', { class: 'incidents' },
      h('thead', null, h('tr', null, ['status', 'place', 'start', 'lasted', 'severity', 'anomalies', 'kinds', 'root cause'].map((t) => h('th', null, t)))),
      h('tbody', null, incidents.map((i) => h('tr', { dataset: { id: i.id } },
        h('td', null, h('span', { class: `pill ${i.status === 'open' ? 'status-critical' : ''}` }, i.status)),
        h('td', null, h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, i.props.place)),
        h('td', null, fmtTime(i.props.start)), h('td', null, fmtDuration(i.props.end - i.props.start)),
        h('td', null, h('span', { class: `pill sev-${i.props.severity}` }, i.props.severity)),
        h('td', null, String(i.props.count)), h('td', null, i.props.kinds.join(', ')),
        h('td', null, i.props.root_cause ?? h('span', { class: 'muted' }, '—')))))))
      : h('p', { class: 'muted' }, 'No incident in the last 30 days.'));
  };
  await load();
  const offs = [onLive('anomalies', () => void load()), onLive('resync', () => void load())];
  return () => offs.forEach((off) => off());
}

async function detail(root, id, session) {
  const body = h('div');
  fill(root, h('p', null, h('a', { href: '#/incidents' }, '← all incidents')), body);
  const load = async () => {
    let d;
    try {
      d = await api(`/api/v1/graph/incidents/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) { fill(body, h('p', { class: 'notice error' }, `No incident ${id}.`)); return; }
      throw err;
    }
    const p = d.incident.props;
    const span = Math.max(p.end - p.start, 600_000);
    const changes = Object.entries(p.changes ?? {}).map(([kind, c]) => h('li', null, h('strong', null, kind),
      ` peak ${fmtValue(c.peak, c.unit)} at ${fmtTime(c.peak_ts, false)}`,
      c.baseline !== null ? ` (usual ${fmtValue(c.baseline, c.unit)}, ${c.delta > 0 ? '+' : ''}${fmtValue(c.delta, c.unit)})` : ''));
    const sensors = p.sensors.map((s) => {
      const [node, sensor] = s.split('/');
      return h('li', null, h('a', { href: seriesHref(node, sensor, { from: p.start - span, to: p.end + span }) }, s));
    });
    const similar = d.similar.map((s) => h('li', null,
      h('a', { href: `#/incidents/${encodeURIComponent(s.incident.id)}` }, s.incident.name), ' ',
      h('span', { class: 'muted small' }, `similarity ${s.score.toFixed(2)}${s.why?.length ? ` (${s.why.join(', ')})` : ''}`),
      h('div', { class: 'small' }, `root cause: ${s.root_cause}${s.resolution ? ` — resolved by: ${s.resolution}` : ''}`)));
    const anomalies = d.anomalies.map((a) => h('tr', null,
      h('td', null, fmtTime(a.props.ts)), h('td', null, `${a.props.node}/${a.props.sensor}`),
      h('td', null, h('span', { class: `pill sev-${a.props.severity}` }, a.props.severity)),
      h('td', null, fmtValue(a.props.value, a.props.unit)), h('td', null, a.props.explanation ?? a.props.reason ?? '')));
    fill(body,
      h('h2', null, `Incident at ${p.place} `, h('span', { class: `pill sev-${p.severity}` }, p.severity), ' ', h('span', { class: 'pill' }, d.incident.status)),
      h('p', { class: 'muted' }, `${fmtTime(p.start)} – ${fmtTime(p.end)} (${fmtDuration(p.end - p.start)}) · ${p.count} anomalies · ${p.kinds.join(', ')} · nodes ${p.nodes.join(', ')}`),
      h('div', { class: 'grid two' },
        h('section', { class: 'card' }, h('h3', null, 'What changed'), h('ul', { class: 'list' }, changes), h('h3', null, 'Sensors'), h('ul', { class: 'list' }, sensors)),
        annotationCard(d, id, session, load)),
      h('section', { class: 'card' }, h('h3', null, 'Similar past incidents'),
        similar.length ? h('ul', { class: 'list similar' }, similar) : h('p', { class: 'muted' }, 'None with a known root cause looks like this one yet.')),
      h('section', { class: 'card' }, h('h3', null, `Anomalies (${d.anomalies.length})`),
        h('div', { class: 'scroll' }, h('table', null, h('thead', null, h('tr', null, ['time', 'sensor', 'severity', 'value', 'why'].map((t) => h('th', null, t)))), h('tbody', null, anomalies)))));
  };
  await load();
  return () => {};
}

function annotationCard(d, id, session, reload) {
  const cause = d.root_cause;
  const status = h('div');
  const rootCause = h('input', { name: 'root_cause', maxlength: 200, placeholder: 'e.g. HVAC malfunction', value: cause?.name ?? '' });
  const resolution = h('textarea', { name: 'resolution', maxlength: 1000, rows: 3, placeholder: 'what fixed it' }, cause?.resolution ?? '');
  const author = h('input', { name: 'author', maxlength: 100, placeholder: 'your name', value: localStorage.getItem('homelab-author') ?? '' });
  const form = h('form', { id: 'annotate', onsubmit: async (e) => {
    e.preventDefault();
    const body = Object.fromEntries([['root_cause', rootCause.value.trim()], ['resolution', resolution.value.trim()], ['author', author.value.trim()]].filter(([, v]) => v));
    if (author.value.trim()) localStorage.setItem('homelab-author', author.value.trim());
    try {
      await api(`/api/v1/graph/incidents/${encodeURIComponent(id)}/annotations`, { method: 'POST', body });
      await reload();
    } catch (err) { notice(status, err.message, 'error'); }
  } },
  h('fieldset', { disabled: !session.canEdit },
    h('label', null, 'Root cause', rootCause), h('label', null, 'Resolution', resolution), h('label', null, 'Author', author),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save annotation'))),
  session.canEdit ? null : h('p', { class: 'muted small' }, 'Read-only token: annotating needs an admin token.'), status);
  return h('section', { class: 'card' }, h('h3', null, 'Root cause'),
    cause ? h('p', null, h('strong', null, cause.name), cause.resolution ? ` — ${cause.resolution}` : '', h('span', { class: 'muted small' }, cause.author ? ` (${cause.author}${cause.at ? `, ${fmtTime(cause.at)}` : ''})` : ''))
      : h('p', { class: 'muted' }, 'Not recorded yet. Recording it teaches agent-bruno: similar incidents later point to it.'), form);
}
