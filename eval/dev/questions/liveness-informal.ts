/**
 * Liveness asked informally — "any boxes down?", "are all the pis up", "anything gone quiet",
 * "which machines are dead", "anybody gone silent", "are the raspberries all up" — is answered as
 * liveness: the node that stopped is named with when it was last heard from, never the help text.
 * A machine said to be "cooking" / "baking" / "toasty" runs hot: its chip, not its room.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest } from '../truth.js';
import type { Series } from '../truth.js';

const GONE = text(/\b(offline|stopped reporting|not heard|silent|down|last heard)\b/i);
const HELP = text(/I'm not sure what you're asking/i);

export function livenessInformalItems(w: { nodes: { node: string; lastSeen: number }[]; now: number; series: Series[]; health: Record<string, { soc: number }> }, asks: string[]): EvalItem[] {
  const gone = w.nodes.filter((n) => w.now - n.lastSeen > 30 * 60_000).map((n) => n.node);
  const out: EvalItem[] = asks.map((question) => ({ category: 'liveness-informal', question, facts: [...gone.map((n) => name(n)), GONE], absent: [HELP] }));
  // The same words after "if"/"when" are a condition to watch: one no-data rule, not a liveness answer.
  const oneDeadman = ({ created }: { created: { condition: { type: string } }[] }) => (created.length === 1 && created[0]!.condition.type === 'deadman' ? undefined : `created ${created.map((r) => r.condition.type).join(', ') || 'no rule'} (want one no-data rule)`);
  for (const question of ['let me know when any node is offline', 'alert me if any box is down']) out.push({ category: 'liveness-informal', question, rules: oneDeadman });
  const hottest = Object.entries(w.health).sort((a, b) => b[1].soc - a[1].soc)[0]!;
  const room = latest(w.series, { node: hottest[0], kind: 'temperature' })[0]?.value;
  for (const question of ['which pi is cooking', 'any box baking right now?', 'is anything toasty among the nodes', 'which box is burning up', 'what node is toasty']) {
    out.push({ category: 'node-running-hot', question, facts: [name(hottest[0]), num(hottest[1].soc, 'C')], absent: [HELP, ...(room !== undefined ? [num(room, 'C', 0.05)] : [])] });
  }
  return out;
}

export const INFORMAL_A = ['any boxes down?', 'are all the pis up', 'anything gone quiet', 'which machines are dead', 'anybody gone silent?', 'are the raspberries all up', 'any of the pis down?', 'is the fleet up'];
export const INFORMAL_B = ['any nodes down?', 'are all the boxes up?', 'has anything gone quiet', 'which devices are not responding', 'everyone still up?', 'any hosts gone dark'];
