import type { Mention } from './resolve.js';

/** Before a node's name: "where (the) …", "the room (that) …", "room temperature at/around …", "the room with …". */
const BEFORE = [
  /\bwhere\s+(?:the\s+|my\s+|our\s+)?$/,
  /\b(?:room|place|location|area|spot|site|space|building)\s+(?:that\s+|which\s+|where\s+)?(?:the\s+)?$/,
  /\b(?:room|ambient|air|surrounding|surroundings)\s+(?:temp\w*|humidity|pressure|conditions?|readings?)\s+(?:at|around|near|by|of|next to|for|beside|round)\s+(?:the\s+)?$/,
  /\b(?:room|place|area|space)\s+(?:with|holding|containing|housing|hosting)\s+(?:the\s+)?$/,
  /\b(?:around|near|next to|beside|by)\s+(?:the\s+)?$/,
];
/** After it, for the first two: the node placed there ("… is", "… sits", "… is located", "… is in"). */
const AFTER = /^\s*(?:'s\b|is\b|sits\b|lives\b|stands\b|resides\b|stays\b|hangs\b|was\b|is (?:located|installed|placed|mounted|sitting|kept))/;

/**
 * Nodes the question asks about by the room around them, not their own vitals: "the temperature
 * where pi-node-3 is", "the room pi-node-5 is in", "room temp at pi-node-3", "how hot is the room
 * with pi-node-5", "humidity around node 2" — the room sensors of the node's location answer.
 * @example
 * nodesByRoom('the temperature where pi-node-3 is', mentions) // ['pi-node-3']
 */
export function nodesByRoom(text: string, mentions: Mention[]): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const m of mentions) {
    const nodes = m.refs.filter((r) => r.type === 'node').map((r) => r.name);
    if (!nodes.length || m.unknown) continue;
    const before = lower.slice(0, m.start), after = lower.slice(m.end);
    const i = BEFORE.findIndex((re) => re.test(before));
    // "where … is" and "the room … is in" need the verb after; "room temp at …", "the room with …", "around …" do not.
    if (i < 0 || (i < 2 && !AFTER.test(after))) continue;
    // "around pi-node-3" alone is a place word only with a room measure asked ("humidity around node 2"), never "cpu around …".
    if (i === 4 && /\b(cpu|soc|chip|processor|memory|ram|disk|load)\b/.test(lower)) continue;
    out.push(...nodes);
  }
  return out;
}
