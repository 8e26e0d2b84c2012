import { DAY } from '../../../core/time.js';
import type { CatalogIndex } from './catalog-index.js';
import { readAlert, readComparison } from './alert-text.js';
import { readMeasures, readUnits } from './measures.js';
import type { Measure, OperationName, Plan, Scope, TimeSpec } from './plan.js';
import { MEASURED_WHERE, NOTIFY_ME, REPORTED_WITHIN, scoreReadings } from './readings.js';
import { findMentions, scopeOf, type Mention } from './resolve.js';
import { nearNames } from './near-names.js';
import { nodesByRoom } from './node-room.js';
import { describedNode, followUpPlace, leadingName } from './described-node.js';
import { FOLLOW_UP } from '../conversation.js';
import { expandShorthand } from './shorthand.js';
import { NUMBER_WORDS, ORDINAL_WORDS, atomize, normalise, tokenize } from './text.js';
import { parseTime } from './time.js';
import { allPlacesSpans } from './all-places.js';
import { siblingMisses } from './designators.js';
import { blankSpans, timeWordNames } from './time-names.js';

/** A plan and what the parser kept of the question for the operations that read more of it. */
export interface Parsed {
  plan: Plan;
  mentions: Mention[];
  /** The question with names and times blanked: where an alert's numbers are read. */
  masked: string;
  text: string;
}

const KIND_BY_UNIT: Record<string, string> = { '°C': 'temperature', '°F': 'temperature', K: 'temperature', '%': 'humidity', hPa: 'pressure', kPa: 'pressure', inHg: 'pressure', mmHg: 'pressure' };
/** Words for a node, when a place names it ("the boilerhouse node"). */
const NODE_WORDS = /^(node|nodes|pi|pis|raspberry|rpi|raspi|device|devices|host|hosts|gateway|gateways|box|machine|controller)$/;
const LOW = /\b(dip|dips|dipped|trough|low point|bottomed out|dark|darker|darkest|dim|dimmer|dimmest|cold|colder|coldest|cool|cooler|coolest|low|lower|lowest|min|minimum|dri\w*|dry|dryest|least|bottom|fewest|emptiest|smallest|freezing|chilliest)\b/;
const RISING = /\b(rising|rise|rises|risen|rose|increase|increases|increasing|increased|climb|climbs|going up|gone up|went up|go up|climbing|climbed|jumped|warming|warmed|heated|(got|get|gotten) (any )?(warmer|hotter|more humid|higher|damper)|heating up|getting (any |a bit |much |even )?(warmer|hotter|more humid|higher|wetter|damper|stuffier|muggier|brighter)|stuffier|muggier|brightening|creeping up|up)\b/;
const FALLING = /\b(falling|fall|falls|fallen|fell|drop|drops|decrease|decreases|decline|declines|dip|dips|decreasing|decreased|going down|gone down|went down|go down|dropping|dropped|dipped|declining|declined|cooling|cooled|chilled|drying|dried|(got|get|gotten) (any )?(colder|cooler|drier|lower)|getting (any |a bit |much |even )?(colder|cooler|drier|lower|darker)|darkening|down)\b/;
const SUBJECTS: [RegExp, NonNullable<Plan['subject']>][] = [
  [/\b(kinds?|types?|sorts?) of\b/, 'kinds'],
  [/\banomal\w*|\bspikes?\b|\bincidents?\b/, 'anomalies'], [/\b(alerts?|rules?|alarms?)\b/, 'alerts'], [/\breadings?\b|\bdata points?\b|\bmeasurements\b/, 'readings'],
  [/\bsensors?\b|\bprobes?\b|\bseries\b/, 'sensors'], [/\b(nodes?|pis?|hosts?|devices?|gateways?|raspberr\w*)\b/, 'nodes'],
  [/\b(locations?|sites?|rooms?|places?|warehouses?|areas?|zones?|buildings?)\b/, 'locations'], [/\b(kinds?|types?|metrics?|quantities)\b|\bwhat do (you|we) (measure|monitor|track)\b/, 'kinds'],
];

