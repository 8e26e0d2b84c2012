const NS = 'http://www.w3.org/2000/svg';

/**
 * A 24-hour sparkline as SVG: the mean as a line over the min–max band. Columns as from
 * `/api/v1/series`; x spans [from, to) so gaps show where data is missing.
 */
export function sparkline(points, from, to, { width = 120, height = 30 } = {}) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  svg.dataset.points = String(points?.ts.length ?? 0);
  if (!points || !points.ts.length) return svg;
  const lo = Math.min(...points.min);
  const hi = Math.max(...points.max);
  const x = (ts) => ((ts - from) / (to - from)) * width;
  const y = (v) => (hi === lo ? height / 2 : height - 2 - ((v - lo) / (hi - lo)) * (height - 4));
  const band = document.createElementNS(NS, 'polygon');
  const top = points.ts.map((t, i) => `${x(t).toFixed(1)},${y(points.max[i]).toFixed(1)}`);
  const bottom = points.ts.map((t, i) => `${x(t).toFixed(1)},${y(points.min[i]).toFixed(1)}`).reverse();
  band.setAttribute('points', [...top, ...bottom].join(' '));
  band.setAttribute('class', 'spark-band');
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', points.ts.map((t, i) => `${x(t).toFixed(1)},${y(points.mean[i]).toFixed(1)}`).join(' '));
  line.setAttribute('class', 'spark-line');
  svg.append(band, line);
  return svg;
}
