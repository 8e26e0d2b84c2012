/**
 * Yes/no questions ("has it been steady?", "are all nodes online?", "is any node down?", "were
 * there any anomalies?") answered with Yes or No first, then the grounded detail. The verdict is
 * read from the data the operation returned (trend directions, nodes' online state, sensors'
 * staleness, anomaly counts, node health), never from the wording of the answer, so it cannot
 * disagree with the figures after it.
 */
import type { Answer } from './answer.js';
import type { Plan } from './language/plan.js';

/** Words a question may open with before its auxiliary ("hey, are…", "quick question: is…"). */
const LEAD = /^[\s,:;!-]*(?:(?:hey|hi|hello|so|and|ok|okay|well|um|uh|bruno|quick question|just checking|just wondering|honestly|please|team|folks|on average|overall|in general)\b[\s,:;!.-]*)*/i;
/** Auxiliary-first and "any …?" questions: the ones English answers with yes or no. */
const POLAR = /^(?:is|are|isn'?t|aren'?t|was|were|wasn'?t|weren'?t|has|have|hasn'?t|haven'?t|had|did|didn'?t|does|doesn'?t|do|don'?t|any|anything|anyone|anybody|(?:can|could) you (?:tell me|check|see) (?:if|whether)|tell me (?:if|whether)|check (?:if|whether)|i wonder (?:if|whether)|is there|are there)\b/i;
/** "rising or falling?", "online or offline?": a choice between answers, not a yes/no ("…or not?" still is one). */
const ALTERNATIVE = /\bor\b(?!\s+not\b)/i;
/** An answer that already opens with its verdict ("Yes — …", "Not all — …"). */
const ALREADY = /^\W*(yes|no|not all)\s*[—–,:-]/i;

/** The question asks yes or no. */
export function isPolar(question: string): boolean {
  const q = question.trim().replace(LEAD, '');
  return POLAR.test(q) && !ALTERNATIVE.test(q);
}

const STEADY = /\b(steady|stable|stabili[sz]ed|flat|constant|unchanged|consistent|holding (steady|still|up)|held steady|level(l)?ed off|stayed (the )?same|staying (the )?same|the same|not changing|not moving|even)\b/i;
const CHANGING = /\b(chang\w*|mov(ed|ing)|shift(ed|ing)|fluctuat\w*|var(y|ied|ying)|budg\w*|swung|swinging|drift(ed|ing)?)\b/i;

/** A state asked about that a node or sensor is in when it is not heard from. */
const SILENT = /\b(offline|down|dead|unreachable|disconnected|quiet|silent|stopped|missing|dark|stale|lost|dropped (off|out)|fallen off|fell off|not (reporting|responding|sending|talking|online|up|connected|checking in))\b|n'?t (reporting|responding|sending|talking|online|up|connected|checking in)\b/i;
const LIVE = /\b(online|up|alive|reporting|connected|reachable|responding|sending|working|running|talking|checking in|heard from)\b/i;
const EVERY = /\b(all|every|everything|everyone|everybody|each|whole|entire|both)\b/i;
const SOME = /\b(any|anything|anyone|anybody|some|something|someone|somebody|one of|a (node|pi|sensor|device|host|location|place|room|site))\b/i;
const SENSOR_WORDS = /\b(sensors?|probes?|series)\b/i;
const NODE_WORDS = /\b(nodes?|pis?|devices?|hosts?|boxes|box|machines?|gateways?|raspberr\w*)\b/i;
const PLACE_WORDS = /\b(locations?|places?|rooms?|sites?|areas?|zones?|warehouses?|buildings?|spots?)\b/i;

const HEALTHY = /\b(healthy|ok|okay|fine|good|alright|all right|happy|well|in good shape|in decent shape)\b/i;
const UNHEALTHY = /\b(unhealthy|sick|trouble|struggling|degraded|problems?|issues?|wrong|failing|critical|warning|attention|overloaded)\b/i;

/**
 * Among things each quiet or not, does the question's proposition hold? "any … down" holds when
 * one is quiet; "all … online" when none is; "is the office online" (no quantifier) as "all".
 */
function quantified(quiet: boolean[], asksSilent: boolean, q: string): boolean | undefined {
  if (!quiet.length) return undefined;
  const some = SOME.test(q) && !EVERY.test(q);
  if (asksSilent) return some ? quiet.some(Boolean) : quiet.every(Boolean);
  return some ? quiet.some((x) => !x) : quiet.every((x) => !x);
}

type Rows = { online?: boolean; location?: string | null; stale?: boolean }[];

function livenessVerdict(q: string, plan: Plan, data: Record<string, unknown>): boolean | undefined {
  const silent = SILENT.exec(q), live = LIVE.exec(q);
  const asksSilent = silent && (!live || silent.index <= live.index) ? true : live ? false : plan.liveness === 'offline' || plan.liveness === 'reporting' ? true : plan.liveness === 'online' ? false : undefined;
  if (asksSilent === undefined) return undefined;
  const nodes = (data.nodes as Rows | undefined) ?? [];
  const sensors = (data.sensors as Rows | undefined) ?? [];
  if (SENSOR_WORDS.test(q) && !NODE_WORDS.test(q)) return quantified(sensors.map((s) => !!s.stale), asksSilent, q);
  // A place is quiet when every node there is ("has any location gone quiet?").
  if (PLACE_WORDS.test(q) && !NODE_WORDS.test(q)) {
    const byPlace = new Map<string, boolean>();
    for (const n of nodes) if (n.location) byPlace.set(n.location, (byPlace.get(n.location) ?? true) && !n.online);
    return quantified([...byPlace.values()], asksSilent, q);
  }
  return quantified(nodes.map((n) => !n.online), asksSilent, q);
}

function trendVerdict(q: string, plan: Plan, data: Record<string, unknown>): boolean | undefined {
  const trends = (data.trends as { direction?: string }[] | undefined) ?? [];
  if (!trends.length) return undefined;
  if (plan.direction) return trends.every((t) => t.direction === plan.direction);
  if (STEADY.test(q)) return trends.every((t) => t.direction === 'steady');
  if (CHANGING.test(q)) return trends.some((t) => t.direction !== 'steady');
  return undefined;
}

function healthVerdict(q: string, data: Record<string, unknown>): boolean | undefined {
  const total = data.total, unhealthy = data.unhealthy;
  if (typeof total !== 'number' || typeof unhealthy !== 'number' || total === 0) return undefined;
  const bad = UNHEALTHY.test(q), good = HEALTHY.test(q);
  if (bad === good) return undefined;
  const quiet = Array.from({ length: total }, (_, i) => i < unhealthy);
  return quantified(quiet, bad, q);
}

/** The truth value of a yes/no question over what its operation found, when the operation has one. */
export function verdictOf(question: string, plan: Plan, operation: string, data: Record<string, unknown>): boolean | undefined {
  if (!isPolar(question)) return undefined;
  const q = question.toLowerCase();
  switch (operation) {
    case 'trend': return trendVerdict(q, plan, data);
    case 'liveness': return livenessVerdict(q, plan, data);
    case 'anomalies': return typeof data.count === 'number' ? data.count > 0 : undefined;
    case 'health': return healthVerdict(q, data);
    // "does the office have a humidity sensor?", "are there any sensors in warehouse a?": whether the catalog holds one.
    case 'list': return plan.subject === 'sensors' && typeof data.count === 'number' ? data.count > 0 : undefined;
    default: return undefined;
  }
}

/**
 * The answer with "Yes — " or "No — " in front when the question asks yes or no and its
 * operation's data gives the truth value (an answer that already starts with its verdict is left as is).
 * @example
 * withVerdict('Is any node down?', plan, 'liveness', answer).response // "Yes — 1 of 5 nodes stopped reporting: …"
 */
export function withVerdict(question: string, plan: Plan, operation: string, answer: Answer): Answer {
  if (ALREADY.test(answer.response)) return answer;
  const verdict = verdictOf(question, plan, operation, answer.data);
  // "No anomalies for …", "No node has stopped reporting" already say no; a "No node …" under a yes still gets its Yes.
  if (verdict === undefined || (!verdict && /^\W*no\b/i.test(answer.response))) return answer;
  return { response: `${verdict ? 'Yes' : 'No'} — ${answer.response}`, data: { ...answer.data, verdict } };
}
