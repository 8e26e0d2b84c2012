import { api, qs } from '../lib/api.js';
import { fill, h, notice } from '../lib/dom.js';
import { fmtDuration, fmtTime, fmtValue } from '../lib/format.js';
import { onLive } from '../lib/live.js';
import { seriesChart } from '../lib/chart.js';

const PRESETS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/**
 * One sensor over time: presets 1 h / 24 h / 7 d / 30 d, drag to zoom (the server downsamples the
 * new range to the chart's width), anomalies marked at their time, incidents shaded with their
 * root cause. A preset window follows live readings; a zoomed one stays put.
 */
export async function mount(root, { params }) {
  const { sensors } = await api('/api/v1/sensors');
  if (!sensors.length) { fill(root, h('p', { class: 'muted' }, 'No sensor has reported yet.')); return; }
  let current = sensors.find((s) => s.node === params.node && s.sensor === params.sensor) ?? sensors[0];
  const state = { preset: PRESETS[params.range] ? params.range : params.from ? null : '24h', from: Number(params.from) || undefined, to: Number(params.to) || undefined };

  const picker = h('select', { id: 'series-picker', 'aria-label': 'sensor', onchange: () => { const [node, sensor] = picker.value.split('\u0000'); go({ node, sensor, range: state.preset ?? '24h' }); } },
    sensors.map((s) => h('option', { value: `${s.node}\u0000${s.sensor}`, selected: s === current }, `${s.location ?? '–'} · ${s.node}/${s.sensor} (${s.kind})`)));
  const presets = h('div', { class: 'segmented', role: 'group', 'aria-label': 'range' }, Object.keys(PRESETS).map((p) =>
    h('button', { type: 'button', class: state.preset === p ? 'active' : '', dataset: { range: p }, onclick: () => go({ node: current.node, sensor: current.sensor, range: p }) }, p)));
  const reset = h('button', { type: 'button', class: 'link', hidden: Boolean(state.preset), onclick: () => go({ node: current.node, sensor: current.sensor, range: '24h' }) }, 'reset zoom');
  const title = h('h2', null);
  const meta = h('p', { class: 'muted small' });
  const chartEl = h('div', { class: 'chart', id: 'chart' });
  const status = h('div');
  const anomaliesBox = h('section', { class: 'card' });
  const incidentsBox = h('section', { class: 'card' });
  fill(root, h('div', { class: 'toolbar' }, picker, presets, reset), title, meta, status, h('div', { class: 'card chart-card' }, chartEl),
    h('div', { class: 'grid two' }, anomaliesBox, incidentsBox));

  const chart = seriesChart(chartEl, { unit: current.unit, onZoom: (from, to) => go({ node: current.node, sensor: current.sensor, from, to }, true) });

  function go(p, replace = false) {
    const hash = `#/series?${qs(p)}`;
    if (replace) { history.replaceState(null, '', hash); Object.assign(state, { preset: null, from: p.from, to: p.to }); reset.hidden = false; for (const b of presets.children) b.classList.remove('active'); void load(); }
    else location.hash = hash;
  }

  async function load() {
    const to = state.preset ? Date.now() : state.to;
    const from = state.preset ? to - PRESETS[state.preset] : state.from;
    const width = Math.min(4000, Math.max(100, Math.round(chartEl.clientWidth)));
    const where = { node: current.node, sensor: current.sensor };
    notice(status, '');
    const [s, a, inc] = await Promise.all([
      api(`/api/v1/series?${qs({ ...where, from, to, width })}`),
      api(`/api/v1/anomalies?${qs({ ...where, from, to, limit: 1000, studio: 'false' })}`),
      api(`/api/v1/graph/incidents?${qs({ from, to, limit: 200, ...(current.location ? { location: current.location } : {}) })}`).catch(() => ({ incidents: [] })),
    ]);
    const points = s.series[0]?.points ?? { ts: [], mean: [], min: [], max: [], count: [] };
    const incidents = inc.incidents.filter((i) => !i.props.sensors || i.props.sensors.includes(`${current.node}/${current.sensor}`) || i.props.location === current.location)
      .map((i) => ({ id: i.id, start: i.props.start, end: i.props.end, severity: i.props.severity, place: i.props.place, root_cause: i.props.root_cause }));
    chart.set({ from, to, points, anomalies: a.anomalies, incidents });
    title.textContent = `${current.kind} · ${current.node}/${current.sensor}`;
    const source = s.series[0]?.source;
    meta.textContent = `${current.location ?? 'no location'} · now ${fmtValue(current.lastValue, current.unit)} · ${fmtTime(from)} – ${fmtTime(to)} · ${points.ts.length} points, ${source === 'raw' ? 'raw readings' : source ? `${fmtDuration(source)} rollups` : 'no data'}, buckets of ${fmtDuration(s.step_ms)} (min–max band, mean line)`;
    if (!points.ts.length) notice(status, 'No data in this range.', 'info');
    renderAnomalies(a.anomalies);
    renderIncidents(incidents);
  }

  function renderAnomalies(list) {
    fill(anomaliesBox, h('h3', null, `Anomalies (${list.length})`), list.length ? h('div', { class: 'scroll' }, h('table', null,
      h('thead', null, h('tr', null, h('th', null, 'time'), h('th', null, 'severity'), h('th', null, 'value'), h('th', null, 'score'), h('th', null, 'why'))),
      h('tbody', null, list.slice(0, 200).map((x) => h('tr', null, h('td', null, fmtTime(x.ts)), h('td', null, h('span', { class: `pill sev-${x.severity}` }, x.severity)),
        h('td', null, fmtValue(x.value, x.unit)), h('td', null, x.score.toFixed(2)), h('td', null, x.explanation ?? x.reason)))))) : h('p', { class: 'muted' }, 'None in this range.'));
  }

  function renderIncidents(list) {
    fill(incidentsBox, h('h3', null, `Incidents (${list.length})`), list.length ? h('ul', { class: 'list' }, list.map((i) => h('li', null,
      h('span', { class: `pill sev-${i.severity}` }, i.severity), ' ', h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, `${i.place} ${fmtTime(i.start)}`), ' ',
      h('span', { class: 'muted small' }, i.root_cause ? `root cause: ${i.root_cause}` : 'no root cause recorded')))) : h('p', { class: 'muted' }, 'None in this range.'));
  }

  await load();
  const offs = [
    onLive('readings', (list) => {
      if (!state.preset) return;
      for (const r of list) if (r.node === current.node && r.sensor === current.sensor) { chart.append(r.ts, r.value, true); current = { ...current, lastValue: r.value, lastTs: r.ts }; }
    }),
    onLive('anomalies', (list) => {
      const mine = list.filter((x) => x.node === current.node && x.sensor === current.sensor);
      if (mine.length) { chart.addAnomalies(mine); if (state.preset) void load(); }
    }),
    onLive('resync', () => void load()),
  ];
  return () => { offs.forEach((off) => off()); chart.destroy(); };
}
