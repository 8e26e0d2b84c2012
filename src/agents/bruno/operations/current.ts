import type { SeriesInfo } from '../../../studio/store/store.js';
import { formatAge, formatTime, listJoin } from '../format.js';
import type { Plan } from '../language/plan.js';
import { formatMeasure, round1 } from '../language/units.js';
import { groupBy, inScope, kindsInScope, kindsOf, placeName, spec, storeFilter, vitalsOf, windowData, type Operation, type OperationContext } from './operation.js';
import { VITAL_LABEL, formatVital, nodesInScope, vitalValue } from './vitals.js';
import { statistics } from './statistics.js';
import { overheatingAnswer } from './overheating.js';

/** Series whose latest reading is older than this are reported as stale, not averaged. */
const FRESH_MS = 30 * 60_000;

/**
 * "What's the temperature in the warehouse?", "memory use on pi 3", "humidity at 14:23 yesterday":
 * the latest reading of every sensor in scope (or the one nearest the point asked for), averaged
 * per kind over the fresh ones with each place's own value; node vitals from the latest health report.
 */
export const current: Operation = {
  spec: spec('current', 'Latest value (or the value at a point in time) of sensor kinds or node vitals in a scope'),
  async run(plan, ctx) {
    if (plan.judge === 'overheating') return overheatingAnswer(plan, ctx);
    const lines: string[] = [];
    const data: Record<string, unknown> = { place: placeName(plan.scope), window: windowData(plan) };
    const vitals = vitalsOf(plan);
    const kinds = kindsOf(plan);
    const onlyNodes = plan.scope.nodes.length > 0 && plan.scope.locations.length === 0;
    if (kinds.length || !vitals.length) {
      const r = plan.time.type === 'point' ? await atPoint(plan, ctx, plan.time.at) : latestLines(plan, ctx);
      lines.push(...r.lines);
      data.kinds = r.kinds;
    }
    // A node's "temperature" may mean its chip: say both when the question did not say which.
    const chipToo = onlyNodes && kinds.includes('temperature') && !/\b(room|air|ambient|sensor|dht)/i.test(ctx.question) && plan.time.type !== 'point';
    const wanted = chipToo ? [...vitals, 'soc_temp' as const] : vitals;
    if (wanted.length) {
      const nodes = (await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)).filter((n) => n.a.health);
      if (!nodes.length) lines.push(plan.scope.nodes.length ? `${listJoin(plan.scope.nodes)} sent no health report yet.` : 'No node has sent a health report yet.');
      const rows: Record<string, unknown>[] = [];
      // "how much memory is free on pi 3", "disk left on pi 1": what is left, beside what is used.
      const asksFree = /\b(free|left|available|remaining|spare|unused)\b/i.test(ctx.question);
      const withFree = (h: NonNullable<(typeof nodes)[number]['a']['health']>, v: (typeof wanted)[number]) => {
        const used = vitalValue(h, v);
        return asksFree && (v === 'memory' || v === 'disk') && used !== null ? `${Math.round(used)}% used (${Math.round(100 - used)}% free)` : formatVital(h, v, plan.units);
      };
      for (const v of wanted) {
        if (!nodes.length) continue;
        const newest = Math.max(...nodes.map(({ a }) => a.health!.ts));
        const own = chipToo && v === 'soc_temp' ? 'SoC (chip) temperature' : VITAL_LABEL[v];
        const verb = v === 'top_process' ? (nodes.length === 1 ? 'are' : '') : 'is';
        const where = (a: (typeof nodes)[number]['a']) => `${a.node}${a.location ? ` (${a.location})` : ''}`;
        const label = v === 'top_process' ? 'top processes' : own;
        lines.push(nodes.length === 1
          ? `${capital(label)} ${v === 'top_process' ? 'on' : 'of'} ${where(nodes[0]!.a)} ${verb} ${withFree(nodes[0]!.a.health!, v)} (health report at ${formatTime(newest, ctx.now)}, ${formatAge(ctx.now - newest)}).`
          : `${capital(label)}: ${nodes.map(({ a }) => `${where(a)} ${withFree(a.health!, v)}`).join(', ')} (latest health reports).`);
        for (const { a } of nodes) {
          const value = vitalValue(a.health!, v);
          rows.push({ node: a.node, location: a.location, vital: v, value, ...(asksFree && value !== null && (v === 'memory' || v === 'disk') ? { free: Math.round(100 - value) } : {}), ts: a.health!.ts, status: a.status, top: a.health!.top });
        }
      }
      data.vitals = rows;
    }
    // "Average temperature in warehouse a?" with no window: the sensors' mean now, and the last 24 hours' mean beside it.
    if (plan.time.type === 'now' && !plan.time.explicit && /\b(average|avg|mean)\b/i.test(ctx.question) && kinds.length) {
      const day = await statistics.run({ ...plan, operation: 'statistics', stat: 'mean', time: { type: 'window', from: ctx.now - 86_400_000, to: ctx.now, label: 'the last 24 hours', explicit: false } }, ctx);
      const means = (day.data.kinds as { kind: string; unit: string; mean: number }[]).map((k) => `${k.kind} ${formatMeasure(k.mean, k.unit, plan.units)}`);
      if (means.length) lines.push(`Average over the last 24 hours: ${means.join(', ')}.`);
      data.day = day.data.kinds;
    }
    return { response: lines.join('\n') || `No data stored for ${placeName(plan.scope)} yet.`, data };
  },
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function latestLines(plan: Plan, ctx: OperationContext): { lines: string[]; kinds: Record<string, unknown>[] } {
  const kinds = kindsInScope(plan, ctx.catalog.series);
  const series = inScope(ctx.catalog.series, plan.scope, kinds);
  const place = placeName(plan.scope);
  if (series.length === 0) return { lines: [`No ${kinds.length ? listJoin(kinds) : 'sensor'} data stored for ${place} yet.`], kinds: [] };
  const lines: string[] = [];
  const out: Record<string, unknown>[] = [];
  for (const [kind, members] of groupBy(series, (s) => s.kind)) {
    const newest = Math.max(...members.map((s) => s.lastTs));
    const fresh = members.filter((s) => newest - s.lastTs <= FRESH_MS);
    const stale = members.filter((s) => newest - s.lastTs > FRESH_MS);
    const unit = fresh[0]!.unit;
    const mean = fresh.reduce((sum, s) => sum + s.lastValue, 0) / fresh.length;
    const perPlace = byPlace(fresh, (s) => s.lastValue);
    const age = ctx.now - newest;
    const v = formatMeasure(mean, unit, plan.units);
    let line = fresh.length === 1
      ? `The ${kind} in ${place} is ${v} (${fresh[0]!.node}/${fresh[0]!.sensor} at ${formatTime(newest, ctx.now)}, ${formatAge(age)}).`
      : `The ${kind} in ${place} is ${v} on average over ${fresh.length} sensors (latest readings at ${formatTime(newest, ctx.now)}, ${formatAge(age)}).`;
    if (perPlace.length > 1) line += ` ${perPlace.map((p) => `${p.where}: ${formatMeasure(p.value, unit, plan.units)}`).join(', ')}.`;
    if (stale.length) line += ` Not included, no recent data: ${stale.map((s) => `${s.node}/${s.sensor} (last ${formatAge(ctx.now - s.lastTs)})`).join(', ')}.`;
    lines.push(line);
    out.push({
      kind, unit, value: round1(mean), mean, sensors: fresh.length, latest_ts: newest,
      by_place: perPlace.map((p) => ({ ...p, value: round1(p.value) })),
      series: members.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, value: s.lastValue, ts: s.lastTs, stale: newest - s.lastTs > FRESH_MS })),
    });
  }
  return { lines, kinds: out };
}

