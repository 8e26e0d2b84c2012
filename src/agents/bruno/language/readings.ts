import type { Measure, OperationName, Scope, TimeSpec } from './plan.js';

/** What the scorer sees of a question besides its words. */
export interface Evidence {
  text: string;
  measures: Measure[];
  scope: Scope;
  time?: TimeSpec;
  ruleId?: string;
  /** The question says "anywhere", "everywhere", "across the board": all places at once. */
  everywhere?: boolean;
}

type Cue = [RegExp, number];
const SUPERLATIVE = /\b(brightest|darkest|dimmest|muggiest|stuffiest|noisiest|loudest|quietest|hottest|coldest|warmest|coolest|driest|dryest|wettest|dampest|most humid|least humid|highest|lowest|busiest|fullest|emptiest|most|least|max(imum)?|min(imum)?|peak(ed)?|top|worst|best|biggest|largest|smallest|greatest)\b/;
const ENTITY_NOUN = /\b(locations?|sites?|rooms?|places?|spots?|warehouses?|areas?|zones?|nodes?|pis?|sensors?|devices?|hosts?|buildings?|floors?)\b/;

/**
 * Cues for each operation, weighted. A question is read as every operation; each reading scores
 * its cues plus how well the question fills the operation's slots (a comparison needs two places,
 * a trend a measure, …), and the best reading wins — no rule wins by coming first.
 */
