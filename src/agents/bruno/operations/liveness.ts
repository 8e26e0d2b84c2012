import { formatAge, formatTime, listJoin } from '../format.js';
import { inScope, spec, type Operation } from './operation.js';
import { nodesInScope } from './vitals.js';

/** A sensor silent longer than this has stopped reporting (5-minute aggregates plus slack). */
export const STALE_MS = 15 * 60_000;

/** The question asks about places, not nodes ("has any location gone quiet?"). */
const ASKS_PLACES = /\b(locations?|places?|rooms?|sites?|areas?|zones?|warehouses?|buildings?|spots?)\b/i;
const ASKS_NODES = /\b(nodes?|pis?|devices?|hosts?|gateways?|boxes|raspberr\w*)\b/i;
type Row = { node: string; location: string | null; last_seen: number; silent_s: number; online: boolean };
type PlaceRows = { location: string; nodes: Row[]; silent: boolean };
/** Each location with its nodes: silent when every node there is offline. */
function placesOf(rows: Row[]): PlaceRows[] {
  const by = new Map<string, Row[]>();
  for (const r of rows) if (r.location) by.set(r.location, [...(by.get(r.location) ?? []), r]);
  return [...by].map(([location, nodes]) => ({ location, nodes, silent: nodes.every((r) => !r.online) }));
}

/**
 * "Is pi-node-1 online?", "when did we last hear from pi-node-4?", "which nodes stopped
 * reporting?": each node's last contact and online/offline state (the health limits' offline
 * time), and sensors that went quiet.
 */
