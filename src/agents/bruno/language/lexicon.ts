import type { Vital } from './plan.js';
import { NUMBER_WORDS, ORDINAL_WORDS } from './text.js';

const set = (words: string): Set<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Words for the kinds a warehouse usually measures, by kind name as the store spells it. */
export const KIND_WORDS: Record<string, string[]> = {
  temperature: ['temperature', 'temperatures', 'temp', 'temps', 'hot', 'hotter', 'hottest', 'warm', 'warmer', 'warmest', 'warmth', 'cold', 'colder', 'coldest', 'cool', 'cooler', 'coolest', 'heat', 'degrees', 'degree', 'celsius', 'fahrenheit', 'kelvin', 'chilly', 'chillier', 'chilliest', 'frosty', 'freezing', 'thermometer', 'warming', 'cooling', 'heating'],
  humidity: ['humidity', 'humidities', 'humid', 'rh', 'damp', 'damper', 'dampest', 'dry', 'drier', 'dryer', 'driest', 'dryest', 'dryness', 'muggy', 'muggier', 'muggiest', 'moist', 'wet', 'wetter', 'wettest', 'humider', 'humidest', 'hygrometer'],
  pressure: ['pressure', 'pressures', 'barometric', 'barometer', 'baro', 'atmospheric', 'hpa', 'kpa', 'inhg', 'mbar', 'millibar', 'millibars', 'mmhg'],
  motion: ['motion', 'movement', 'movements', 'occupancy', 'pir', 'presence'],
};

/** Kinds a question may name that a store often lacks: named, so the answer can say "no data for CO2". */
export const OTHER_KIND_WORDS: Record<string, string> = {
  co2: 'CO2', 'carbon dioxide': 'CO2', 'carbon monoxide': 'carbon monoxide', noise: 'noise', sound: 'sound', loudness: 'noise',
  decibel: 'noise', decibels: 'noise', db: 'noise', loud: 'noise', light: 'light', lux: 'light', brightness: 'light', illuminance: 'light',
  voc: 'VOC', tvoc: 'VOC', 'air quality': 'air quality', aqi: 'air quality', pm25: 'PM2.5', 'pm2.5': 'PM2.5', pm10: 'PM10',
  particulate: 'particulates', particulates: 'particulates', dust: 'dust', smoke: 'smoke', gas: 'gas', methane: 'methane',
  radon: 'radon', ozone: 'ozone', wind: 'wind', rain: 'rain', rainfall: 'rain', uv: 'UV', radiation: 'radiation',
  vibration: 'vibration', vibrations: 'vibration', power: 'power', watts: 'power', wattage: 'power', energy: 'energy', electricity: 'electricity',
  voltage: 'voltage', volts: 'voltage', amps: 'current', amperage: 'current', battery: 'battery', water: 'water', leak: 'water leak',
  leaks: 'water leak', flow: 'flow', 'soil moisture': 'soil moisture', ph: 'pH', oxygen: 'oxygen', o2: 'oxygen', weight: 'weight',
  rpm: 'RPM', 'fan speed': 'fan speed', wifi: 'Wi-Fi signal', rssi: 'signal strength', signal: 'signal strength', bandwidth: 'bandwidth',
  network: 'network traffic', traffic: 'network traffic', latency: 'latency', uptime: 'uptime', door: 'door', doors: 'door',
  noisy: 'noise', bright: 'light', dark: 'light', windy: 'wind', rainy: 'rain', smoky: 'smoke', dusty: 'dust', luminosity: 'light',
  illumination: 'light', acoustic: 'noise', co: 'carbon monoxide', brighter: 'light', brightest: 'light', darker: 'light', darkest: 'light',
  dim: 'light', dimmer: 'light', dimmest: 'light', luminance: 'light', lighting: 'light', lit: 'light', stuffy: 'stuffiness', stuffier: 'stuffiness',
  stuffiest: 'stuffiness', stuffiness: 'stuffiness', nitrogen: 'nitrogen', ammonia: 'ammonia', formaldehyde: 'formaldehyde',
};

/**
 * The store kind names that carry a concept, in order of preference: "how bright" is the
 * store's illuminance (or light, lux …); "stuffy" is CO2 where it is measured, else humidity.
 * A concept none of whose kinds the store holds is an honest "no data for light".
 */
export const CONCEPT_KINDS: Record<string, string[]> = {
  temperature: ['temperature', 'temp', 'airtemperature', 'ambienttemperature'],
  humidity: ['humidity', 'relativehumidity', 'rh'],
  pressure: ['pressure', 'barometricpressure', 'airpressure'],
  motion: ['motion', 'occupancy', 'presence', 'pir'],
  light: ['illuminance', 'light', 'lux', 'lightlevel', 'brightness', 'luminosity', 'illumination', 'ambientlight'],
  CO2: ['co2', 'carbondioxide', 'eco2'],
  noise: ['noise', 'sound', 'soundlevel', 'noiselevel', 'loudness', 'spl'],
  sound: ['sound', 'noise', 'soundlevel'],
  VOC: ['voc', 'tvoc'],
  'air quality': ['airquality', 'aqi', 'iaq', 'voc', 'tvoc'],
  'PM2.5': ['pm25', 'pm2.5'],
  battery: ['battery', 'batterylevel'],
  power: ['power', 'watts'],
  'Wi-Fi signal': ['rssi', 'linkquality', 'wifi'],
  'signal strength': ['rssi', 'linkquality'],
  'water leak': ['waterleak', 'leak', 'water'],
  stuffiness: ['co2', 'eco2', 'humidity'],
};
/** What a concept is called when the store lacks it ("no stuffiness data" reads worse than "no CO2 data"). */
export const CONCEPT_NAME: Record<string, string> = { stuffiness: 'CO2' };

