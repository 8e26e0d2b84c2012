import { formatAge, listJoin } from '../format.js';
import { when } from '../time-window.js';
import type { Plan } from '../language/plan.js';
import type { Answer } from '../answer.js';
import { groupBy, hasPlace, inScope, kindsOf, placeName, spec, type Operation, type OperationContext } from './operation.js';
import { STALE_MS } from './liveness.js';
import { nodesInScope } from './vitals.js';
import { statsInScope } from './window-stats.js';
import { anomalies } from './anomalies.js';
import { alertList } from './alerts.js';
import { health } from './health.js';

async function inventory(plan: Plan, ctx: OperationContext, counting: boolean): Promise<Answer> {
  const place = placeName(plan.scope);
  const here = plan.scope.locations.length || plan.scope.nodes.length ? ` in ${place}` : '';
  switch (plan.subject) {
    case 'anomalies': return anomalies.run(plan, ctx);
    case 'alerts': return alertList.run(plan, ctx);
    case 'nodes': {
      // "which nodes measure humidity": the nodes with a sensor of that kind.
      if (kindsOf(plan).length && !plan.scope.nodes.length) return measuredBy(plan, ctx, 'node', counting);
      if (!counting) return health.run(plan, ctx);
      const nodes = await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations);
      const online = nodes.filter((n) => n.a.status !== 'offline');
      const offline = nodes.filter((n) => n.a.status === 'offline').map((n) => n.a.node);
      const healthy = nodes.filter((n) => n.a.status === 'healthy').map((n) => n.a.node);
      // Healthy and online are different counts: a node can report (online) and be over a limit.
      const head = /\bhealthy\b/.test(ctx.question.toLowerCase()) && !/\bunhealthy\b/.test(ctx.question.toLowerCase())
        ? `${healthy.length} of ${nodes.length} node${nodes.length === 1 ? '' : 's'}${here} ${healthy.length === 1 ? 'is' : 'are'} healthy${healthy.length ? ` (${listJoin(healthy)})` : ''}; ${online.length} online`
        : `${nodes.length} node${nodes.length === 1 ? '' : 's'}${here}, ${online.length} online${online.length ? ` (${listJoin(online.map((n) => n.a.node))})` : ''}; ${healthy.length} healthy`;
      return {
        response: `${head}${offline.length ? `; offline: ${listJoin(offline)}` : ''}.`,
        data: { count: nodes.length, online: online.length, healthy: healthy.length, offline, nodes: nodes.map((n) => ({ node: n.a.node, location: n.a.location, status: n.a.status, last_seen: n.a.lastSeen })) },
      };
    }
    case 'locations': {
      // "where is pi-node-3 located": each node's place, and what it measures there.
      if (plan.scope.nodes.length && !plan.scope.locations.length) return whereNodes(plan, ctx);
      if (kindsOf(plan).length) return measuredBy(plan, ctx, 'location', counting);
      const locs = plan.scope.locations.length ? plan.scope.locations : ctx.catalog.locations;
      const sensors = groupBy(ctx.catalog.series.filter((s) => s.location && locs.includes(s.location)), (s) => s.location!);
      return { response: `${locs.length} location${locs.length === 1 ? '' : 's'}: ${locs.map((l) => `${l} (${sensors.get(l)?.length ?? 0} sensors)`).join(', ')}.`, data: { count: locs.length, locations: locs.map((l) => ({ location: l, sensors: sensors.get(l)?.length ?? 0 })) } };
    }
    case 'kinds': {
      const kinds = [...new Set(inScope(ctx.catalog.series, plan.scope).map((s) => s.kind))];
      return { response: `${kinds.length} kind${kinds.length === 1 ? '' : 's'} of reading${here}: ${listJoin(kinds)}; and node vitals (CPU, memory, SoC temperature, disk, top processes) from health reports.`, data: { count: kinds.length, kinds } };
    }
    case 'readings': {
      const stats = await statsInScope(plan, ctx);
      const count = stats.reduce((a, s) => a + s.count, 0);
      const label = plan.time.type === 'window' ? plan.time.label : 'the last 24 hours';
      return { response: `${count} readings${here} ${when({ label })} from ${stats.length} sensor${stats.length === 1 ? '' : 's'}.`, data: { count, sensors: stats.length, window: { label } } };
    }
    default: {
      const series = inScope(ctx.catalog.series, plan.scope, kindsOf(plan));
      // "does the boilerhouse have a light sensor?": none there — say what the place does measure.
      if (!series.length && kindsOf(plan).length && hasPlace(plan.scope)) {
        const there = [...new Set(inScope(ctx.catalog.series, plan.scope).map((x) => x.kind))];
        return { response: `${placeName(plan.scope)} has no ${listJoin(kindsOf(plan))} sensor${there.length ? `; its sensors measure ${listJoin(there)}` : ''}.`, data: { count: 0, sensors: [], kinds_there: there } };
      }
      const reporting = series.filter((s) => ctx.now - s.lastTs <= STALE_MS);
      const silent = series.filter((s) => ctx.now - s.lastTs > STALE_MS);
      const names = (xs: typeof series) => xs.map((s) => `${s.node}/${s.sensor}`);
      const byKind = [...groupBy(series, (s) => s.kind)].map(([k, ss]) => `${ss.length} ${k}`);
      const head = `${reporting.length} of ${series.length} sensor${series.length === 1 ? '' : 's'}${here} are reporting (heard from within ${STALE_MS / 60_000} minutes)`;
      const tail = silent.length ? `; silent: ${listJoin(names(silent))}` : '';
      const listing = counting ? ` By kind: ${byKind.join(', ')}.` : `\n${series.map((s) => `- ${s.node}/${s.sensor} (${s.kind}${s.location ? `, ${s.location}` : ''})${ctx.now - s.lastTs > STALE_MS ? ' — silent' : ''}`).join('\n')}`;
      return { response: `${head}${tail}.${listing}`, data: { count: series.length, reporting: reporting.length, silent: silent.length, stale_after_s: STALE_MS / 1000, sensors: series.map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, last_ts: s.lastTs, reporting: ctx.now - s.lastTs <= STALE_MS })) } };
    }
  }
}

