/**
 * Fleet health and inventory, generated for any world from its nodes, series and health: a
 * summary in general words ("how's everything", "system status") must name every node with its
 * liveness and every unhealthy one with its problem; "which locations measure <kind>" must name
 * exactly the places with such a sensor; "where is <node>" its location; counts of places by kind.
 */
import { count, name, namePattern } from '../check.js';
import type { EvalItem } from '../item.js';
import type { Series } from '../truth.js';
import type { NodeHealth } from '../world.js';
import { about } from './helpers.js';
import { OFFLINE } from './nodes.js';

export interface FleetWorld {
  now: number;
  series: Series[];
  nodes: { node: string; location: string; lastSeen: number }[];
  health: Record<string, NodeHealth>;
}

const LIVE = /\b(online|up|reporting|healthy|ok)\b/i;

export function fleetInventoryItems(w: FleetWorld, limits = { cpu: 80, mem: 90, disk: 90 }): EvalItem[] {
  const out: EvalItem[] = [];
  const offline = w.nodes.filter((n) => w.now - n.lastSeen > 10 * 60_000).map((n) => n.node);
  const problems = w.nodes.filter((n) => !offline.includes(n.node)).flatMap(({ node }) => {
    const h = w.health[node]!;
    return [h.cpu > limits.cpu && about(node, /cpu|load/i, true, 140), h.mem > limits.mem && about(node, /memory|ram/i, true, 140), h.disk > limits.disk && about(node, /disk|storage/i, true, 140)].filter((x) => !!x);
  });
  const down = offline.map((n) => about(n, OFFLINE, true, 140));
  const up = w.nodes.filter((n) => !offline.includes(n.node)).map((n) => about(n.node, LIVE, false, 140));
  const summary = ['how is the fleet', "how's everything?", 'how are things looking', 'system status', 'is everything ok', 'give me a status report on the nodes', 'how are all the pis doing?', 'everything alright?', 'how r the nodes', 'can u give me a status report'];
  summary.forEach((q) => out.push({ category: 'fleet-summary', question: q, facts: [...problems, ...down, ...up] }));
  const trouble = ['any node in trouble?', 'which nodes are unhealthy', 'any problems?', 'anything wrong with the nodes?', 'which pis need attention', 'are any nodes struggling', 'r any pis in trouble?'];
  trouble.forEach((q) => out.push({ category: 'fleet-trouble', question: q, facts: [...problems, ...down] }));

  const kinds = [...new Set(w.series.map((s) => s.spec.kind))];
  const locations = [...new Set(w.series.map((s) => s.spec.location))];
  kinds.forEach((kind, i) => {
    const have = [...new Set(w.series.filter((s) => s.spec.kind === kind).map((s) => s.spec.location))];
    const lack = locations.filter((l) => !have.includes(l));
    const q = [`which locations measure ${kind}`, `where is ${kind} measured?`, `which rooms have a ${kind} sensor`, `what places track ${kind}`][i % 4]!;
    out.push({ category: 'inventory-where', question: q, facts: have.map((l) => name(l)), absent: lack.map((l) => name(l)) });
    out.push({ category: 'inventory-where', question: `how many locations have ${kind} sensors?`, facts: [count([have.length], 'locations?|places?|rooms?|sites?')] });
  });
  w.nodes.forEach(({ node, location }, i) => {
    const q = [`where is ${node} located`, `which room is ${node} in?`, `where's ${node}`, `what location is ${node} at`][i % 4]!;
    out.push({ category: 'inventory-where', question: q, facts: [about(node, namePattern(location), true, 40)], absent: locations.filter((l) => l !== location).map((l) => name(l)) });
  });
  return out;
}