export const liveness: Operation = {
  spec: spec('liveness', 'Online/offline state and last contact of nodes; sensors that stopped reporting', { state: { enum: ['online', 'offline', 'last_seen', 'reporting'] } }),
  async run(plan, ctx) {
    const nodes = await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations);
    const sensors = inScope(ctx.catalog.series, plan.scope).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, last_ts: s.lastTs, silent_s: Math.round((ctx.now - s.lastTs) / 1000), stale: ctx.now - s.lastTs > STALE_MS }));
    const rows = nodes.map(({ a }) => ({ node: a.node, location: a.location, last_seen: a.lastSeen, silent_s: Math.round((ctx.now - a.lastSeen) / 1000), online: a.status !== 'offline' }));
    const data = { nodes: rows, sensors, offline_after_s: Math.round(ctx.healthLimits.offlineAfterMs / 1000), stale_after_s: STALE_MS / 1000 };
    if (!rows.length && !sensors.length) return { response: 'No node has reported yet.', data };
    const heard = (r: (typeof rows)[number]) => `last heard from at ${formatTime(r.last_seen, ctx.now)} (${formatAge(ctx.now - r.last_seen)})`;
    const lines: string[] = [];
    // "Has pi-node-4 reported in the last hour?": yes or no for each node asked about, against that window.
    if (plan.liveness === 'within' && plan.time.type === 'window') {
      const { from } = plan.time;
      const label = /^the /.test(plan.time.label) ? `in ${plan.time.label}` : plan.time.label;
      const scoped = plan.scope.nodes.length > 0 || plan.scope.locations.length > 0;
      const asked = scoped ? rows : rows.filter((r) => r.last_seen < from);
      const reported = (r: (typeof rows)[number]) => r.last_seen >= from;
      if (scoped && asked.length === 1) {
        const r = asked[0]!;
        lines.push(reported(r) ? `Yes — ${r.node} reported ${label}: ${heard(r)}.` : `No — ${r.node} has not reported ${label}: ${heard(r)}.`);
      } else if (plan.scope.nodes.length || plan.scope.locations.length) {
        const quiet = asked.filter((r) => !reported(r));
        lines.push(`${quiet.length ? (quiet.length === asked.length ? 'No' : 'Not all') : 'Yes'} — ${asked.length - quiet.length} of ${asked.length} nodes reported ${label}.`);
        lines.push(...asked.map((r) => `- ${r.node}${r.location ? ` (${r.location})` : ''}: ${reported(r) ? 'reported' : 'not reported'}, ${heard(r)}`));
      } else {
        lines.push(asked.length ? `No — ${asked.length} of ${rows.length} nodes have not reported ${label}: ${asked.map((r) => `${r.node} (${heard(r)})`).join(', ')}.` : `Yes — all ${rows.length} nodes reported ${label}.`);
      }
      return { response: lines.join('\n'), data: { ...data, window: { from, to: plan.time.to, label } } };
    }
    const single = plan.scope.nodes.length === 1 ? rows[0] : undefined;
    if (single) {
      const state = single.online ? 'online' : 'offline';
      const yes = plan.liveness === 'online' ? (single.online ? 'Yes — ' : 'No — ') : plan.liveness === 'offline' ? (single.online ? 'No — ' : 'Yes — ') : '';
      lines.push(`${yes}${single.node} is ${state}: ${heard(single)}.`);
      const quiet = sensors.filter((s) => s.stale);
      if (quiet.length) lines.push(`Sensors that stopped reporting: ${quiet.map((s) => `${s.sensor} (last ${formatAge(ctx.now - s.last_ts)})`).join(', ')}.`);
      return { response: lines.join('\n'), data };
    }
    const offline = rows.filter((r) => !r.online);
    const quiet = sensors.filter((s) => s.stale);
    // "Are the warehouse sensors still reporting?": yes or no for the place, from its sensors' last readings.
    if (/\bstill (reporting|sending|alive|up|online|working|running|talking|there)\b|^\s*(are|is)\b.*\bsensors?\b.*\b(alive|reporting|sending|working|online)\b/i.test(ctx.question) && (plan.scope.locations.length || plan.scope.group)) {
      const where = plan.scope.group && plan.scope.nodes.length === 0 ? `the ${plan.scope.group}` : listJoin(plan.scope.locations);
      lines.push(quiet.length
        ? `${quiet.length === sensors.length ? 'No' : 'Not all'} — ${sensors.length - quiet.length} of ${sensors.length} sensors in ${where} reported within the last ${STALE_MS / 60_000} minutes; silent: ${quiet.map((x) => `${x.node}/${x.sensor}${x.location ? ` (${x.location})` : ''}, last ${formatAge(ctx.now - x.last_ts)}`).join('; ')}.`
        : `Yes — all ${sensors.length} sensors in ${where} reported within the last ${STALE_MS / 60_000} minutes.`);
      lines.push(...rows.map((r) => `- ${r.node}${r.location ? ` (${r.location})` : ''}: ${r.online ? 'online' : 'offline'}, ${heard(r)}`));
      return { response: lines.join('\n'), data };
    }
    if (plan.liveness === 'reporting' || plan.liveness === 'offline') {
      // "Has any location gone quiet?", "which place stopped reporting": the places first, each with its nodes.
      const places = placesOf(rows);
      if (ASKS_PLACES.test(ctx.question) && !ASKS_NODES.test(ctx.question) && places.length) {
        const silent = places.filter((p) => p.silent);
        const partly = places.filter((p) => !p.silent && p.nodes.some((r) => !r.online));
        const nodesOf = (p: PlaceRows) => p.nodes.filter((r) => !r.online).map((r) => `${r.node}, ${heard(r)}`).join('; ');
        lines.push(silent.length ? `${silent.length} of ${places.length} locations stopped reporting: ${silent.map((p) => `${p.location} (${nodesOf(p)})`).join(', ')}.` : `No location has stopped reporting: ${places.length === 1 ? `${places[0]!.location} has` : `every one of the ${places.length} has`} a node heard from within ${Math.round(ctx.healthLimits.offlineAfterMs / 60_000)} minutes.`);
        if (partly.length) lines.push(`Partly silent: ${partly.map((p) => `${p.location} (${nodesOf(p)})`).join(', ')}.`);
        lines.push(quiet.length ? `Sensors silent for over ${STALE_MS / 60_000} minutes: ${quiet.map((x) => `${x.node}/${x.sensor}${x.location ? ` in ${x.location}` : ''} (last ${formatAge(ctx.now - x.last_ts)})`).join(', ')}.` : `Every sensor (${sensors.length}) reported within the last ${STALE_MS / 60_000} minutes.`);
        return { response: lines.join('\n'), data: { ...data, locations: places.map((p) => ({ location: p.location, silent: p.silent, nodes: p.nodes.map((r) => r.node) })) } };
      }
      lines.push(offline.length ? `${offline.length} of ${rows.length} nodes stopped reporting: ${offline.map((r) => `${r.node}${r.location ? ` in ${r.location}` : ''} (${heard(r)})`).join(', ')}.` : `No node has stopped reporting: all ${rows.length} were heard from within ${Math.round(ctx.healthLimits.offlineAfterMs / 60_000)} minutes.`);
      lines.push(quiet.length ? `Sensors silent for over ${STALE_MS / 60_000} minutes: ${quiet.map((s) => `${s.node}/${s.sensor} (last ${formatAge(ctx.now - s.last_ts)})`).join(', ')}.` : `Every sensor (${sensors.length}) reported within the last ${STALE_MS / 60_000} minutes.`);
    } else {
      const online = rows.filter((r) => r.online).map((r) => r.node);
      lines.push(`${online.length} of ${rows.length} nodes online${online.length ? ` (${listJoin(online)})` : ''}${offline.length ? `; offline: ${offline.map((r) => `${r.node} (${heard(r)})`).join(', ')}` : ''}.`);
      lines.push(...rows.map((r) => `- ${r.node}${r.location ? ` (${r.location})` : ''}: ${r.online ? 'online' : 'offline'}, ${heard(r)}`));
    }
    return { response: lines.join('\n'), data };
  },
};
