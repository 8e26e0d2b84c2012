/** Formatting shared by the views. Times are shown in the browser's time zone. */

export function fmtValue(v, unit = '') {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const abs = Math.abs(v);
  const s = abs >= 10_000 ? v.toFixed(0) : abs >= 100 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2).replace(/\.?0+$/, '') : v === 0 ? '0' : v.toPrecision(2);
  return unit ? `${s} ${unit}` : s;
}

export function fmtPct(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v)} %`;
}

const pad = (n) => String(n).padStart(2, '0');

export function fmtTime(ts, withDate = true) {
  const d = new Date(ts);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}` : time;
}

export function fmtDuration(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
  return `${(s / 86_400).toFixed(s < 864_000 ? 1 : 0)} d`;
}

export function ago(ts, now = Date.now()) {
  if (!ts) return 'never';
  const d = now - ts;
  return d < 5000 ? 'just now' : `${fmtDuration(d)} ago`;
}

/** `#/series?node=…` links. */
export function seriesHref(node, sensor, extra = {}) {
  return `#/series?${new URLSearchParams({ node, sensor, ...extra })}`;
}
