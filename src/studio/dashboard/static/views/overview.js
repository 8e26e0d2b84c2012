import { api, qs } from '../lib/api.js';
import { debounce, fill, h } from '../lib/dom.js';
import { ago, fmtPct, fmtTime, fmtValue, seriesHref } from '../lib/format.js';
import { onLive } from '../lib/live.js';
import { sparkline } from '../lib/sparkline.js';
import { askBox } from './ask.js';

const DAY = 86_400_000;
const STATUS_ORDER = { critical: 0, offline: 1, warning: 2, unknown: 3, healthy: 4 };

/**
 * Everything at a glance: firing alerts and open incidents, every location with each sensor's
 * current value and a 24-hour sparkline, a tile per node with its health; kept current by the
 * live stream.
 */
export async function mount(root) {
  const alertsBox = h('section', { class: 'card', id: 'firing' });
  const incidentsBox = h('section', { class: 'card', id: 'open-incidents' });
  const locationsBox = h('div', { class: 'grid locations' });
  const nodesBox = h('div', { class: 'grid nodes' });
  fill(root,
    askBox({ compact: true }),
    h('div', { class: 'grid two' }, alertsBox, incidentsBox),
    h('h2', null, 'Locations'), locationsBox,
    h('h2', null, 'Nodes'), nodesBox);

  const cells = new Map(); // node/sensor → { value, age, spark, info, points }
  let window24 = { from: Date.now() - DAY, to: Date.now() };

  async function loadSensors() {
    const to = Date.now();
    window24 = { from: to - DAY, to };
    const [sensors, chart] = await Promise.all([
      api('/api/v1/sensors'),
      api(`/api/v1/series?${qs({ from: window24.from, to, width: 96, limit: 1000 })}`),
    ]);
    const sparks = new Map(chart.series.map((s) => [`${s.node}/${s.sensor}`, s.points]));
    const byLocation = new Map();
    for (const s of sensors.sensors) {
      const loc = s.location ?? '(no location)';
      if (!byLocation.has(loc)) byLocation.set(loc, []);
      byLocation.get(loc).push(s);
    }
    cells.clear();
    fill(locationsBox, [...byLocation].sort(([a], [b]) => a.localeCompare(b)).map(([loc, list]) =>
      h('section', { class: 'card location', dataset: { location: loc } },
        h('h3', null, loc),
        h('table', { class: 'sensors' }, h('tbody', null, list.map((s) => {
          const key = `${s.node}/${s.sensor}`;
          const points = sparks.get(key) ?? { ts: [], mean: [], min: [], max: [], count: [] };
          const cell = { info: s, points, value: h('span', { class: 'value' }, fmtValue(s.lastValue, s.unit)), age: h('span', { class: 'age muted small' }, ago(s.lastTs)), spark: h('td', { class: 'spark-cell' }, sparkline(points, window24.from, window24.to)) };
          cells.set(key, cell);
          return h('tr', { dataset: { series: key } },
            h('td', { class: 'name' }, h('a', { href: seriesHref(s.node, s.sensor) }, s.kind), h('div', { class: 'muted small', title: key }, key)),
            h('td', { class: 'reading' }, cell.value, cell.age), cell.spark);
        }))))));
    if (!byLocation.size) fill(locationsBox, h('p', { class: 'muted' }, 'No sensor has reported yet. Start a collector (npm start runs simulated ones) or POST readings to /events.'));
  }

  async function loadNodes() {
    const { nodes } = await api('/api/v1/nodes');
    nodes.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.node.localeCompare(b.node));
    fill(nodesBox, nodes.map(nodeTile));
    if (!nodes.length) fill(nodesBox, h('p', { class: 'muted' }, 'No node has reported its health yet.'));
  }

  async function loadAlerts() {
    const { rules, alerts } = await api('/api/v1/alerts?state=firing');
    const names = new Map(rules.map((r) => [r.id, r.name]));
    fill(alertsBox, h('h2', null, h('a', { href: '#/alerts' }, 'Firing alerts'), ' ', h('span', { class: `count ${alerts.length ? 'bad' : 'ok'}` }, String(alerts.length))),
      alerts.length ? h('ul', { class: 'list' }, alerts.map((a) => h('li', { dataset: { rule: a.rule_id } },
        h('strong', null, names.get(a.rule_id) ?? a.rule_id), ' ', a.summary, h('span', { class: 'muted small' }, ` since ${ago(a.started_at)}`))))
        : h('p', { class: 'muted' }, 'Nothing is firing.'));
  }

  async function loadIncidents() {
    const { incidents } = await api('/api/v1/graph/incidents?status=open&limit=20');
    fill(incidentsBox, h('h2', null, h('a', { href: '#/incidents' }, 'Open incidents'), ' ', h('span', { class: `count ${incidents.length ? 'bad' : 'ok'}` }, String(incidents.length))),
      incidents.length ? h('ul', { class: 'list' }, incidents.map((i) => h('li', null,
        h('span', { class: `pill sev-${i.props.severity}` }, i.props.severity), ' ',
        h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, i.props.place), ' ',
        h('span', { class: 'muted small' }, `${i.props.kinds.join(', ')} · ${i.props.count} anomalies · since ${fmtTime(i.props.start)}`),
        i.props.root_cause ? h('div', { class: 'small' }, `root cause: ${i.props.root_cause}`) : null)))
        : h('p', { class: 'muted' }, 'No open incident.'));
  }

  const loaders = [loadSensors, loadNodes, loadAlerts, loadIncidents];
  await Promise.all(loaders.map((l) => l()));
  if (!performance.getEntriesByName('homelab:overview').length) performance.mark('homelab:overview');

  // Live: values and sparklines from readings; nodes, alerts and incidents refetched (debounced).
  const refetchNodes = debounce(() => void loadNodes().catch(() => {}), 1000);
  const refetchAlerts = debounce(() => void loadAlerts().catch(() => {}), 500);
  const refetchIncidents = debounce(() => void loadIncidents().catch(() => {}), 2000);
  const refetchAll = debounce(() => void Promise.all(loaders.map((l) => l())).catch(() => {}), 500);
  const ticker = setInterval(() => { for (const c of cells.values()) c.age.textContent = ago(c.info.lastTs); }, 10_000);
  const offs = [
    onLive('readings', (list) => {
      let unknown = false;
      for (const r of list) {
        const c = cells.get(`${r.node}/${r.sensor}`);
        if (!c) { unknown = true; continue; }
        if (r.ts < c.info.lastTs) continue;
        c.info.lastTs = r.ts;
        c.info.lastValue = r.value;
        c.value.textContent = fmtValue(r.value, c.info.unit);
        c.value.classList.toggle('flash', true);
        setTimeout(() => c.value.classList.remove('flash'), 600);
        c.age.textContent = ago(r.ts);
        const p = c.points;
        p.ts.push(r.ts); p.mean.push(r.value); p.min.push(r.value); p.max.push(r.value); p.count.push(r.count);
        fill(c.spark, sparkline(p, Date.now() - DAY, Date.now()));
      }
      if (unknown) refetchAll(); // a new series: a new row
    }),
    onLive('health', refetchNodes),
    onLive('alert', refetchAlerts),
    onLive('rule', refetchAlerts),
    onLive('anomalies', refetchIncidents),
    onLive('resync', refetchAll),
  ];
  return () => { offs.forEach((off) => off()); clearInterval(ticker); [refetchNodes, refetchAlerts, refetchIncidents, refetchAll].forEach((d) => d.cancel()); };
}

