/**
 * World B (kinds differ by place): the places or nodes holding a kind, asked in the forms people use
 * — "name every location that measures X", "list the places with a X sensor", "give me every place
 * that records X", "where do we have X sensors", "name every node that measures X" — name exactly
 * those that hold it, and none of the others.
 */
import { name } from '../check.js';
import type { EvalItem } from '../item.js';
import type { WorldB } from '../world-b.js';

const PLACE_ASKS = ['name every location that measures {k}', 'list the places with a {k} sensor', 'which places have got a {k} probe', 'give me every place that records {k}',
  'where do we have {k} sensors?', 'tell me the locations measuring {k}', 'name all the rooms with {k} sensors'];
const NODE_ASKS = ['name every node that measures {k}', 'list all the nodes with a {k} sensor'];

export function inventoryKindItemsB(w: WorldB): EvalItem[] {
  const places = [...new Set(w.series.map((s) => s.spec.location))];
  const nodes = [...new Set(w.series.map((s) => s.spec.node))];
  const out: EvalItem[] = [];
  ([['illuminance', 'light'], ['pressure', 'pressure'], ['humidity', 'humidity'], ['illuminance', 'lux']] as const).forEach(([kind, word], i) => {
    const holding = places.filter((p) => w.series.some((s) => s.spec.location === p && s.spec.kind === kind));
    const lacking = places.filter((p) => !holding.includes(p));
    for (const k of [0, 1]) {
      const q = PLACE_ASKS[(i * 2 + k) % PLACE_ASKS.length]!.replace('{k}', word);
      out.push({ category: 'inventory-by-kind', question: q, facts: holding.map((p) => name(p)), absent: lacking.map((p) => name(p)) });
    }
    const withKind = nodes.filter((n) => w.series.some((s) => s.spec.node === n && s.spec.kind === kind));
    const without = nodes.filter((n) => !withKind.includes(n));
    out.push({ category: 'inventory-by-kind', question: NODE_ASKS[i % NODE_ASKS.length]!.replace('{k}', word), facts: withKind.map((n) => name(n)), absent: without.map((n) => name(n)) });
  });
  return out;
}
