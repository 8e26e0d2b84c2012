/**
 * "Which node uses the most memory?" ranks the nodes by that vital — the machine is the subject,
 * not a process — and "the last time we got data from <place>" is when it was last heard from, not
 * incident history; a "when" question gets no Yes/No.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { NodeHealth } from '../world.js';

type Vital = 'cpu' | 'mem' | 'disk';
const PROCESS_LIST = text(/\btop process/i);
const HISTORY = text(/\bincidents?\b|knowledge graph/i);
const GONE = text(/\b(offline|last heard)\b/i);

export function nodeVitalRankItems(w: { health: Record<string, NodeHealth>; nodes: { node: string; location: string; lastSeen: number }[]; now: number }): EvalItem[] {
  const out: EvalItem[] = [];
  const asks: [Vital, string][] = [
    ['mem', 'which node uses the most memory?'], ['cpu', 'which pi uses the most cpu'], ['disk', 'what box is using the most disk'],
    ['mem', 'which machine is using the most ram?'], ['cpu', 'what node uses the most processor'],
  ];
  for (const [field, question] of asks) {
    const [node, h] = Object.entries(w.health).sort((a, b) => b[1][field] - a[1][field])[0]!;
    out.push({ category: 'node-vital-rank', question, facts: [text(new RegExp(`^[^.\\n]*\\b${node}\\b`)), num(h[field], '%', 0.5)], absent: [PROCESS_LIST] });
  }
  const gone = w.nodes.find((n) => w.now - n.lastSeen > 30 * 60_000)!;
  for (const question of [`last time we got data from the ${gone.location}`, `when was the last time ${gone.node} reported?`, `the last time we heard anything from ${gone.node}`]) {
    out.push({ category: 'last-time-heard', question, facts: [name(gone.node), GONE], absent: [HISTORY, text(/^(Yes|No) —/)] });
  }
  return out;
}
