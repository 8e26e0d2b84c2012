import type { StudioDomain } from '../../studio/agent-host.js';
import type { GoalBook, GoalView } from '../../studio/goals/goal-book.js';
import { GoalError, type CheckInInput } from '../../studio/goals/goal.js';
import type { Capability } from '../runtime/capability.js';
import { readGoal } from './parse.js';

/** What aigoat's capabilities run in: the studio's domain APIs, its goals, and the request's clock. */
export interface AigoatContext {
  domain: StudioDomain;
  goals: GoalBook;
  now: number;
}

const STOP = new Set(['the', 'goal', 'goals', 'my', 'our', 'a', 'an', 'of', 'for', 'to', 'in', 'at', 'on', 'and', 'what', 'how', 'is', 'are', 'put', 'at', 'risk', 'doing', 'check', 'in', 'update', 'done', 'with', 'by', 'keep', 'below', 'above', 'under', 'over', 'time', 'this', 'week', 'month', 'it', 'set', 'delete', 'remove', 'why', 'which']);
const words = (s: string) => s.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length >= 3 && !STOP.has(w));

/**
 * The goal a reference means: its id, else the one goal whose title, place, node or owner shares
 * the most words with it. A reference matching none (or two equally) is an error naming the goals.
 * @example
 * findGoal(goals, 'the warehouse goal') // { goal } when one goal mentions warehouse
 */
export function findGoal(goals: GoalView[], ref: string): { goal: GoalView } | { error: string } {
  const byId = goals.find((g) => ref.includes(g.id));
  if (byId) return { goal: byId };
  const asked = new Set(words(ref).flatMap((w) => [w, ...w.split('-')]));
  const scored = goals.map((g) => {
    const own = new Set(words([g.title, g.measure?.scope.location ?? '', g.measure?.scope.node ?? '', g.owner ?? '', g.measure && 'kind' in g.measure ? g.measure.kind : ''].join(' ')).flatMap((w) => [w, ...w.split('-')]));
    return { g, score: [...asked].filter((w) => own.has(w)).length };
  }).sort((a, b) => b.score - a.score);
  const list = goals.map((g) => `${g.id} "${g.title}"`).join(', ') || 'none yet';
  if (!scored[0] || scored[0].score === 0) return { error: `no goal matches "${ref.slice(0, 80)}"; goals: ${list}` };
  if (scored[1] && scored[1].score === scored[0].score) return { error: `"${ref.slice(0, 80)}" matches more than one goal (${scored.filter((s) => s.score === scored[0]!.score).map((s) => s.g.id).join(', ')}); name one by id` };
  return { goal: scored[0].g };
}

/** A check-in read from text against the goal's key results: "60% done", "kr2 done", "screens 3", "panel done: merged". */
export function readCheckIn(text: string, goal: GoalView): CheckInInput {
  const t = text.toLowerCase();
  const note = text.includes(':') ? text.slice(text.indexOf(':') + 1).trim() : undefined;
  const kr = goal.key_results.find((k) => new RegExp(`\\b${k.id}\\b`).test(t)) ?? goal.key_results.find((k) => t.includes(k.title.toLowerCase()));
  const out: CheckInInput = { ...(note ? { note: note.slice(0, 1000) } : {}) };
  if (kr) {
    const after = t.slice(t.indexOf(kr.id) >= 0 ? t.indexOf(kr.id) + kr.id.length : t.indexOf(kr.title.toLowerCase()) + kr.title.length);
    const value = /^\s*(?:is\s+|at\s+|:\s*|=\s*)?(\d+(?:\.\d+)?)(?!\s*%)/.exec(after)?.[1];
    const done = /^\s*(?:is\s+)?(?:done|complete|completed|finished|shipped)\b/.test(after) || /\b(?:done|finished|completed)\s*(?:with\s+)?$/.test(t.slice(0, t.indexOf(kr.id) >= 0 ? t.indexOf(kr.id) : t.indexOf(kr.title.toLowerCase())));
    return { ...out, key_result: kr.id, ...(value !== undefined ? { value: Number(value) } : {}), ...(done ? { done: true } : {}), ...(value === undefined && !done && !note ? { note: text.slice(0, 1000) } : {}) };
  }
  const pct = /(\d+(?:\.\d+)?)\s*%/.exec(t)?.[1];
  if (pct !== undefined) return { ...out, progress_pct: Math.min(100, Number(pct)) };
  return { note: (note ?? text).slice(0, 1000) };
}

/** A goal as the tools hand it on: what an answer is written from (figures as computed). */
export function goalSummary(g: GoalView): Record<string, unknown> {
  const p = g.progress;
  return {
    id: g.id, title: g.title, kind: g.kind, owner: g.owner ?? null, status: g.status, attainment: g.attainment, unit: p.unit, target: p.target,
    ...(g.measure ? { measure: g.measure } : {}), start: new Date(g.start).toISOString(), deadline: new Date(g.deadline).toISOString(),
    ...('budget' in p ? { budget: p.budget } : {}), ...('trend' in p ? { trend: p.trend } : {}), ...('projection' in p ? { projection: p.projection } : {}),
    ...('observed_slots' in p ? { observed_slots: p.observed_slots, failed_slots: p.failed_slots } : {}),
    ...('anomalies' in p ? { anomalies: p.anomalies } : {}),
    ...(p.measure === 'tracked' ? { expected_pct: p.expected_pct, key_results: p.key_results, last_check_in: p.last_check_in, check_in_due: p.check_in_due, days_left: p.days_left } : {}),
    costliest: 'costliest' in p ? p.costliest : [],
  };
}