function nodeTile(n) {
  const hl = n.health;
  const top = hl?.top?.[0];
  const metric = (label, value, problem) => h('div', { class: `metric ${problem ? `sev-${problem.severity}` : ''}` }, h('span', { class: 'muted small' }, label), h('strong', null, value));
  const problem = (m) => n.problems.find((p) => p.metric === m);
  return h('section', { class: `card node status-${n.status}`, dataset: { node: n.node, status: n.status } },
    h('header', null, h('h3', null, n.node), h('span', { class: `pill status-${n.status}` }, n.status)),
    h('div', { class: 'muted small' }, `${n.location ?? 'no location'} · last seen ${ago(n.lastSeen)}`),
    h('div', { class: 'metrics' },
      metric('CPU', fmtPct(hl?.cpu_pct), problem('cpu_pct')),
      metric('Memory', fmtPct(hl?.mem_pct), problem('mem_pct')),
      metric('SoC', hl?.temp_c === null || hl?.temp_c === undefined ? '–' : `${hl.temp_c.toFixed(1)} °C`, problem('temp_c')),
      metric('Disk', fmtPct(hl?.disk_pct), problem('disk_pct'))),
    h('div', { class: 'small' }, 'top: ', top ? h('code', null, top.name) : '–', top ? ` ${Math.round(top.cpu_pct)} % CPU, ${Math.round(top.mem_pct)} % mem` : ''),
    n.problems.length ? h('p', { class: 'reason small' }, n.problems.map((p) => p.text).join('; ')) : null);
}