const CUES: Record<OperationName, Cue[]> = {
  alert_create: [[/\b(alert|notify|warn|page|ping|text|email|message) (me|us|the team|ops|someone)\b/, 5], [/\b(let (me|us) know|tell (me|us)) (if|when|whenever|once|as soon as)\b/, 4.5], [/^\s*(please |can you |could you )?(alert|notify|warn|page)\b|\b(alert|notify|page) (if|when|whenever|once)\b/, 4.5],
    [/\b(set ?up|create|add|make|configure|define|new|want|need) (an? |new |me an? )?(alert|alarm|notification|threshold rule)\b/, 5], [/\bsend (an? )?(alert|notification|message)\b/, 3],
    [/\b(if|when|whenever|once)\b.*\b(above|below|over|under|exceeds?|drops?|rises?|falls?|goes|gets|hits|reaches|climbs|dips|stops|offline)\b/, 1.5]],
  alert_update: [[/\b(change|update|modify|edit|adjust|raise|lower|increase|decrease|bump|rename|move|set|make)\b.*\b(alert|alarm|rule)\b/, 3.5],
    [/\b(alert|alarm|rule)\b.*\b(change|update|modify|edit|raise|lower|rename|threshold|duration|channel|severity) /, 1.5],
    [/\badd (a |an )?(slack|webhook|pagerduty|channel|notification)\b/, 4], [/\b(threshold|limit|duration) (of|for|on)\b.*\bto\b/, 2], [/\bto (slack|the webhook|pagerduty)\b.*\b(alert|rule) [0-9a-f]{8}\b/, 2]],
  alert_delete: [[/\b(delete|remove|cancel|drop|disable|get rid of|turn off|kill|clear|discard|stop)\b.*\b(alerts?|alarms?|rules?)\b/, 5], [/\bstop (alerting|notifying|paging|warning|pinging) (me|us)\b/, 5.5]],
  alert_list: [[/\b(list|show|what|which|any|are there|display|see|view|all|my|current|active|existing)\b.*\b(alerts|alert rules|rules|alarms)\b/, 3.5],
    [/\b(alerts?|alarms?)\b.*\b(firing|active|triggered|open|set up|configured|pending|exist|defined)\b/, 3], [/\bmy alerts\b/, 2], [/\bis (anything|any alert|an alert) firing\b/, 4], [/\b(being )?(alerted|notified) (on|about|for)\b/, 3.5], [/\bthresholds\b/, 2]],
  export: [[/\b(export|download|dump)\b/, 5], [/\b(as|in|to) (a )?(csv|ndjson|json|parquet)\b|\bcsv\b|\bparquet\b|\bndjson\b/, 3], [/\bsave\b.*\bfile\b/, 2]],
  history: [[/\b(happened before|has this happened|happen(ed)? again|last time|previous incidents?|past incidents?|incident history|incidents?|ever happened)\b/, 3.5],
    [/\broot causes?\b/, 3], [/\bhistory of\b/, 1]],
  why: [[/^\s*(hey |so |and |bruno,? )?why\b|\bwhy (is|are|was|were|does|did|do|has|have)\b/, 4], [/\bwhat('?s| is| was) (causing|wrong|behind|up with|going on with|the matter)\b/, 3.5],
    [/\b(cause|causes|causing|reason|explain|explanation|recommend\w*|what should (i|we) do|how (do|can|should) (i|we) fix)\b/, 2.5], [/\bunder (high |heavy )?load\b|\bso (busy|slow|hot)\b/, 1.5]],
  health: [[/\b(unhealthy|healthy|health|sick|overloaded|in trouble|struggling|degraded|vitals)\b/, 3], [/\bneeds? (attention|help|looking at|fixing)\b/, 3], [/\b(problems?|issues?|ok|okay|fine|doing)\b/, 1],
    [/\bhow (are|is) (the |my |all |our )?(pis|nodes|pi|node|devices)/, 3], [/\b(status|state)\b/, 1.5]],
  liveness: [[/\b(online|offline|alive|reachable|unreachable|responding|up and running|connected|disconnected)\b/, 3.5],
    [/\blast (seen|heard|reported|reading|contact|check.?in|update|message|sent|report)\b|\bhear(d)? from\b|\blast (heard|got|get|gotten|received|receive|saw)\b/, 4],
    [/\b(stopped|stop|not|isn'?t|aren'?t|no longer|quit|ceased) (reporting|sending|responding|talking|checking in)\b/, 4], [/\b(stale|silent|quiet|missing|dead)\b/, 2.5],
    // "last time we got data from the office", "the last time pi 3 reported": when it was last heard, not incident history.
    [/\blast time\b.*\b(got|get|gotten|heard|hear|received|receive|saw|see|had|reported|report|sent|send|checked in|data|readings?|anything)\b/, 4.5],
    [/\bstill (reporting|sending|alive|up|online|working|running)\b/, 3.5], [/\breporting\b/, 1.5], [/\bwhen did\b.*\blast\b/, 3], [/\bis [a-z0-9 -]+ (up|down)\b/, 1.5]],
  count: [[/\bhow many\b/, 4.5], [/\bnumber of\b/, 3], [/\bcount\b/, 2.5], [/\btotal\b/, 0.5]],
  list: [[/\b(list|enumerate|inventory)\b/, 3], [/\b(what|which) (sensors|nodes|locations|kinds|sites|rooms|places|devices|pis|types|things|measurements|metrics)\b/, 2.5],
    [/\bwhat do (you|we) (monitor|measure|track|have|know|see|cover)\b|\bwhat (can|do) (you|we) (measure|monitor|track)\b/, 3.5],
    [/\bshow (me )?(all |the |every |each )?(sensors?|nodes?|locations?|devices?|pis?|sites?)\b(?! (with|where|that|which) )/, 3], [/\b(what|which) (kinds?|types?|sorts?) of\b/, 3], [/\b(sensors|nodes|locations|devices|pis) (do (you|we) have|are there|exist|you know)\b/, 2.5]],
  anomalies: [[/\b(anomal\w*|spikes?|spiked|outliers?|unusual|abnormal|odd|weird|strange|irregular|glitch\w*|out of the ordinary|surprising|suspicious)\b/, 4],
    [/\bwhat happened\b|\bwhat went wrong\b/, 3], [/\banything (wrong|strange|odd|off|unusual)\b/, 3], [/\bincidents?\b/, 1],
    // Slang for readings out of the ordinary: "anything funky today?", "out of whack", "looks off", "acting up", "gone haywire".
    [/\b(funky|fishy|wonky|janky|screwy|bizarre|peculiar|freaky|hinky|iffy|sketchy|amiss|haywire|out of (whack|kilter|line|character)|off[- ]kilter|acting (up|weird|strange|funny)|(look|looks|looked|looking|seem|seems|seemed|seeming) (off|wrong|weird|odd|strange|funny)|not (right|normal)|funny business)\b/, 4]],
  trend: [[/\b(trend\w*|rising|rise|falling|increasing|decreasing|going (up|down)|climbing|dropping|declining|getting (warmer|colder|hotter|cooler|drier|damper|more humid|wetter|higher|lower)|warming|cooling|drying|heating up|creeping|direction|slope|stable|steady)\b/, 3.5],
    // "has it stayed the same", "held steady", "been constant", "fluctuating": steadiness asked about.
    [/\b(constant|unchanged|flat|fluctuat\w*|(stayed|stay|staying|remained|remain|been|kept) (the same|level|put|flat|constant)|held (steady|still)|holding (steady|still)|level(l)?(ed|ing) off)\b/, 3.5],
    [/\bover time\b/, 1.5], [/\bhow (has|have|did|is|are)\b.*\bchang/, 3], [/\bchang(ing|ed)\b/, 1.5], [/\bwhat('?s| is| are)\b.*\b(doing|up to)\b/, 3]],
  compare: [[/\bcompar\w*\b/, 4.5], [/\b(vs\.?|versus)\b/, 4], [/\bdifference\b|\bdiffer\b/, 3.5],
    [/\b(warmer|colder|hotter|cooler|chillier|drier|dryer|more humid|less humid|higher|lower|wetter|damper|muggier|busier|more|less|bigger|smaller|fuller|emptier|greater|larger|fewer) than\b/, 3.5], [/\bor\b/, 0.5], [/\b(which|what|who)( one)? (is|was|'s|are|were)\b.*\b(warmer|colder|hotter|cooler|drier|dryer|more humid|less humid|higher|lower|busier|wetter|damper)\b/, 3]],
  rank: [[/\b(which|where|what (location|site|room|node|pi|sensor|place|warehouse|area|zone)s?)\b.*\b(hottest|coldest|warmest|coolest|chilliest|driest|dryest|wettest|dampest|most|least|highest|lowest|busiest|fullest|top|max(imum)?|min(imum)?|worst|best)\b/, 3.5],
    [/\b(rank\w*|sort(ed)?|order(ed)? by|top \d+|leaderboard)\b/, 4], [/\b(hottest|coldest|warmest|coolest|driest|most humid|highest|lowest|busiest) (location|site|room|node|pi|sensor|place|warehouse|area|zone)s?\b/, 3],
    [/\bwhere is it\b/, 1.5], [/\b(each|every|per|all) (location|site|room|node|pi|sensor|place|warehouse)s?\b/, 1],
    [/\b(most|least) \w+ (location|site|room|node|pi|sensor|place|warehouse|area|zone)s?\b|\b\w+est (location|site|room|node|pi|place|warehouse|area|zone)s?\b/, 3],
    [/\b(\w+est|most \w+|least \w+) to (the )?(\w+est|most \w+|least \w+)\b/, 4.5], [/\b(order|sort|rank)\w*\b.*\bby\b/, 4]],
  extreme: [[SUPERLATIVE, 2.5], [/\bwhat (was|were|is|'s) the (highest|lowest|max(imum)?|min(imum)?|peak|hottest|coldest|warmest|coolest|driest)\b/, 2], [/\bwhen (was|did|were|is)\b/, 2.5], [/\bat what time\b|\bwhat time\b/, 2.5], [/\brecord\b/, 1]],
  statistics: [[/\b(average|avg|mean|median|typical)\b/, 3.5], [/\b(min|max|minimum|maximum|range|stats|statistics|summary|summari[sz]e|overview|report)\b/, 2.5],
    [/\breadings\b/, 1.5], [/\bhistory\b/, 1.5], [/\bshow me\b/, 0.5]],
  current: [[/\b(what'?s|what is|whats|how'?s|how is|tell me|give me|check|what are)\b/, 1], [/\bhow (hot|warm|cold|cool|humid|dry|damp|busy|full|loaded|high|low)\b/, 2.5],
    [/\b(is it|it is|it's) (hot|warm|cold|cool|humid|dry|damp)\b/, 1.5], [/\bat \d/, 0.5], [/\breading\b/, 1]],
  help: [[/\b(help|what can you do|capabilities|how do i use)\b/, 4]],
};

/** The whole installation asked about in general words: "how's everything", "any problems?", "system status". */
const FLEET_WORDS = /\bhow('?s| is| are) (everything|things|it all|stuff|all|we doing)\b|^\s*(any|some) (problems?|issues?|trouble)\b|\b(system|overall|cluster|infrastructure|infra|hardware) (status|health|overview|state|check)\b|\bhealth ?check\b|\bstatus (report|overview|check|update)\b|^\s*(status|health)\??\s*$|\b(everything|all) (ok|okay|good|fine|alright|all right|working|running)\b/;

/** "which locations measure humidity", "where is pressure measured", "which rooms have a humidity sensor". */
const MEASURED_WHERE_WHICH = /\b(which|what) (locations?|rooms?|places?|sites?|areas?|zones?|nodes?|pis?|devices?|warehouses?)\b(?:(?!\b(most|least|\w+est|highest|lowest|problems?|issues?)\b).)*\b(measures?|measured|measuring|tracks?|tracked|monitors?|monitored|senses?|sensed|records?|recorded)\b|\b(which|what) (locations?|rooms?|places?|sites?|areas?|zones?|nodes?|pis?|devices?|warehouses?)\b.*\b(has|have|with|got)\b.*\b(sensors?|probes?|data)\b|\bwhere (is|are|do|does)\b.*\b(measured|tracked|monitored|sensed|recorded|measure|track|monitor)\b/;
const INVENTORY_LEAD = String.raw`(?:which|what|name|list|enumerate|give me|tell me|show me|show|find|are there any|do (?:we|you) have any)`;
// "every place" and "all locations" are names of their own (all places), blanked where cues are read: a run of blanks stands for them.
const INVENTORY_ENTITY = String.raw`(?:locations?|rooms?|places?|sites?|areas?|zones?|nodes?|pis?|devices?|warehouses?|spots?|buildings?|boxes|machines?|\s{5,}(?=\s*(?:that|which|with|where|having|measuring)\b))`;
const NOT_RANK = String.raw`(?:(?!\b(?:most|least|\w+est|highest|lowest|problems?|issues?)\b).)*`;
/**
 * "which locations measure humidity", "name every location that measures X", "list the places with a
 * humidity sensor", "where do we have pressure sensors", "which places have a X sensor": the places
 * (or nodes) holding a kind.
 */
export const MEASURED_WHERE = new RegExp([
  MEASURED_WHERE_WHICH.source,
  String.raw`\b${INVENTORY_LEAD}\s+(?:(?:all|every|each|the|of|our|my)\s+)*${INVENTORY_ENTITY}\b${NOT_RANK}\b(?:measures?|measured|measuring|tracks?|tracked|tracking|monitors?|monitored|monitoring|senses?|sensed|sensing|records?|recorded|recording|logs?|logged|logging|collects?|collecting)\b`,
  String.raw`\b${INVENTORY_LEAD}\s+(?:(?:all|every|each|the|of|our|my)\s+)*${INVENTORY_ENTITY}\b${NOT_RANK}\b(?:has|have|having|with|got|equipped|fitted|carry|carries)\b.*\b(?:sensors?|probes?|meters?|data|readings)\b`,
  String.raw`\bwhere (?:do|does|are|is|have)\b.*\b(?:have|has|got|installed|placed|fitted|deployed|put|located)\b.*\b(?:sensors?|probes?|meters?)\b|\bwhere are (?:the |our |my |all )?(?:\w+ )?(?:sensors|probes)\b`,
].join('|'));

const NODE_PLACE = /\bwhere('?s| is| are| does| do)\b|\b(which|what) (location|room|place|site|area|building|zone|warehouse)\b|\blocated\b|\blocation of\b/;

/** Any superlative or "most/least …", and the words for a place or a node, for the cues below. */
const SUP = String.raw`(?:\w+est|most \w+|least \w+|max(?:imum)?|min(?:imum)?|highest|lowest|top|bottom)`;
const ENTITY = String.raw`(?:location|site|room|node|pi|sensor|place|warehouse|area|zone|spot|building|floor|device|host|gateway|hub|bay|rack|store)s?`;
const COUNT = String.raw`(?:\d+|two|three|four|five|six|seven|eight|nine|ten)`;
const MORE_KIND = String.raw`(?:warmer|hotter|colder|cooler|drier|dryer|damper|wetter|stuffier|brighter|darker|muggier|more humid|less humid|higher|lower|busier)`;
/** Verbs of change in their past forms (what "has it …" / "did it …" asks). */
const CHANGE_VERB = String.raw`cooled|warmed|heated|dried|chilled|risen|rose|dropped|fallen|fell|increased|decreased|climbed|declined|dipped|jumped|gone (?:up|down)|went (?:up|down)|go (?:up|down)|come down|came down|(?:got|get|gotten) (?:any )?${MORE_KIND}|moved|shifted|changed`;
/** Did something report (send, check in, get heard from) — asked with the window it should have in. */
export const REPORTED_WITHIN = /\b(has|have|had|did|does)\b(\s+\S+){0,4}?\s+(reported|report|sent|send|checked in|check in|phoned home|phone home|pinged|been heard from|heard from|hear from|been (seen|online|alive|active)|posted|published|transmitted|uploaded)\b(?!\s+(an?|any|the)\s+(alert|anomal\w*|spike))/;
/** "How many degrees is it in the office", "how many percent humidity": a quantity in a unit, not a count of things. */
export const HOW_MANY_UNIT = /\bhow (many|much) (degrees?|degs?|deg|°[cfk]?|percent|per cent|%|hpa|kpa|mbar|millibars?|hectopascals?|inhg|inches|lux|ppm|celsius|fahrenheit|kelvin|points)\b/;
/** A place's general state, no measure named: "how's the office looking", "how are things in warehouse-a". */
const CASUAL_STATUS = /\bhow('?s| is| are| do(es)?)\b.*\b(looking|lookin|look|doing|going|holding up|faring|getting on|feel|feeling)\b|\bhow are things\b|\bwhat'?s (it|the situation|the state) like\b|\b(status|state|situation|snapshot|rundown|lowdown) (of|for|in|at)\b|\b(all good|everything ok|everything okay|everything alright) (in|at)\b|\bwhat'?s\b.*\bat\s*\??\s*$/;
/**
 * A message asked for, in any of its everyday verbs: "send me a message", "shoot me a text", "drop
 * me a line", "message me", "DM me", "buzz me", "give us a shout". With a condition it is an alert wish.
 */
export const NOTIFY_ME = /\b(?:send|shoot|drop|fire|give|get|ping) (?:me|us) (?:a |an )?(?:quick |short )?(?:message|msg|text|note|line|email|e-mail|mail|notification|ping|heads.?up|sms|shout|nudge|alert|page|dm)\b|\b(?:message|msg|text|e-?mail|ping|page|notify|alert|warn|buzz|sms|dm|slack|inform|holler at|shout at) (?:me|us)\b/;

/** "does the office have a humidity sensor?", "is there a pressure sensor in the cold room?", "are there any sensors in warehouse a?": whether one exists. */
const SENSOR_EXISTS = /^\W*(?:(?:hey|so|ok|and)\W+)?(?:does|do|has|have)\b.*\b(?:have|has|got|contain|contains|carry)\b.*\b(?:sensors?|probes?|meters?)\b|\b(?:is|are) there (?:an?|any|some)\b.*\b(?:sensors?|probes?|meters?)\b/;
/** What people call the nodes in a hurry: "boxes", "pis", "machines", "the raspberries". */
const NODES = String.raw`(?:nodes?|pis?|boxes|box|machines?|devices?|hosts?|gateways?|hubs?|raspberr(?:y|ies)|rpis?|raspis?|servers?|computers?|units?|ones?|sensors?)`;
/** A node's state said informally: down, up, dead, gone quiet, stopped talking, not responding. */
const STATE = String.raw`(?:down|up|dead|alive|offline|online|unreachable|awol|mia|unresponsive|missing|(?:gone|went|fallen|dropped) (?:quiet|silent|dark|offline|missing|away|down|off|awol)|stopped (?:talking|reporting|sending|responding|checking in)|(?:not|n'?t) (?:reporting|responding|talking|sending|checking in|up|online))`;
/** "any boxes down?", "anything gone quiet", "which pis are dead", "anybody gone silent", "any of the pis down": the fleet's liveness asked with no verb of reporting (not after "if"/"when": that is a condition to watch). */
const FLEET_STATE = new RegExp(String.raw`(?<!\b(?:if|when|whenever|once|as soon as|in case|should)\s+)\b(?:any|all|every|each|which|some|anything|anyone|anybody|everything|everyone|everybody|something|somebody|who|what)\b(?:\s+of)?(?:\s+(?:the|my|our|your))?(?:\s+${NODES})?(?:\s+(?:is|are|has|have|had|got|been|still|all|now))*\s+${STATE}\b`);
/** "are all the pis up", "are the raspberries all up", "is the fleet up": a question of the nodes' state. */
const FLEET_ARE_STATE = new RegExp(String.raw`(?<!\b(?:if|when|whenever|once|as soon as|in case)\s+)\b(?:are|is|were)\s+(?:(?:the|all|any|my|our|every|of)\s+)*(?:${NODES}|fleet|cluster|everything|everyone)\s+(?:all\s+|still\s+|both\s+)?${STATE}\b`);

/** Phrasings beyond each list's first cues: ends of a ranking, trend verbs, fleet words, alert wishes. */
const MORE_CUES: Partial<Record<OperationName, Cue[]>> = {
  rank: [[new RegExp(String.raw`\b${SUP}\b.*\bwhere\b`), 3.5], [new RegExp(String.raw`\b${COUNT} ${ENTITY} (with|having|that have|showing) (the )?${SUP}\b`), 4], [/\b(which|what)( one)? (is|was|'s|has)( got)? the (\w+est|most \w+|least \w+)\b/, 1.5], [new RegExp(String.raw`\b(top|bottom|first|last) ${COUNT}\b`), 4], [new RegExp(String.raw`\b(which|what) ${COUNT} ${ENTITY}\b`), 3.5],
    [new RegExp(String.raw`\b(the )?${COUNT} ${SUP} ${ENTITY}\b`), 3.5], [new RegExp(String.raw`\b${SUP} ${ENTITY}\b`), 3], [new RegExp(String.raw`\bwhere('?s| is)( it| the air)? ${SUP}\b`), 3]],
  trend: [[/\b(did|does|do)\b(\s+\S+){0,5}?\s+(drop|rise|fall|increase|decrease|climb|decline|dip|go up|go down|cool down|warm up|heat up|dry out)\b/, 4], [/\bhow (has|have|is|are|was|were)\b.*\b(moving|heading|headed|evolving|developing|trending|behaving|progressing|shifting|changing)\b/, 4], [/\bup or down\b|\bdown or up\b|\brising or falling\b|\bwhich way\b/, 4], [/\b(warming|heating|cooling|drying|brightening|darkening) (up|off|down|out)\b/, 1.5],
    [new RegExp(String.raw`\b(getting|becoming|growing) (any |a bit |much |even |a little )?${MORE_KIND}\b`), 3.5], [/\bstuffier\b|\bmuggier\b/, 1.5],
    // A change asked about with a verb: "has it cooled down", "did humidity go up", "has the office warmed up", "has pressure dropped".
    [new RegExp(String.raw`\b(has|have|had|did|does|is|was)\b(\s+\S+){0,5}?\s+(${CHANGE_VERB})\b`), 4]],
  compare: [[/\b(more|less|higher|lower|bigger|smaller|fuller|emptier|greater|fewer|warmer|colder|hotter|cooler|busier)\s+(\w+\s+){1,4}than\b/, 3.5]],
  liveness: [[/\b(gone|went|go|goes) (dark|quiet|silent|offline|missing|away|down)\b|\bgoing (dark|quiet|silent|offline)\b/, 4],
    // "is there a node that's down?", "are all the warehouses reporting?": a state asked of places or nodes (a name is blanked to a run of spaces; not "is humidity going up").
    [/\b(that'?s|that is|which is|who'?s|that are|which are) (down|offline|dead|silent|quiet|unreachable|not reporting)\b/, 4],
    [/^\W*(is|are|was|were)\b(?!.*\b(temp\w*|humid\w*|pressure|cpu|memory|disk|readings?|values?|levels?|it)\b).*(\b(locations?|places?|rooms?|sites?|warehouses?|areas?|zones?|nodes?|pis?|devices?|sensors?)\b|\s{4,}).*(?<!\b(going|gone|went|go|coming|moving|trending|heading|creeping|ticking|acting|act|acts|heating|warming|ramping|shooting|shot|picking|picked|speeding|fired|firing|messed|mixed))\s+(reporting|online|offline|down|up|alive|dead|silent|quiet)\s*\??\s*$/, 4], [FLEET_STATE, 4.5], [FLEET_ARE_STATE, 4], [/\b(are|is) (any|all|some|the|my|our)?\s*(\w+ )?(pis?|nodes?|devices?|hosts?|gateways?|hubs?) (down|up)\b/, 3.5],
    [/\bnot (talking|responding|checking in|phoning home)\b|\bdropped off\b|\bfallen off\b|\bhaven'?t (reported|checked in)\b/, 3.5],
    // "has pi-node-4 reported in the last hour", "did the office node check in today", "have we heard from pi 2 since 9".
    [REPORTED_WITHIN, 4.5]],
  health: [[/\bin (good|bad|decent|ok|okay|fine|great|poor|rough|good working) (shape|health|condition|nick|form|order)\b/, 4], [/\b(short|tight) on\b|\bstarved (of|for)\b|\brunning short (of|on)\b/, 4.5], [/\bfleet\b/, 3], [FLEET_WORDS, 4], [/\b(any|all|which|what|is|are)\b.*\b(high|heavy|excessive|maxed|pegged) (cpu|load|memory|ram|disk|processor)\b/, 4.5], [/\b(any|anything|anyone|all|which|what|is|are)\b.*\b(running hot|run hot|overheat\w*)\b/, 4.5], [/\b(running|runs|run) hot\b|\boverheat\w*/, 2.5], [/\b(running|run|getting|go(ing)?) (out|low) (of|on)\b|\blow on\b|\b(nearly|almost) (full|out)\b|\bfilling up\b|\bout of (disk|space|memory|storage|ram)\b/, 4],
    [/\b(everything|all|anything|something) (ok|okay|fine|good|alright|all right|healthy|wrong|broken)\b|\b(are|is) (all |any of )?(the |my |our )?(pis?|nodes?|fleet|cluster|devices?) (ok|okay|fine|good|alright|healthy|happy)\b/, 3], [/\b(overview|rundown|summary|state) of (the |my |our |all )?(nodes|pis|fleet|devices|hosts|cluster)\b/, 3.5]],
  list: [[/\bwhere (are|is) (the |my |our |all |each |every )?(nodes?|pis?|devices?|sensors?|hosts?|gateways?)\b/, 4], [MEASURED_WHERE, 5], [SENSOR_EXISTS, 6],
    [/\bwhat (does|do|can)\b.{0,40}?\b(measure|track|monitor|sense|read)\b/, 3.5], [/\b(which|what) (nodes?|pis?|devices?|sensors?|hosts?) (is|are) (in|at|inside)\b/, 4], [/\bsensors? (status|states?|health)\b|\bstatus of (the |my |all )?sensors\b/, 3.5]],
  alert_create: [[/\b(want|like|need|wish) to (be )?(told|notified|alerted|warned|pinged|paged|know)\b/, 5],
    // "if the cold room hits 8 degrees let me know", "when X drops below 30% give me a heads up": the wish after its condition.
    [/\b(if|when|whenever|once|as soon as|should)\b.*\b(let (me|us) know|tell (me|us)|ping (me|us)|notify (me|us)|alert (me|us)|warn (me|us)|text (me|us)|page (me|us)|email (me|us)|heads.?up|shout)\b/, 5],
    // "critical alert: 30 degrees celsius for 5 minutes": a rule written as a heading and its condition.
    [/^\s*(?:(?:a|an|new|create|add|set ?up|make)\s+)?(?:critical|warning|urgent|high[- ]priority|low[- ]priority)?\s*(?:alert|alarm)\s*[:-]/, 5.5], [/\b(critical|warning|urgent) (alert|alarm)\b.*\d/, 2.5],
    // "let me know if a node goes offline", "tell me when any pi stops reporting": a wish, then a future event.
    [/\b(let (me|us) know|tell (me|us)|ping (me|us)|notify (me|us)|warn (me|us)|inform (me|us)|give (me|us) a heads.?up)\b.*\b(if|when|whenever|once|as soon as|the moment)\b.*\b(goes|go|gets|get|drops?|falls?|rises?|climbs?|exceeds?|hits?|reaches|dips?|stops?|becomes?|crosses|passes|turns|ever|starts?|runs?)\b/, 4],
    [NOTIFY_ME, 5],
    // "set an alert: …", "set a new alarm for …": a new rule, not an edit of one.
    [/^\s*(?:please |can you |could you )?set (?:me )?(?:an?|a new|new) (?:alert|alarm|notification|rule)\b/, 5],
    [/\b(give|send) (me|us) a (heads.?up|shout|ping|nudge)\b|\bheads.?up (if|when)\b|\b(keep|kept) (me|us) posted\b/, 4.5], [/\bsend (me |us )(an? )?(alert|notification|message|text)\b/, 4.5]],
};
for (const [op, cues] of Object.entries(MORE_CUES) as [OperationName, Cue[]][]) CUES[op].push(...cues);

/**
 * "the lowest humidity recorded anywhere today, and where?", "what was the max temperature today and where": the end of the
 * window's readings, and the place it was at — a reading with its place and time, not places ranked by their averages
 * (with no window, "highest temperature where?" asks where it is highest now: a ranking).
 */
const READING_WHERE = /^(?!.*\b(average|avg|mean|on average|typical)\b)(?!.*\b(which|what) (locations?|rooms?|places?|sites?|spots?|areas?|zones?|warehouses?)\b).*\b(lowest|highest|max(imum)?|min(imum)?|peak|top|record)\s+(temp\w*|humidity|pressure|readings?|values?|levels?|illuminance|light|lux|rh)\b.*\bwhere\b|^(?!.*\b(average|avg|mean)\b).*\bwhere\b.*\b(lowest|highest|max(imum)?|min(imum)?|peak)\s+(temp\w*|humidity|pressure|readings?|values?|levels?|illuminance|light|lux|rh)\b/;
const places = (s: Scope): number => s.locations.length + s.nodes.length + s.unknown.length;

/**
 * Scores every reading of the question; the caller takes the best (ties go to the first listed).
 * @example
 * scoreReadings({ text: 'is humidity falling in warehouse b', measures, scope, time })[0] // { operation: 'trend', score: 6 }
 */
export function scoreReadings(e: Evidence): { operation: OperationName; score: number }[] {
  const q = ` ${e.text.toLowerCase()} `;
  const hasMeasure = e.measures.some((m) => m.type !== 'unknown_kind') || e.measures.length > 0;
  const window = e.time?.type === 'window' && e.time.explicit;
  const sup = SUPERLATIVE.test(q);
  const scores = (Object.keys(CUES) as OperationName[]).map((operation) => {
    let score = operation === 'help' ? 1.5 : 0;
    for (const [re, w] of CUES[operation]) if (re.test(q)) score += w;
    score += structure(operation, e, q, { hasMeasure, window, sup });
    return { operation, score: Math.round(score * 100) / 100 };
  });
  return scores.sort((a, b) => b.score - a.score);
}

/** A place asked for: "where", "which room" (not "which was the highest reading"). */
const ASKS_PLACE = /\bwhere\b|\bwhich of\b|\b(which|what) (location|site|room|place|warehouse|area|zone|spot|building|node|pi|sensor|one)s?\b/;

function structure(op: OperationName, e: Evidence, q: string, f: { hasMeasure: boolean; window: boolean; sup: boolean }): number {
  const n = places(e.scope);
  const nodeContext = e.scope.nodes.length > 0 || /\b(nodes?|pis?|devices?|hosts?|fleet|cluster|raspberr\w*)\b/.test(q);
  const vital = e.measures.some((m) => m.type === 'vital');
  switch (op) {
    // "how's the cold room looking": a place's readings now (a node's "doing" is its health).
    case 'current': return (HOW_MANY_UNIT.test(q) ? 3 : 0) + (!f.hasMeasure && (e.scope.locations.length > 0 || e.scope.unknown.some((u) => u.like === 'place')) && !e.scope.nodes.length && CASUAL_STATUS.test(q) ? 4 : 0) + (e.measures.some((m) => m.type === 'vital' && m.vital === 'top_process') ? 3 : 0) + (f.hasMeasure ? 1.5 : -1) + (e.time?.type === 'now' || e.time === undefined ? 1 : e.time.type === 'point' ? 2.5 : -1.5) + (e.time?.type === 'now' ? 1.5 : 0);
    // An average with no window, or "right now", is over the sensors now: a current value.
    case 'statistics': return (f.hasMeasure ? 1 : -1.5) + (f.window ? 2 : /\b(average|avg|mean)\b/.test(q) && !/\b(min|max|minimum|maximum|range|readings|history|highest|lowest|summary|summari[sz]e|stats|statistics)\b/.test(q) ? -3 : 0) + (e.time?.type === 'point' || e.time?.type === 'now' ? -2 : 0)
      // "which place had the highest average humidity yesterday": a per-place ranking, not one pooled figure
      + (f.sup && /\b(which|where)\b/.test(q) && !/\bwhen\b|\bwhat time\b/.test(q) && (ENTITY_NOUN.test(q) || /\bwhere\b/.test(q)) && places(e.scope) !== 1 ? -3 : 0)
      // "was A warmer than B yesterday on average?": two places set against each other is a comparison over the window, not one pooled figure.
      + (n >= 2 && /\b(\w+er|more \w+|less \w+) than\b/.test(q) ? -3 : 0);
    case 'extreme': return (f.window && READING_WHERE.test(q) ? 4 : 0) + (e.measures.some((m) => m.type === 'vital' && m.vital === 'top_process') ? -3 : 0) + (f.hasMeasure ? 0.5 : -1) + (f.sup && /\bwhen\b|\bwhat time\b/.test(q) ? 2 : 0) + (f.sup && /\b(which|where)\b/.test(q) && !/\bwhen\b/.test(q) && !(e.everywhere && !ASKS_PLACE.test(q)) ? -2 : 0) + (f.sup && e.everywhere && !ASKS_PLACE.test(q) ? 1 : 0);
    // "least memory used", "most free disk": a vital's end with no place and no "when" ranks the nodes.
    // "the highest reading anywhere yesterday": one reading over every place, not a ranking of places — unless a place is asked for ("where", "which room").
    case 'rank': return (f.window && READING_WHERE.test(q) ? -2 : 0) + (e.everywhere && !ASKS_PLACE.test(q) ? -3 : 0) + (e.measures.some((m) => m.type === 'vital' && m.vital === 'top_process') ? -3 : 0) + (vital && f.sup && n === 0 && !/\bwhen\b|\bwhat time\b/.test(q) && !f.window ? 3 : 0) + (f.sup && (ENTITY_NOUN.test(q) || /\bwhere\b/.test(q)) ? 1 : 0) + (n === 1 && !e.scope.group ? -1.5 : 0) + (/\bwhen\b/.test(q) ? -2 : 0) + (f.hasMeasure ? 0.5 : -0.5);
    case 'compare': return (n >= 2 ? 2 : e.scope.group || e.scope.per ? 0 : -2);
    case 'trend': return f.hasMeasure ? 1 : -1;
    case 'why': return (n > 0 || /\b(load|busy|slow|hot|cpu|memory|warm|cold|humid|dry|spike|anomal\w*)\b/.test(q) ? 0.5 : -3);
    case 'health': return (nodeContext || (FLEET_WORDS.test(q) && !n && !f.hasMeasure) ? 1 : -1.5) + (vital && n === 1 ? -1 : 0) + (f.hasMeasure && !vital ? -1.5 : 0);
    case 'liveness': return (nodeContext || /\bsensors?\b/.test(q) ? 0.5 : 0) + (f.hasMeasure && !vital && !/\bsensors?\b/.test(q) ? -1 : 0);
    case 'count': return (HOW_MANY_UNIT.test(q) ? -8 : 0) + (/\b(sensors?|nodes?|pis?|locations?|sites?|rooms?|anomal\w*|readings?|alerts?|rules?|kinds?|devices?)\b/.test(q) ? 1 : 0);
    // "where is pi-node-3 located", "which room is pi 2 in": a node's place.
    // "what location has stopped sending data": places that stopped are a liveness question, not an inventory.
    case 'list': return (/\b(stopped|quit|ceased|no longer)\b/.test(q) ? -4 : 0) + (f.hasMeasure && !/\b(sensors|kinds|types)\b/.test(q) && !MEASURED_WHERE.test(q) ? -2 : 0) + (f.sup ? -2 : 0)
      + (e.scope.nodes.length && !f.hasMeasure && NODE_PLACE.test(q) ? 5 : 0);
    case 'anomalies': return e.time?.type === 'point' && /\bhappen/.test(q) ? 1 : 0;
    case 'alert_update': return (e.ruleId ? 1.5 : 0) + (/\balert me\b|\bnotify me\b/.test(q) || NOTIFY_ME.test(q) ? -3 : 0) + (!e.ruleId && /\bset (?:me )?(?:an?|a new|new) (?:alert|alarm|notification|rule)\b/.test(q) ? -5 : 0);
    case 'alert_delete': return e.ruleId ? 1 : 0;
    case 'alert_list': return (/\b(if|when|whenever)\b.*\b(above|below|over|under|exceeds?|drops?|rises?)\b/.test(q) ? -3 : 0) + (/\b(delete|remove|cancel|drop|disable|clear|stop|change|update|modify|edit|rename)\b/.test(q) ? -4 : 0);
    case 'alert_create': return /\b(change|update|modify|delete|remove|list|show)\b.*\balert\b/.test(q) && !/\b(alert|notify|warn) me\b/.test(q) ? -4 : 0;
    default: return 0;
  }
}
