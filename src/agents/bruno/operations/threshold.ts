import { formatAge, formatTime, listJoin } from '../format.js';
import { when } from '../time-window.js';
import type { Plan, Vital } from '../language/plan.js';
import { convert, formatMeasure, round1 } from '../language/units.js';
import type { Answer } from '../answer.js';
import { inScope, kindsInScope, placeName, vitalsOf, type OperationContext } from './operation.js';
import { VITAL_LABEL, nodesInScope, vitalValue } from './vitals.js';
import { statsWindow, vitalStats } from './window-stats.js';

/** Latest readings older than this are said with their age (the node may have stopped). */
const FRESH_MS = 30 * 60_000;
const OP_WORDS = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below' } as const;

type Check = NonNullable<Plan['check']>;
/** One thing judged: its figure (in its stored unit), where and when it was. */
interface Judged { where: string; node: string; what: string; unit: string; value: number; ts: number; limit: number; pass: boolean; stale: boolean }

const passes = (op: Check['op'], v: number, limit: number) => (op === '>' ? v > limit : op === '>=' ? v >= limit : op === '<' ? v < limit : v <= limit);
/** The limit in a series' stored unit: the stated number converted when its unit is of the same quantity. */
function limitIn(check: Check, unit: string): number {
  if (!check.stated.unit) return check.stated.value;
  return convert(check.stated.value, check.stated.unit, unit) ?? check.stated.value;
}

/**
 * "Is warehouse-a above 20°C?", "did the cold room ever go above 10 degrees in the last 3 hours?",
 * "is any pi above 90% memory?", "which nodes are over 80% CPU?": the verdict (yes or no) and the
 * figures it rests on — the latest value now, or the window's extreme with its time — with the
 * limit converted from the unit it was written in. Every place in scope is judged; none is skipped.
 */