/** Words for node vitals (health reports), never room sensors. */
export const VITAL_WORDS: Record<Vital, string[]> = {
  cpu: ['cpu', 'cpus', 'processor', 'load', 'utilisation', 'utilization', 'busy', 'busier', 'busiest'],
  memory: ['memory', 'mem', 'ram'],
  disk: ['disk', 'disks', 'storage', 'sd', 'filesystem', 'space'],
  soc_temp: ['soc'],
  top_process: ['process', 'processes', 'hog', 'hogging'],
};
/** Words that, with a temperature word, mean the node's own chip ("CPU temperature", "SoC temp"). */
export const CHIP_WORDS = set('cpu soc chip processor core die board thermal throttling throttle throttled overheating overheat');
/** Words that keep a temperature a room sensor's even on a node ("air temperature at pi-node-3"). */
export const AMBIENT_WORDS = set('room air ambient sensor dht22 dht');

/** Nouns that name a specific place; one the store lacks is an unknown place. */
export const PLACE_NOUNS = set(`garage kitchen basement attic cellar office offices lab labs laboratory greenhouse barn shed freezer fridge
  cooler dock roof rooftop yard garden bedroom bathroom lobby hallway corridor datacenter factory workshop library classroom
  gym porch patio balcony closet pantry nursery cabin cottage campus depot hangar vault tent silo tunnel
  loft den hall kitchenette reception boardroom canteen cafeteria mailroom storeroom stockroom backroom lounge foyer stairwell
  bunker chamber outbuilding annex annexe mezzanine cellars wing fridge freezer warehouse warehouses mill farm
  serverroom building buildings floor floors site sites room rooms zone zones area areas bay bays aisle aisles block
  rack racks cabinet cabinets city town country house home flat apartment outside outdoors indoors`);
/** Place nouns that are also the generic word for "a location" ("which room is warmest"). */
export const GENERIC_PLACE = set('location locations place places site sites room rooms area areas zone zones spot spots building buildings floor floors everywhere anywhere facility premises warehouse warehouses');
/** Words that head a node's name. */
export const NODE_HEADS = set('node nodes pi pis raspberry raspberries rpi rpis raspi raspis host hosts device devices server servers machine machines box boxes gateway gateways edge computers controllers');
/** Words that head a sensor's name. */
export const SENSOR_HEADS = set('sensor sensors probe probes');

/** Function words and the everyday words of questions: never a name. */
export const STOPWORDS = set(`a an the this that these those there here it its it's is are was were be been being am do does did done
  doing have has had having i me my mine we us our ours you your yours he she they them their what what's whats which who whom whose
  when where why how and or but nor so yet if then than too very just also only even still ever again about above below over under
  between among into onto out of off on in at by for from to with within without through during before after since until till up down
  any all each every some no not none both either neither few many much more most less least other another such own same can could
  will would shall should may might must let lets let's please thanks thank hey hi hello ok okay bruno agent-bruno agent tell show
  give get got see look looking looks find know knows want need like say says said kindly quick quickly right now currently current
  currently moment latest recent recently today yesterday tonight tomorrow week weeks month months year years day days hour hours
  minute minutes min mins second seconds sec secs hr hrs h m s d w ms ago last past previous next morning afternoon evening night
  noon midnight am pm value values reading readings level levels data number numbers info information status state stats statistics
  summary summarise summarize report reports overview average avg mean median min max minimum maximum range high higher highest low lower
  lowest peak peaks top bottom trend trends trending rising falling increasing decreasing going climbing dropping drop drops dropped
  rise rises rose fall falls fell getting becoming changing changed change compare compared comparison versus vs difference differ
  between rank ranked ranking sort sorted order list count total overall alert alerts alarm alarms rule rules notify notification
  me us monitoring monitor monitored watch watching track tracked tracking measure measures measured measuring reporting report
  reported online offline alive dead up running reachable heard hear seen silent stale stopped stop working healthy unhealthy health
  sick ok fine trouble problem problems issue issues wrong broken failing failed fail slow fast normal abnormal unusual anomaly
  anomalies anomalous spike spikes outlier outliers odd weird strange funky fishy wonky janky screwy bizarre peculiar freaky hinky iffy sketchy amiss whack kilter haywire acting happened happen happening going on export download csv json
  ndjson parquet file why cause causes causing caused reason reasons explain recommendation recommend should fix whole entire
  general detail details percent percentage celsius fahrenheit kelvin degrees fully full free used use usage using available left
  remaining capacity so far lately side things thing stuff everything something anything nothing around roughly about approximately
  exactly time times date period window span cheers yo mate buddy hows how's wheres where's whens when's whichs there's that's
  same slack webhook pagerduty channel email sms text ping page warn warning critical severity sustained lasting longer consecutively
  straight continuously continuous consistently straight minutes each per every both place measurement measurements kind kinds type
  types sensor sensors node nodes location locations site sites nodes pis doing like look feel feels hows inside outside indoor`);