/** The question's time, or the operation's default: the present, or the last 24 hours. */
function timeFor(op: OperationName, t: TimeSpec | undefined, now: number, nowWords: boolean): TimeSpec {
  if (t) return t;
  const present = ['current', 'rank', 'liveness', 'health', 'list', 'count', 'why', 'compare', 'help', 'alert_create', 'alert_list', 'alert_update', 'alert_delete'];
  if (present.includes(op)) return { type: 'now', explicit: nowWords };
  return { type: 'window', from: now - DAY, to: now, label: 'the last 24 hours', explicit: false };
}

function perOf(q: string): Scope['per'] {
  if (/\b(?!(?:test|west|east|guest|latest)\b)(\w+est|most \w+|least \w+|busiest|fullest)\s+(nodes?|pis?|hosts?|devices?|raspberr\w*|box(?:es)?|machines?|gateways?)\b/.test(q)) return 'node';
  if (/\b(which|each|every|per|by|all|across|what|rank|sort)\s+(of\s+)?(the\s+|my\s+|our\s+)?(nodes?|pis?|hosts?|devices?|raspberr\w*|box(?:es)?|machines?|gateways?)\b/.test(q)) return 'node';
  if (/\b(which|each|every|per|by|all|across|what|rank|sort)\s+(of\s+)?(the\s+|my\s+|our\s+)?(locations?|sites?|rooms?|warehouses?|places?|areas?|zones?)\b|\bwhere\b/.test(q)) return 'location';
  if (/\b(which|each|every|per|by|all)\s+(of\s+)?(the\s+)?sensors?\b/.test(q)) return 'sensor';
  return undefined;
}

/**
 * Parses a question into a plan against what the store holds: names resolved (unknown ones kept),
 * measure, time, units, and the operation chosen by scoring every reading of the sentence.
 * @example
 * parseQuestion('is humidity falling in warehouse-b?', index, now).plan
 * // { operation: 'trend', measures: [{ type: 'kind', kind: 'humidity' }], scope: { locations: ['warehouse-b'], … }, direction: 'falling', … }
 */