export async function thresholdAnswer(plan: Plan, ctx: OperationContext): Promise<Answer> {
  const check = plan.check!;
  // A window the question did not name (the operation's default) is the present: "is it at least 20°C?" asks about now.
  const windowed = (plan.time.type === 'window' && plan.time.explicit) || plan.time.type === 'point' || check.ever;
  const range = plan.time.type === 'window' ? plan.time : { from: ctx.now - 86_400_000, to: ctx.now, label: 'the last 24 hours' };
  const label = plan.time.type === 'point' ? plan.time.label : range.label;
  const high = check.op.startsWith('>');
  const judged: Judged[] = [];
  const vitals = vitalsOf(plan).filter((v) => v !== 'top_process');
  const kinds = vitals.length && !plan.measures.some((m) => m.type === 'kind') ? [] : kindsInScope(plan, ctx.catalog.series).slice(0, 1);
  if (kinds.length) {
    if (windowed) {
      const w = await statsWindow(plan.time.type === 'now' ? { ...plan, time: { type: 'window', from: range.from, to: range.to, label: range.label, explicit: false } } : plan, ctx, kinds);
      for (const s of w.stats) {
        const limit = limitIn(check, s.unit);
        const value = high ? s.max : s.min;
        judged.push({ where: s.location ?? s.node, node: s.node, what: s.kind, unit: s.unit, value, ts: high ? s.maxTs : s.minTs, limit, pass: passes(check.op, value, limit), stale: false });
      }
    } else {
      for (const s of inScope(ctx.catalog.series, plan.scope, kinds)) {
        const limit = limitIn(check, s.unit);
        judged.push({ where: s.location ?? s.node, node: s.node, what: s.kind, unit: s.unit, value: s.lastValue, ts: s.lastTs, limit, pass: passes(check.op, s.lastValue, limit), stale: ctx.now - s.lastTs > FRESH_MS });
      }
    }
  }
  for (const vital of vitals.slice(0, 1)) {
    const unit = vital === 'soc_temp' ? '°C' : '%';
    const limit = limitIn(check, unit);
    if (windowed) {
      for (const r of await vitalStats(plan.time.type === 'now' ? { ...plan, time: { type: 'window', from: range.from, to: range.to, label: range.label, explicit: false } } : plan, ctx, vital)) {
        const value = high ? r.max : r.min;
        judged.push({ where: r.node, node: r.node, what: VITAL_LABEL[vital], unit, value, ts: high ? r.maxTs : r.minTs, limit, pass: passes(check.op, value, limit), stale: false });
      }
    } else {
      for (const { a } of await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)) {
        const value = a.health ? vitalValue(a.health, vital as Vital) : null;
        if (value === null || !a.health) continue;
        judged.push({ where: a.node, node: a.node, what: VITAL_LABEL[vital], unit, value, ts: a.health.ts, limit, pass: passes(check.op, value, limit), stale: a.status === 'offline' });
      }
    }
  }
  const threshold = { op: check.op, stated: check.stated, ...(judged[0] ? { value: round1(judged[0].limit), unit: judged[0].unit } : {}) };
  const place = placeName(plan.scope);
  if (!judged.length) {
    return { response: `I have no ${kinds[0] ?? (vitals[0] ? VITAL_LABEL[vitals[0]] : 'sensor')} data for ${place} ${windowed ? when({ label }) : 'to compare'}, so I cannot say whether it is ${OP_WORDS[check.op]} that.`, data: { verdict: null, threshold, judged: [] } };
  }
  const fmt = (j: Judged, v = j.value) => (j.unit === '%' ? `${round1(v)}%` : formatMeasure(v, j.unit, plan.units));
  const limitText = fmt(judged[0]!, judged[0]!.limit);
  const word = OP_WORDS[check.op];
  const yes = judged.filter((j) => j.pass);
  const verdict = yes.length > 0;
  const at = (j: Judged) => (windowed ? ` at ${formatTime(j.ts, ctx.now)}` : j.stale ? ` (last reading ${formatAge(ctx.now - j.ts)})` : '');
  const figure = (j: Judged) => `${j.where} ${fmt(j)}${at(j)}`;
  let response: string;
  if (judged.length === 1) {
    const j = judged[0]!;
    const subject = `the ${j.what} ${j.where === j.node && !plan.scope.locations.length ? 'of' : 'in'} ${j.where}`;
    response = windowed
      ? `${verdict ? 'Yes' : 'No'} — ${subject} ${verdict ? 'went' : 'did not go'} ${word} ${limitText} ${when({ label })}: its ${high ? 'highest' : 'lowest'} was ${fmt(j)}${at(j)}.`
      : `${verdict ? 'Yes' : 'No'} — ${subject} is ${fmt(j)}${at(j)}, ${verdict ? '' : 'not '}${word} ${limitText}.`;
  } else {
    const nodes = judged.every((j) => j.where === j.node);
    const among = `${nodes ? 'on' : 'in'} ${yes.length} of ${judged.length} ${nodes ? 'nodes' : 'places'}`;
    const what = judged[0]!.what;
    const head = windowed
      ? `${verdict ? 'Yes' : 'No'} — ${what} went ${word} ${limitText} ${among} ${when({ label })}${yes.length ? `: ${listJoin(yes.map(figure))}` : ''}.`
      : `${verdict ? 'Yes' : 'No'} — ${what} is ${word} ${limitText} ${among}${yes.length ? `: ${listJoin(yes.map(figure))}` : ''}.`;
    const rest = judged.filter((j) => !j.pass);
    response = `${head}${rest.length ? ` ${windowed ? (high ? 'Highest' : 'Lowest') : 'Not'} ${windowed ? 'elsewhere' : word}: ${listJoin(rest.map(figure))}.` : ''}`;
  }
  return {
    response,
    data: { verdict, threshold, window: windowed ? { from: range.from, to: range.to, label } : { label: 'now' },
      judged: judged.map((j) => ({ place: j.where, node: j.node, what: j.what, unit: j.unit, value: round1(j.value), raw: j.value, ts: j.ts, limit: round1(j.limit), pass: j.pass, ...(j.stale ? { stale: true } : {}) })) },
  };
}