/** Every word the parser knows: a word outside it, where a name would stand, is an unknown name. */
export function isKnownWord(word: string): boolean {
  // One set, built on first use: the parser asks this for nearly every word of every question.
  KNOWN ??= new Set([...STOPWORDS, ...Object.keys(OTHER_KIND_WORDS), ...Object.values(KIND_WORDS).flat(), ...Object.values(VITAL_WORDS).flat(), ...CHIP_WORDS,
    ...AMBIENT_WORDS, ...NODE_HEADS, ...SENSOR_HEADS, ...EXTRA_KNOWN, ...Object.keys(NUMBER_WORDS), ...Object.keys(ORDINAL_WORDS)]);
  return KNOWN.has(word) || isSuperlative(word);
}

/** Stems whose superlative ("fullest", "emptiest", "freshest") is a ranking word, never a name. */
const SUPERLATIVE_STEMS = set(`full empty fresh stale clean loud quiet new old fast slow larg small long short high low warm cold cool dark
  bright damp humid dens light heavy strong weak saf lat clos wid deep rich poor great few hard soft harsh mild calm tight loos rough
  smooth sharp steep fair fin pur rar sur vast dull cheap young near quick busy idl`);
/**
 * A superlative the vocabulary lacks ("fullest disk", "emptiest drive", "the biggest load"): ranking words,
 * not an unknown node or place. "-iest" and doubled-consonant forms need a stem of three letters ("priest" is not).
 */
export function isSuperlative(word: string): boolean {
  const m = /^([a-z]+?)(iest|est)$/.exec(word);
  if (!m) return false;
  const stem = m[1]!;
  if (m[2] === 'iest') return stem.length >= 3;
  return /([bdgmnpt])\1$/.test(stem) && stem.length >= 3 || SUPERLATIVE_STEMS.has(stem) || SUPERLATIVE_STEMS.has(stem.replace(/e$/, ''));
}
let KNOWN: Set<string> | undefined;
/** Every word the parser knows (for telling a mistyped everyday word from a name). */
export function knownWords(): ReadonlySet<string> { isKnownWord(''); return KNOWN!; }

const EXTRA_KNOWN = set(`monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun january february march april
  june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec since beginning start end
  ending starting morning evening daily hourly weekly create set setup add new make remove delete cancel drop disable rename update edit
  modify raise lower increase decrease threshold limit named called name post send posting sending message whenever exceeds exceed
  exceeded goes went reach reaches reached hits hit crosses cross cross beyond greater fewer exceeding below beneath under dips dip sinks
  climbs climb jumps jump spikes drops stays stay remains remain long duration longer degrees f c k deg percent hectopascal hectopascals
  kilopascal kilopascals inches inch mercury pascal pascals millibars again inventory monitor many often frequently steady stable flat
  constant direction slope rate faster slower quickly gradually warming cooling heating drying moistening increasing decreasing worse better
  cluster clusters fleet fleets improving improve declining decline history historical incident incidents root before occurred occur usual typical expected lasted
  everything all-time ever total sum highest-ever please could would you tell me show give list what which reads read shows
  eating using hogging consuming taking burning hitting degs degc degf mb mbar centigrade
  alright allright good great bad struggling rundown system systems infrastructure infra located spot heads urgent happy attention
  heavy maxed pegged once point whether wonder
  anybody anyone everyone everybody somebody someone nobody gone quiet talking responding awol mia unresponsive cooking baking frying roasting
  gimme gimmie gimmee lemme lemmie gotta wanna gonna fetch grab pull bring hit dish spill dig hook lookup retrieve display query peek pop share
  yo sup wassup hiya howdy pls plz ya ur dunno kinda sorta asap wot wots whatcha lookin mind`);

/** Units a threshold or answer may be written in, by the word or symbol used. */
export const UNIT_WORDS: Record<string, string> = {
  '°c': '°C', c: '°C', celsius: '°C', centigrade: '°C', degc: '°C', '°f': '°F', f: '°F', fahrenheit: '°F', degf: '°F', '°k': 'K', k: 'K', kelvin: 'K',
  '%': '%', percent: '%', pct: '%', hpa: 'hPa', hectopascal: 'hPa', hectopascals: 'hPa', mbar: 'hPa', millibar: 'hPa', millibars: 'hPa', mb: 'hPa',
  kpa: 'kPa', kilopascal: 'kPa', kilopascals: 'kPa', inhg: 'inHg', mmhg: 'mmHg', pa: 'Pa', pascal: 'Pa', pascals: 'Pa',
};