const str = (description: string) => ({ type: 'string', description });
const num = (description: string) => ({ type: 'number', description });
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const errorOf = (err: unknown) => (err instanceof GoalError ? { error: err.message, field: err.field } : { error: (err as Error).message });
const lookup = async (ctx: AigoatContext, ref: unknown) => findGoal(await ctx.goals.list(), text(ref));

/** aigoat's tools: the one list its planner and a model both call. Setting, checking in and deleting need admin. */
export const AIGOAT_CAPABILITIES: Capability<AigoatContext>[] = [
  { spec: { name: 'list_goals', description: 'Every goal with its status, attainment, target, budget left, trend and projection, computed from stored data now.', scope: 'read', parameters: { type: 'object', properties: { status: str('only goals in this status: on_track, at_risk, breached, met, no_data') } } },
    run: async (a, ctx) => (await ctx.goals.list()).filter((g) => !text(a.status) || g.status === text(a.status)).map(goalSummary) },
  { spec: { name: 'goal_progress', description: 'One goal (by id or words of its title/place) with its full progress.', scope: 'read', parameters: { type: 'object', properties: { goal: str('goal id or words from its title') }, required: ['goal'] } },
    run: async (a, ctx) => { const f = await lookup(ctx, a.goal); return 'error' in f ? f : goalSummary(f.goal); } },
  { spec: { name: 'goal_risk', description: 'What put a goal at risk: its costliest moments, with the anomalies and knowledge-graph incidents during each.', scope: 'read', parameters: { type: 'object', properties: { goal: str('goal id or words from its title') }, required: ['goal'] } },
    run: async (a, ctx) => {
      const f = await lookup(ctx, a.goal);
      if ('error' in f) return f;
      const g = f.goal;
      const scope = g.measure?.scope ?? {};
      const moments = [];
      for (const m of goalSummary(g).costliest as { from: string; to: string; minutes: number; peak: number | null; where?: string }[]) {
        const from = Date.parse(m.from);
        const to = Date.parse(m.to);
        const anomalies = (await ctx.domain.store.anomalies({ ...scope, from, to, limit: 5 })).map((x) => ({ node: x.node, sensor: x.sensor, kind: x.kind, value: x.value, unit: x.unit, severity: x.severity, reason: x.reason, at: new Date(x.ts).toISOString() }));
        const incidents = (await ctx.domain.graph.incidents({ ...(scope.location ? { location: scope.location } : {}), from: from - 15 * 60_000, to: to + 15 * 60_000, limit: 3 }))
          .map((i) => ({ id: i.id, place: i.props.place ?? null, root_cause: i.props.root_cause ?? null, status: i.status }));
        moments.push({ ...m, anomalies, incidents });
      }
      return { goal: { id: g.id, title: g.title, status: g.status, attainment: g.attainment, unit: g.progress.unit, target: g.progress.target }, moments };
    } },
  { spec: { name: 'set_goal', description: 'Sets a goal from plain language ("keep warehouse-b below 25 °C 99 % of the time this week", "ship the dashboard by Dec 15, owner ana, key results: a; b").', scope: 'admin', parameters: { type: 'object', properties: { text: str('the goal in plain language') }, required: ['text'] } },
    run: async (a, ctx) => {
      const r = readGoal(text(a.text), await ctx.domain.store.catalog(), ctx.now);
      if (!r.ok) return { error: r.reason };
      try { return { created: goalSummary(await ctx.goals.create(r.input)) }; } catch (err) { return errorOf(err); }
    } },
  { spec: { name: 'check_in', description: 'Records a progress update on a goal: a note, a percent done, or a key result\'s value or done.', scope: 'admin', parameters: { type: 'object', properties: { goal: str('goal id or words from its title'), text: str('the update as said ("kr1 done", "60% done: staging is up")'), by: str('who checks in'), progress_pct: num('percent done'), key_result: str('key result id'), value: num('its new value') }, required: ['goal'] } },
    run: async (a, ctx) => {
      const f = await lookup(ctx, a.goal);
      if ('error' in f) return f;
      const structured: CheckInInput = { ...(typeof a.progress_pct === 'number' ? { progress_pct: a.progress_pct } : {}), ...(text(a.key_result) ? { key_result: text(a.key_result) } : {}), ...(typeof a.value === 'number' ? { value: a.value } : {}) };
      const input = { ...(text(a.text) ? readCheckIn(text(a.text), f.goal) : {}), ...structured, ...(text(a.by) ? { by: text(a.by) } : {}) };
      try { return { checked_in: goalSummary(await ctx.goals.checkIn(f.goal.id, input)), check_in: input }; } catch (err) { return errorOf(err); }
    } },
  { spec: { name: 'delete_goal', description: 'Deletes a goal.', scope: 'admin', parameters: { type: 'object', properties: { goal: str('goal id or words from its title') }, required: ['goal'] } },
    run: async (a, ctx) => {
      const f = await lookup(ctx, a.goal);
      if ('error' in f) return f;
      await ctx.goals.remove(f.goal.id);
      return { deleted: { id: f.goal.id, title: f.goal.title } };
    } },
];