export function parseQuestion(question: string, index: CatalogIndex, now: number): Parsed {
  const text = expandShorthand(normalise(question));
  const lower = text.toLowerCase();
  const tokens = tokenize(text);
  const atoms = atomize(tokens);
  // A rule's id is random hex ("4db1e2f3"): read as a number and a unit it would be 4 dB of noise,
  // so the id after "alert"/"rule" is kept out of times, names, measures and units.
  const idAt = /\b(?:alert|rule)\s*#?\s*([0-9a-f]{8})\b/i.exec(text);
  const idSpan: [number, number] | undefined = idAt ? [idAt.index + idAt[0].length - 8, idAt.index + idAt[0].length] : undefined;
  const withoutId = (t: string) => (idSpan ? t.slice(0, idSpan[0]) + ' '.repeat(8) + t.slice(idSpan[1]) : t);
  // "the night store", "Dayroom 2": a word of the clock that begins a name is never read as a time.
  const time = parseTime(blankSpans(withoutId(text), timeWordNames(atoms, tokens, index)), now);
  // "recorded anywhere", "across the board": every place, never a name or a node's board.
  const everywhere = allPlacesSpans(text);
  const inSpan = (start: number, end: number) => [...time.spans, ...everywhere].some(([s, e]) => start >= s && end <= e) || (!!idSpan && start >= idSpan[0] && end <= idSpan[1]);
  const masked = new Set(atoms.map((a, i) => (inSpan(a.start, a.end) ? i : -1)).filter((i) => i >= 0));
  // "the third floor lab" beside a Second Floor Lab: a sibling the store lacks, never the real one's numbers.
  const mentions = siblingMisses(nearNames(findMentions(atoms, tokens, index, masked), atoms, index, lower), atoms);
  const taken = new Set([...masked, ...mentions.flatMap((m) => m.atoms)]);
  const { measures, atoms: measureAtoms } = readMeasures(atoms, index.catalog, taken, tokens);
  // "cold room, °F", "the office in kPa": a unit alone names its kind.
  if (!measures.length) {
    const byUnit = /°\s?[cfk]\b|\b(fahrenheit|celsius|centigrade|kelvin|degrees)\b/i.test(text) ? 'temperature' : /\b(hpa|kpa|inhg|mmhg|mbar|mb|millibars?)\b/i.test(text) ? 'pressure' : undefined;
    if (byUnit && index.catalog.kinds.includes(byUnit)) measures.push({ type: 'kind', kind: byUnit });
  }
  const scope = scopeOf(mentions);
  // "the spare raspberry", "the backup node": a node described, not named — one the store cannot pick out.
  const described = !scope.nodes.length && !scope.locations.length && scope.unknown.every((u) => u.like !== 'node') ? describedNode(atoms, taken, scope.unknown.map((u) => u.text)) : undefined;
  // An unknown phrase that runs into it ("spare machine overloaded") is the node it describes.
  if (described) scope.unknown = [{ text: described, like: 'node' }, ...scope.unknown.filter((u) => !described.split(' ').some((w) => u.text.split(' ').includes(w)))];
  // "atrium temp over 25c?", "boathouse humidity": a name the vocabulary lacks heading a terse question, right before its measure.
  const headed = !scope.nodes.length && !scope.locations.length && !scope.unknown.length && measures.length ? leadingName(atoms, taken, measureAtoms, index.words) : undefined;
  if (headed) scope.unknown.push({ text: headed, like: 'place' });
  // "same for the atrium", "and the boathouse?": a follow-up's bare noun phrase where a place stands.
  const followPlace = !scope.nodes.length && !scope.locations.length && !scope.unknown.length && !measures.length && !time.spec && !time.now ? followUpPlace(atoms, taken, text) : undefined;
  if (followPlace) scope.unknown.push({ text: followPlace, like: 'place' });
  const per = perOf(lower);
  if (per) scope.per = per;
  // "the pi in the loading bay", "the cellar node": a node named by its place.
  if (scope.locations.length && !scope.nodes.length && scope.per !== 'node' && nodeOfPlace(atoms, mentions, taken)) {
    const there = index.catalog.nodes.filter((n) => scope.locations.includes(index.nodeLocation.get(n) ?? ''));
    if (there.length) { scope.nodes = there; scope.locations = []; delete scope.group; }
  }
  // "the temperature where pi-node-3 is", "room temp at pi 3": the room around the node, its location's sensors (never its chip).
  const byRoom = scope.locations.length ? [] : nodesByRoom(text, mentions);
  if (byRoom.length && byRoom.length === scope.nodes.length) {
    const rooms = [...new Set(byRoom.map((n) => index.nodeLocation.get(n)).filter((l): l is string => !!l))];
    if (rooms.length) { scope.locations = rooms; scope.nodes = []; }
  }
  let blanked = text;
  for (const [s, e] of [...mentions.map((m) => [m.start, m.end] as [number, number]), ...time.spans, ...everywhere]) blanked = blanked.slice(0, s) + ' '.repeat(e - s) + blanked.slice(e);
  const ruleId = idAt?.[1] ?? /\b([0-9a-f]{8})\b/i.exec(text)?.[1];
  // Cues and details are read with names and times blanked: "cold room" is a place, not "cold".
  const cueText = blanked.toLowerCase();
  const readings = scoreReadings({ text: cueText, measures, scope, ...(time.spec ? { time: time.spec } : {}), ...(ruleId ? { ruleId } : {}), ...(everywhere.length ? { everywhere: true } : {}) });
  let best = readings[0]!;
  // Unknown words after a preposition in a question about nothing we hold ("the meaning of life")
  // are not places: that question gets help, not "no data for life".
  // A threshold asked about ("is Zorzor above 1%?") is about that name, whatever the cues scored.
  const check = thresholdQuestion(cueText, lower);
  // So is "how's Zorzor looking?": a name asked after, which the store lacks.
  const lookingAt = /\bhow('?s| is| are| does)\b.*\b(looking|look|doing|going|holding up|faring)\b/.test(cueText);
  // A follow-up naming a place ("and in the paint shop?") is about that place, known or not.
  if (best.operation === 'help' && !measures.length && !check && !lookingAt && !FOLLOW_UP.test(text) && !described && !followPlace && !headed && mentions.every((m) => !m.unknown || m.confidence <= 0.6)) {
    scope.unknown = [];
  }
  best = readings[0]!;
  const op = best.operation;
  const plan: Plan = {
    operation: op,
    measures,
    scope,
    time: timeFor(op, time.spec ?? (time.now ? { type: 'now', explicit: true } : undefined), now, time.now),
    units: readUnits(withoutId(blanked)),
    score: best.score,
    alternatives: readings.slice(1, 4),
  };
  details(plan, cueText, measures, lower);
  // "Which pi runs hottest?": a node running hot is its chip, not the room around it.
  const nodesOnly = scope.per === 'node' || (scope.nodes.length > 0 && scope.locations.length === 0) || (!scope.locations.length && /\b(any|all|which|what|the|my|our) (of the )?(pis?|nodes?|devices?|hosts?|raspberr\w*)\b/.test(lower));
  // "coolest pi", "which node is hottest": a ranking of nodes by temperature ranks their chips, unless the room is named ("air", "room", "sensor").
  const nodeRank = op === 'rank' && scope.per === 'node' && !scope.locations.length && !/\b(room|air|ambient|sensors?|dht\w*|location|where)\b/.test(lower);
  if ((nodesOnly && /\brun(s|ning)?\b.*\b(hot|warm|cool|cold)\w*|\b(hot|warm)\w*\b.*\brunning\b/.test(lower)) || nodeRank) {
    plan.measures = measures.map((m) => ((m.type === 'kind' && m.kind === 'temperature') || (m.type === 'unknown_kind' && m.name === 'temperature') ? { type: 'vital', vital: 'soc_temp' } : m));
  }
  // "Is the office overheating?": a place, not a node, overheats in its room temperature.
  if ((op === 'current' || op === 'health') && /\boverheat\w*/.test(lower) && scope.locations.length && !scope.nodes.length && !/\b(cpu|soc|chip|processor|pis?|nodes?|devices?|hosts?|raspberr\w*|throttl\w*)\b/.test(cueText) && index.catalog.kinds.includes('temperature')) {
    plan.measures = [...plan.measures.filter((m) => m.type !== 'vital' || m.vital !== 'soc_temp'), ...(plan.measures.some((m) => m.type === 'kind' && m.kind === 'temperature') ? [] : [{ type: 'kind', kind: 'temperature' } as const])];
    plan.judge = 'overheating';
    plan.operation = 'current';
  }
  // "is anything running hot?", "any node overheating?": the nodes' chips, judged against their limit.
  if (op === 'health' && !scope.locations.length && /\b(running|run|runs) (hot|warm)\b|\boverheat\w*/.test(lower) && !plan.measures.some((m) => m.type === 'vital')) plan.measures = [{ type: 'vital', vital: 'soc_temp' }];
  if (check) {
    plan.check = check;
    // "above 70F?", "over 86°f": the answer speaks the unit the limit was written in.
    const u = check.stated.unit;
    if (u === '°F' || u === 'K') plan.units.temperature = u;
    else if (u === 'kPa' || u === 'inHg' || u === 'mmHg' || u === 'mbar') plan.units.pressure = u;
    if (!plan.measures.length && check.stated.unit && KIND_BY_UNIT[check.stated.unit] && index.catalog.kinds.includes(KIND_BY_UNIT[check.stated.unit]!)) plan.measures = [{ type: 'kind', kind: KIND_BY_UNIT[check.stated.unit]! }];
    if (op.startsWith('alert_')) plan.operation = 'current';
  } else if (op.startsWith('alert_')) {
    let kind = measures.find((m): m is Extract<Measure, { type: 'kind' }> => m.type === 'kind')?.kind;
    // A node vital ("pi-node-5 cpu over 85%") is watched as that vital: its "%" never names humidity.
    const vital = plan.measures.find((m): m is Extract<Measure, { type: 'vital' }> => m.type === 'vital')?.vital;
    // "above 80°F" names the kind by its unit when the question names none.
    const byUnit = kind || vital ? undefined : readAlert(blanked, text, undefined, time.durations).stated?.unit;
    if (!kind && byUnit) kind = KIND_BY_UNIT[byUnit] && index.catalog.kinds.includes(KIND_BY_UNIT[byUnit]!) ? KIND_BY_UNIT[byUnit] : undefined;
    if (kind && !plan.measures.some((m) => m.type === 'kind')) plan.measures = [...plan.measures, { type: 'kind', kind }];
    const unit = kind ? index.catalog.series.find((s) => s.kind === kind)?.unit : vital === 'soc_temp' ? '°C' : vital ? '%' : undefined;
    plan.alert = readAlert(blanked, text, unit, time.durations);
  } else if (!time.spec && time.durations[0] && (!['current', 'rank', 'liveness', 'health'].includes(op) || (op === 'liveness' && REPORTED_WITHIN.test(cueText)))) {
    const d = time.durations[0].seconds * 1000;
    plan.time = { type: 'window', from: now - d, to: now, label: `the last ${Math.round(d / 60_000)} minutes`, explicit: true };
    if (op === 'liveness') plan.liveness = 'within';
  }
  return { plan, mentions, masked: blanked, text };
}

/** "high CPU", "heavy load", "memory maxed out": a vital over its limit. */
export const HIGH_VITAL = /\b(high|heavy|excessive|maxed|pegged|too much|a lot of) (cpu|load|memory|ram|disk|processor|cpu load|cpu usage|memory usage|disk usage)\b|\b(cpu|load|memory|ram|disk)( usage| use)? (is |are )?(maxed( out)?|pegged|too high|very high|through the roof)\b/;
/** Questions that ask yes or no (or which ones) rather than ask for a rule. */
const YES_NO = /^[\s,]*(?:hey |so |and |ok |okay |bruno,? |quick question,? )?(?:is|are|was|were|did|does|do|has|have|had|any|is there|are there|tell me (?:if|whether)|check (?:if|whether)|(?:can|could) you (?:tell me|check|see) (?:if|whether)|i wonder (?:if|whether)|which|(?:what|which) (?:nodes?|pis?|locations?|rooms?|places?|sites?|sensors?|devices?))\b/;
/** "for 5 minutes", "for 10 min", "for an hour", "for over 15 mins": a condition that must last. */
const LASTING = /\bfor (?:over |more than |at least |longer than )?(?:\d+|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|sixty)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/;
const WISH = /\b(?:want|like|need|wish) to (?:be )?(?:told|notified|alerted|warned|pinged|paged|messaged|texted|emailed|informed)\b|\b(alert|alarm|notify|notification|warn|page|ping|text|email|heads.?up|let (me|us) know|remind|rule|keep (me|us) posted|whenever|as soon as|the moment)\b/;
/**
 * A terse threshold question with no leading verb ("warehouse-b humidity over 60%?", "pi-node-2 cpu
 * > 80 %", "greenhouse above 80F?"): names, a measure and a comparison, with nothing before them that
 * asks for something else (a list, a count, an export, an alert, a time).
 */
const TERSE_CHECK = /^(?![\s,]*(?:i|we|you|i'?d|we'?d|please|can|could|would|will|what|when|where|how|who|why|show|list|give|get|export|download|plot|graph|count|find|tell|set|create|add|make|change|update|edit|delete|remove|rank|sort|compare|send|alert|notify|ping|warn)\b)[^?]*(?:\b(?:above|over|under|below|exceed\w*|beyond|at least|at most|more than|less than|higher than|lower than|greater than|warmer than|colder than|hotter than|cooler than)\b|[<>])[^?]*\d/;
/** "is … above 20°C?", "did … ever go below 30%?": a threshold asked about, not an alert wished for. */
function thresholdQuestion(cueText: string, whole: string): Plan['check'] {
  if (WISH.test(cueText) || NOTIFY_ME.test(cueText) || (!YES_NO.test(cueText) && !TERSE_CHECK.test(cueText))) return undefined;
  // "tell me if it climbs above 28 for 5 minutes": a condition that must last is watched for, not asked about now.
  if (/^[\s,]*(?:please |can you |could you )?(?:tell|inform|show) (?:me|us) (?:if|when|whenever|once)\b/.test(cueText) && LASTING.test(whole)) return undefined;
  const c = readComparison(cueText, undefined);
  if (!c) return undefined;
  return { op: c.op, stated: c.stated, ever: /\b(ever|at any (point|time)|at all|once)\b/.test(cueText) || /^\s*(?:\w+,? )?(did|was|were|had|has|have)\b/.test(cueText) };
}

/** A node word that heads a place: "the cellar pi", "the boilerhouse node", "the pi in the loading bay" (not "Pi cluster warehouse sensors"). */
function nodeOfPlace(atoms: ReturnType<typeof atomize>, mentions: Mention[], taken: Set<number>): boolean {
  const place = (k: number) => mentions.some((m) => !m.unknown && m.refs.some((r) => r.type === 'location') && m.atoms.includes(k));
  return atoms.some((a, i) => {
    if (taken.has(i) || !NODE_WORDS.test(a.text)) return false;
    if (i > 0 && place(i - 1)) return true;
    const prep = atoms[i + 1];
    if (!prep || !/^(in|at|of|from|inside|for)$/.test(prep.text)) return false;
    return place(i + 2) || (/^(the|my|our)$/.test(atoms[i + 2]?.text ?? '') && place(i + 3));
  });
}

function details(plan: Plan, q: string, measures: Measure[], whole = q): void {
  switch (plan.operation) {
    case 'statistics':
      plan.stat = /\b(average|avg|mean|typical)\b/.test(q) ? 'mean' : /\b(min|minimum|lowest)\b/.test(q) && !/\bmax|maximum|highest\b/.test(q) ? 'min' : /\b(max|maximum|highest|peak)\b/.test(q) && !/\bmin|minimum|lowest\b/.test(q) ? 'max' : 'all';
      break;
    case 'extreme':
    case 'rank':
      plan.extreme = LOW.test(q) && !/\bmost humid|most\b/.test(q.replace(/\bmost (cold|cool|dry)\b/, 'low')) ? 'min' : 'max';
      if (/\b(least|lowest|min)\b/.test(q)) plan.extreme = 'min';
      // "from warmest to coldest": the first end named leads.
      { const order = /\b(\w+est|most \w+|least \w+) to (?:the )?(\w+est|most \w+|least \w+)\b/.exec(q);
        if (order) plan.extreme = LOW.test(order[1]!) || /^least/.test(order[1]!) ? 'min' : 'max'; }
      { // "top 3", "bottom 3", "which two places", "the 3 coldest rooms": how many, and "bottom" is the low end.
        const n = /\b(?:top|bottom|first|last|which|what|the)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*(?:hours?|days?|minutes?|weeks?|h|d|m)\b)/.exec(q)?.[1];
        plan.limit = n ? Number(n) || NUMBER_WORDS[n] : undefined;
        if (/\bbottom\b/.test(q)) plan.extreme = 'min';
      }
      if (!plan.limit) delete plan.limit;
      { // "the second warmest room", "3rd most humid": one place, by its position in the ranking.
        const nth = /\b(second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th)[- ](?:\w+est|most|least|highest|lowest|busiest|fullest)\b/.exec(q)?.[1];
        if (nth) plan.nth = ORDINAL_WORDS[nth] ?? Number(nth.slice(0, -2));
      }
      // "most free disk", "least memory available", "which pi has the most space left": what is left, ranked.
      if (/\b(free|available|left|remaining|spare|unused)\b/.test(q) && plan.measures.some((m) => m.type === 'vital' && (m.vital === 'disk' || m.vital === 'memory'))) {
        plan.free = true;
        plan.extreme = /\b(least|lowest|min|bottom|fewest|smallest|less)\b/.test(q) || /\brunning (out|low)\b/.test(q) ? 'min' : 'max';
      }
      break;
    case 'trend': {
      // "up or down?", "rising or falling?": no direction to say yes or no to.
      const up = RISING.test(q), down = FALLING.test(q);
      if (up && !down) plan.direction = 'rising';
      else if (down && !up) plan.direction = 'falling';
      break;
    }
    case 'count':
    case 'list': {
      // The noun the question counts or lists comes first: "how many locations have temperature sensors".
      const asked = /\b(?:how many|number of|which|what|list|name|enumerate|show(?: me)?|give me|tell me|find)\s+(?:(?:all|every|each|the|of|our|my)\s+)*(\w+)/.exec(whole)?.[1] ?? '';
      const lead = SUBJECTS.find(([re]) => re.test(asked) && re.source.includes('locations'))?.[1] ?? SUBJECTS.find(([re]) => re.test(asked) && re.source.includes('nodes'))?.[1];
      // "where is pi-node-3", "which room is pi 2 in", "where is humidity measured": places.
      const placeOf = (plan.scope.nodes.length && /\bwhere\b|\b(which|what) (location|room|place|site|area|building|zone|warehouse)\b|\blocated\b/.test(q)) || /\bwhere (is|are|do|does)\b.*\b(measured|tracked|monitored|sensed|recorded|measure|track|monitor)\b|\bwhere (do|does|have)\b.*\b(have|has|got|installed|placed|fitted|deployed|put)\b.*\b(sensors?|probes?|meters?)\b/.test(q);
      const s = placeOf ? 'locations' : (lead === 'locations' || lead === 'nodes') && (MEASURED_WHERE.test(q) || plan.operation === 'count') ? lead : SUBJECTS.find(([re]) => re.test(q))?.[1];
      plan.subject = s ?? (measures.length ? 'sensors' : plan.operation === 'list' ? 'sensors' : 'readings');
      break;
    }
    case 'liveness':
      if (REPORTED_WITHIN.test(q) && plan.time.type === 'window' && plan.time.explicit) { plan.liveness = 'within'; break; }
      plan.liveness = /\blast (seen|heard|reported|reading|contact|check.?in|update|message|sent|report)\b|\bhear(d)? from\b|\bwhen (did|was|were|is)\b|\blast time\b/.test(q) ? 'last_seen'
        : /\b(stopped|not|no longer|quit|stale|silent|missing|dead|dark|quiet|dropped off|fallen off|haven'?t)\b/.test(q) ? 'reporting'
          : /\b(offline|down|dead|unreachable|disconnected)\b/.test(q) ? 'offline' : 'online';
      break;
    case 'health':
      plan.onlyProblems = /\b(unhealthy|sick|overloaded|trouble|struggling|degraded|problems?|issues?|wrong|failing|critical|warning|attention)\b/.test(q)
        || HIGH_VITAL.test(q) || /\b(running|run|getting|go(ing)?) (out|low|hot)\b|\boverheat\w*|\blow on\b|\b(short|tight) on\b|\bstarved (of|for)\b|\brunning short\b|\b(nearly|almost) (full|out)\b|\bfilling up\b|\bout of (disk|space|memory|storage|ram)\b/.test(q);
      break;
    case 'export':
      plan.format = /\bparquet\b/.test(q) ? 'parquet' : /\b(nd)?json\b/.test(q) ? 'ndjson' : 'csv';
      break;
    default:
  }
}
