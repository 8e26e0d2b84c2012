/**
 * A place gone quiet, asked about as a place ("has any location gone quiet?", "which room stopped
 * reporting"): the answer names the location, its silent node and when it was last heard from —
 * not the node alone. Any world with a node that stopped (A: the office, B: the Wine Cellar, D:
 * the Data Hall).
 */
import { at, name } from '../check.js';
import type { EvalItem } from '../item.js';

const ASKED = ['Has any location gone quiet?', 'which place stopped reporting', 'Which room went silent?', 'have any sites gone dark?', 'is any room not reporting anymore?', 'what location has stopped sending data?'];

export function quietPlaceItems(category: string, nodes: { node: string; location: string; lastSeen: number }[], now: number, pick: number[]): EvalItem[] {
  const silent = nodes.filter((n) => now - n.lastSeen > 30 * 60_000);
  return pick.map((k) => ({ category, question: ASKED[k % ASKED.length]!, facts: silent.flatMap((n) => [name(n.location), name(n.node), at(n.lastSeen)]) }));
}