/** "Which locations measure humidity?", "how many nodes have a pressure sensor?": who has a sensor of the kinds asked. */
function measuredBy(plan: Plan, ctx: OperationContext, by: 'location' | 'node', counting: boolean): Answer {
  const kinds = kindsOf(plan);
  const lines: string[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const kind of kinds) {
    const series = inScope(ctx.catalog.series, plan.scope, [kind]);
    const groups = [...groupBy(series, (s) => (by === 'location' ? s.location ?? s.node : s.node))];
    const noun = `${by === 'location' ? 'location' : 'node'}${groups.length === 1 ? '' : 's'}`;
    const each = groups.map(([place, ss]) => `${place} (${ss.map((s) => (by === 'location' ? `${s.node}/${s.sensor}` : `${s.sensor}${s.location ? ` in ${s.location}` : ''}`)).join(', ')}${ss.every((s) => ctx.now - s.lastTs > STALE_MS) ? ', silent' : ''})`);
    lines.push(groups.length ? `${groups.length} ${noun} measure${groups.length === 1 ? 's' : ''} ${kind}: ${counting ? listJoin(groups.map(([p]) => p)) : listJoin(each)}.` : `No ${by} measures ${kind}.`);
    rows.push({ kind, count: groups.length, [by === 'location' ? 'locations' : 'nodes']: groups.map(([place, ss]) => ({ [by]: place, sensors: ss.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, reporting: ctx.now - s.lastTs <= STALE_MS })) })) });
  }
  return { response: lines.join('\n'), data: { by, measured: rows } };
}

/** "Where is pi-node-3?": its location (from its own reports), its sensors and when it was last heard from. */
async function whereNodes(plan: Plan, ctx: OperationContext): Promise<Answer> {
  const nodes = await nodesInScope(ctx, plan.scope.nodes);
  const lines = nodes.map(({ a }) => {
    const sensors = ctx.catalog.series.filter((s) => s.node === a.node);
    const kinds = [...new Set(sensors.map((s) => s.kind))];
    return `${a.node} is in ${a.location ?? 'no location it has reported'}${kinds.length ? `; it measures ${listJoin(kinds)}` : ''} (${a.status === 'offline' ? 'offline' : 'online'}, last heard from ${formatAge(ctx.now - a.lastSeen)}).`;
  });
  return { response: lines.join('\n') || `${listJoin(plan.scope.nodes)} has not reported yet.`, data: { nodes: nodes.map(({ a }) => ({ node: a.node, location: a.location, status: a.status, last_seen: a.lastSeen, kinds: [...new Set(ctx.catalog.series.filter((s) => s.node === a.node).map((s) => s.kind))] })) } };
}

/** "How many sensors are reporting?", "how many nodes do we have?", "how many anomalies today?". */
export const count: Operation = {
  spec: spec('count', 'Count sensors (reporting or not), nodes (online), locations, kinds, readings, anomalies or alerts in a scope', { subject: { enum: ['sensors', 'nodes', 'locations', 'kinds', 'anomalies', 'readings', 'alerts'] } }),
  run: (plan, ctx) => inventory(plan, ctx, true),
};

/** "List all sensors", "what locations do you know?", "which kinds do you measure?". */
export const list: Operation = {
  spec: spec('list', 'List sensors, nodes, locations or kinds the store holds', { subject: { enum: ['sensors', 'nodes', 'locations', 'kinds'] } }),
  run: (plan, ctx) => inventory(plan, ctx, false),
};
