/**
 * Words that mean every place at once — "anywhere", "everywhere", "anyplace", "at any site",
 * "across the board", "across all rooms", "overall" — are a scope (all places), never a name:
 * "the highest temperature recorded anywhere today" is not about a place called "recorded
 * anywhere", and "across the board" is not a node's board temperature. Their spans are kept out
 * out of name, measure and cue reading, as times are ("which of all the rooms" still asks for a room).
 */

const PLACE = String.raw`(?:locations?|sites?|places?|rooms?|areas?|zones?|spots?|buildings?|sensors?|nodes?)`;
const PHRASES = [
  String.raw`\b(?:any|every|some)\s?(?:where|place)\b(?:\s+at\s+all\b)?`,
  String.raw`\bacross\s+the\s+board\b`,
  String.raw`\b(?:across|in|at|from|over|for)\s+(?:all|every|each|any)\s+(?:of\s+)?(?:the\s+|my\s+|our\s+)?${PLACE}\b`,
  String.raw`\b(?:at|in|from)\s+any\s+(?:one\s+)?${PLACE}\b`,
  String.raw`\ball\s+over\s+the\s+place\b`,
  // "overall" as a scope, not the "overall status" of the fleet.
  String.raw`\boverall\b(?!\s+(?:status|health|state|overview|condition|summary|picture))`,
];
const ALL_PLACES = new RegExp(PHRASES.join('|'), 'gi');

/** The spans of `text` (character offsets) that say "every place". */
export function allPlacesSpans(text: string): [number, number][] {
  return [...text.matchAll(ALL_PLACES)].map((m) => [m.index, m.index + m[0].length] as [number, number]);
}
