import { h } from './dom.js';
import { fmtTime, fmtValue } from './format.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * One sensor's chart (uPlot): the mean as a line over the min–max band of each bucket, anomalies
 * as markers at their time and value coloured by severity, incidents as shaded spans with their
 * root cause on hover. Drag across the chart to zoom: `onZoom(from, to)` is called and the caller
 * fetches that range again at full resolution (the server downsamples to the chart's width).
 * The element carries what it drew for tests and tools: data-points, data-x-min, data-x-max.
 */
export function seriesChart(el, { unit = '', onZoom }) {
  const view = { from: Date.now() - 3_600_000, to: Date.now(), anomalies: [], incidents: [] };
  const tip = h('div', { class: 'chart-tip', hidden: true });
  const overlay = h('div', { class: 'chart-overlay' });
  const height = () => (window.innerWidth < 640 ? 220 : 320);
  const opts = {
    width: Math.max(200, el.clientWidth), height: height(), ms: 1,
    scales: { x: { time: true, range: () => [view.from, view.to] } },
    series: [
      {},
      { label: 'min', stroke: 'transparent', points: { show: false }, value: (u, v) => fmtValue(v, unit) },
      { label: 'max', stroke: 'transparent', points: { show: false }, value: (u, v) => fmtValue(v, unit) },
      { label: 'mean', stroke: css('--accent'), width: 1.5, value: (u, v) => fmtValue(v, unit), points: { show: (u, si, i0, i1) => i1 - i0 < u.bbox.width / devicePixelRatio / 6 } },
    ],
    bands: [{ series: [2, 1], fill: css('--band') }],
    axes: [
      { stroke: css('--muted'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') } },
      { stroke: css('--muted'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') }, size: 56, values: (u, vals) => vals.map((v) => fmtValue(v)) },
    ],
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    hooks: {
      draw: [(u) => place(u)],
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const from = u.posToVal(u.select.left, 'x');
        const to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        onZoom?.(Math.round(from), Math.round(to));
      }],
      setCursor: [(u) => hover(u)],
    },
  };
  const u = new uPlot(opts, [[], [], [], []], el);
  u.over.append(overlay, tip);

  function place(u) {
    const W = u.over.clientWidth;
    const H = u.over.clientHeight;
    const x = (ts) => u.valToPos(ts, 'x');
    let labelsUntil = -Infinity; // labels that would overlap the previous one are left out (hover still tells)
    const spans = view.incidents.filter((i) => i.end >= view.from && i.start <= view.to).sort((a, b) => a.start - b.start).map((i) => {
      const left = Math.max(0, x(Math.max(i.start, view.from)));
      const right = Math.min(W, x(Math.min(i.end, view.to)));
      const label = i.root_cause ? i.root_cause : 'incident';
      const room = left >= labelsUntil;
      if (room) labelsUntil = left + 12 + label.length * 6.5;
      return h('div', { class: `span-incident sev-${i.severity}${left > W - 200 ? ' flip' : ''}`, dataset: { id: i.id, start: i.start, end: i.end }, style: { left: `${left}px`, width: `${Math.max(3, right - left)}px` } },
        room ? h('span', null, label) : null);
    });
    const marks = view.anomalies.filter((a) => a.ts >= view.from && a.ts <= view.to).map((a) => {
      const top = Math.min(H - 4, Math.max(4, u.valToPos(a.value, 'y')));
      return h('div', {
        class: `mark sev-${a.severity}`, dataset: { ts: a.ts, severity: a.severity }, style: { left: `${x(a.ts)}px`, top: `${top}px` },
        title: `${a.severity} anomaly · ${fmtValue(a.value, unit)} · ${fmtTime(a.ts)}${a.reason ? ` · ${a.reason}` : ''}${a.explanation ? `\n${a.explanation}` : ''}`,
      });
    });
    overlay.replaceChildren(...spans, ...marks);
    const ts = u.data[0];
    let drawn = 0;
    for (let i = 0; i < ts.length; i++) if (ts[i] >= u.scales.x.min && ts[i] <= u.scales.x.max && u.data[3][i] !== null) drawn++;
    let max = -Infinity;
    for (const v of u.data[2]) if (v !== null && v > max) max = v;
    Object.assign(el.dataset, { points: drawn, xMin: u.scales.x.min, xMax: u.scales.x.max, max });
    // A user-timing mark (visible in devtools; bench/dashboard.ts reads it): the first chart with data drawn.
    if (ts.length && !performance.getEntriesByName('homelab:first-chart').length) performance.mark('homelab:first-chart');
  }

  function hover(u) {
    const left = u.cursor.left;
    if (left === undefined || left < 0) { tip.hidden = true; return; }
    const t = u.posToVal(left, 'x');
    const i = view.incidents.find((s) => t >= s.start && t <= Math.max(s.end, s.start + (view.to - view.from) / 200));
    if (!i) { tip.hidden = true; return; }
    tip.textContent = `Incident at ${i.place} (${i.severity}, ${fmtTime(i.start)}–${fmtTime(i.end, false)}): ${i.root_cause ? `root cause ${i.root_cause}` : 'no root cause recorded yet'}`;
    tip.style.left = `${Math.min(left + 12, u.over.clientWidth - 220)}px`;
    tip.hidden = false;
  }

  const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: height() }));
  resize.observe(el);

  return {
    /** New data for [from, to): columns from `/api/v1/series`, anomalies, incident spans. */
    set({ from, to, points, anomalies, incidents }) {
      Object.assign(view, { from, to, anomalies: anomalies ?? view.anomalies, incidents: incidents ?? view.incidents });
      u.setData([points.ts, points.min, points.max, points.mean]);
    },
    /** Appends a live point (and slides the window when it is a live one). */
    append(ts, value, slide) {
      const [xs, mins, maxs, means] = u.data;
      if (xs.length && ts <= xs[xs.length - 1]) return;
      if (slide) { const width = view.to - view.from; view.to = Math.max(view.to, ts + 1); view.from = view.to - width; }
      u.setData([[...xs, ts], [...mins, value], [...maxs, value], [...means, value]]);
    },
    addAnomalies(list) {
      view.anomalies = [...view.anomalies, ...list];
      u.redraw(false, false);
    },
    get range() { return { from: view.from, to: view.to }; },
    destroy() { resize.disconnect(); u.destroy(); },
  };
}
