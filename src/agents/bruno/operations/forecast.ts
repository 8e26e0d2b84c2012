import type { Capability } from '../../runtime/capability.js';
import type { ModelRegistry, SeriesForecast } from '../../../studio/models/model-registry.js';
import type { Answer } from '../answer.js';
import type { Plan } from '../language/plan.js';
import { kindsOf, placeName } from './operation.js';

const HOUR = 3_600_000;

/** What the forecast capability reads: the model registry (a domain API) and the request's clock. */
export interface ForecastContext { models?: ModelRegistry; now: number }

/**
 * A question about the future: "what will … be", "forecast", "predict", "expected … tomorrow".
 * A question with a past verb ("what was it last night?") is not one.
 */
export function isForecastQuestion(text: string): boolean {
  const t = text.toLowerCase();
  if (/\b(was|were|did|had|has been|have been)\b/.test(t)) return false;
  return /\b(forecast\w*|predict\w*|will\b|going to|gonna|expected|expect)\b/.test(t)
    && /\b(tonight|tomorrow|later|next|in \d+|this (evening|afternoon|night)|will be|be like|forecast\w*|predict\w*)\b/.test(t);
}

const startOfDay = (ts: number): number => { const d = new Date(ts); d.setHours(0, 0, 0, 0); return d.getTime(); };

/** The window a forecast question asks about (local time, as the rest of agent-bruno reads times); the next 6 hours when it names none. */
export function forecastWindow(text: string, now: number): { from: number; to: number; label: string } {
  const t = text.toLowerCase();
  const today = startOfDay(now);
  const tomorrow = startOfDay(today + 36 * HOUR);
  const clamp = (from: number, to: number, label: string) => ({ from: Math.max(from, now), to: Math.max(to, now + HOUR), label });
  const n = /\b(?:in|next|over the next|for the next)\s+(\d{1,2})\s*(?:h|hours?)\b/.exec(t);
  if (n) return { from: now, to: now + Number(n[1]) * HOUR, label: `the next ${n[1]} hours` };
  if (/\btomorrow\b/.test(t)) {
    if (/\bmorning\b/.test(t)) return clamp(tomorrow + 6 * HOUR, tomorrow + 12 * HOUR, 'tomorrow morning');
    if (/\bafternoon\b/.test(t)) return clamp(tomorrow + 12 * HOUR, tomorrow + 18 * HOUR, 'tomorrow afternoon');
    if (/\b(evening|night)\b/.test(t)) return clamp(tomorrow + 18 * HOUR, tomorrow + 24 * HOUR, 'tomorrow evening');
    return clamp(tomorrow, tomorrow + 24 * HOUR, 'tomorrow');
  }
  if (/\b(tonight|this night|overnight)\b/.test(t)) return clamp(today + 18 * HOUR, today + 30 * HOUR, 'tonight');
  if (/\bthis evening\b/.test(t)) return clamp(today + 18 * HOUR, today + 22 * HOUR, 'this evening');
  if (/\bthis afternoon\b/.test(t)) return clamp(today + 12 * HOUR, today + 18 * HOUR, 'this afternoon');
  return { from: now, to: now + 6 * HOUR, label: 'the next 6 hours' };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The `forecast` capability: one `{spec, run}` entry, for the model-free planner and a model's tool calls alike. */
export const forecastCapability: Capability<ForecastContext> = {
  spec: {
    name: 'forecast', scope: 'read',
    description: 'Forecast of a sensor kind at places over a future window, from the newest trained timeseries_forecast model of each series (moved on through the readings stored since), with its 90 % band.',
    parameters: { type: 'object', required: ['kind', 'from', 'to'], properties: {
      kind: { type: 'string' }, locations: { type: 'array', items: { type: 'string' } }, nodes: { type: 'array', items: { type: 'string' } },
      from: { type: 'number', description: 'window start, epoch ms' }, to: { type: 'number', description: 'window end, epoch ms' },
    } },
  },
  async run(a, ctx) {
    if (!ctx.models) return { error: 'this studio has no trained models' };
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const kind = typeof a.kind === 'string' ? a.kind : '';
    const from = Number(a.from);
    const to = Number(a.to);
    if (!kind || !Number.isFinite(from) || !Number.isFinite(to) || !(to > from) || to - from > 14 * 24 * HOUR) return { error: 'kind, and a window from < to of at most 14 days, are required' };
    const series = await ctx.models.forecast({ kind, nodes: strings(a.nodes), locations: strings(a.locations), from, to });
    return { series: series.map((s) => ({ ...s, mean: r1(s.mean), low: r1(s.low), high: r1(s.high) })) };
  },
};

/**
 * agent-bruno's answer to a forecast question, written from the capability's result for this
 * request only: the forecast and its band per series, the model it came from; no model, an honest
 * "no forecast" with no number.
 */
export async function forecastAnswer(plan: Plan, question: string, ctx: ForecastContext): Promise<Answer> {
  const kind = kindsOf(plan)[0] ?? 'temperature';
  const w = forecastWindow(question, ctx.now);
  const place = placeName(plan.scope);
  const result = await forecastCapability.run({ kind, locations: plan.scope.locations, nodes: plan.scope.nodes, from: w.from, to: w.to }, ctx) as { series?: SeriesForecast[]; error?: string };
  const data = { kind, place, window: { from: w.from, to: w.to, label: w.label }, band_percent: 90, ...result };
  if (!result.series?.length) {
    const why = result.error ?? `no trained forecast covers ${kind} in ${place}`;
    return { response: `I have no forecast of ${kind} for ${place} ${w.label}: ${why}. Train one with \`homelab train --target ${kind}\` (POST /api/v1/models); it needs a day of stored data.`, data };
  }
  const lines = result.series.map((s) => {
    const where = s.location ? `${s.location} (${s.node})` : s.node;
    return `${where}: about ${s.mean} ${s.unit}, between ${s.low} and ${s.high} ${s.unit} (90 % band), from ${s.model_id}`;
  });
  const span = `${new Date(w.from).toTimeString().slice(0, 5)}–${new Date(w.to).toTimeString().slice(0, 5)}`;
  return { response: `Forecast of ${kind} ${w.label} (${span}):\n${lines.join('\n')}`, data };
}