function byPlace<T extends { node: string; location: string | null }>(rows: T[], value: (r: T) => number) {
  return [...groupBy(rows, (s) => s.location ?? s.node)].map(([where, ss]) => ({ where, value: ss.reduce((a, s) => a + value(s), 0) / ss.length, sensors: ss.length }));
}

/** The reading of each series nearest `at` (raw readings within 10 minutes, else 5-minute rollups). */
async function atPoint(plan: Plan, ctx: OperationContext, at: number): Promise<{ lines: string[]; kinds: Record<string, unknown>[] }> {
  const kinds = kindsInScope(plan, ctx.catalog.series);
  const filter = storeFilter(plan.scope, kinds);
  const near = 10 * 60_000;
  type Hit = SeriesInfo & { at: number; value: number };
  const hits = new Map<string, Hit>();
  const consider = (node: string, sensor: string, ts: number, value: number) => {
    const s = ctx.catalog.series.find((x) => x.node === node && x.sensor === sensor);
    if (!s) return;
    const key = `${node}/${sensor}`;
    const cur = hits.get(key);
    if (!cur || Math.abs(ts - at) < Math.abs(cur.at - at)) hits.set(key, { ...s, at: ts, value });
  };
  for (const r of inScope(await ctx.store.readings({ ...filter, from: at - near, to: at + near, limit: 20_000 }), plan.scope, kinds)) consider(r.node, r.sensor, r.ts, r.value);
  if (!hits.size) {
    for (const p of inScope((await ctx.store.series({ ...filter, from: at - 15 * 60_000, to: at + 15 * 60_000, stepMs: 5 * 60_000 })).map((p) => ({ ...p, location: ctx.catalog.series.find((s) => s.node === p.node && s.sensor === p.sensor)?.location ?? null })), plan.scope, kinds)) consider(p.node, p.sensor, p.ts, p.mean);
  }
  const place = placeName(plan.scope);
  const label = plan.time.type === 'point' ? plan.time.label : '';
  if (!hits.size) return { lines: [`No ${kinds.length ? listJoin(kinds) : 'sensor'} readings for ${place} near ${label.replace(/^at /, '')}.`], kinds: [] };
  const lines: string[] = [];
  const out: Record<string, unknown>[] = [];
  for (const [kind, members] of groupBy([...hits.values()], (s) => s.kind)) {
    const unit = members[0]!.unit;
    const mean = members.reduce((a, s) => a + s.value, 0) / members.length;
    const perPlace = byPlace(members, (s) => s.value);
    let line = members.length === 1
      ? `The ${kind} in ${place} ${label} was ${formatMeasure(mean, unit, plan.units)} (${members[0]!.node}/${members[0]!.sensor}, reading at ${formatTime(members[0]!.at, ctx.now)}).`
      : `The ${kind} in ${place} ${label} was ${formatMeasure(mean, unit, plan.units)} on average over ${members.length} sensors.`;
    if (perPlace.length > 1) line += ` ${perPlace.map((p) => `${p.where}: ${formatMeasure(p.value, unit, plan.units)}`).join(', ')}.`;
    lines.push(line);
    out.push({ kind, unit, value: round1(mean), mean, at, by_place: perPlace.map((p) => ({ ...p, value: round1(p.value) })), series: members.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, value: s.value, ts: s.at })) });
  }
  return { lines, kinds: out };
}
