import { VITALS, type AlertText, type Measure, type OperationName, type Plan, type PressureUnit, type TemperatureUnit, type TimeSpec, type Vital } from '../language/plan.js';
import { convert } from '../language/units.js';
import type { OperationContext } from '../operations/operation.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Operations about the present when no time is given; the rest look back 24 hours (as the language layer reads a question). */
const PRESENT: readonly string[] = ['current', 'rank', 'liveness', 'health', 'list', 'count', 'why', 'compare', 'help', 'alert_create', 'alert_list', 'alert_update', 'alert_delete'];

type Args = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : typeof v === 'string' && v ? [v] : []);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? v as T : undefined);
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The language layer's typed plan, as the model-free planner passes it (the arguments it read from the question). */
export function isTypedPlan(a: Args): a is Args & Plan {
  return Array.isArray(a.measures) && isObject(a.scope) && Array.isArray(a.scope.locations) && Array.isArray(a.scope.nodes) && isObject(a.time) && typeof a.time.type === 'string' && isObject(a.units);
}

/** A time argument: RFC 3339 text or epoch milliseconds. */
function timeArg(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) throw new Error(`${name} must be an RFC 3339 time, e.g. 2026-12-01T08:00:00Z`);
  return t;
}

function timeOf(op: string, a: Args, now: number, defaultHours?: number): TimeSpec {
  const at = timeArg(a.at, 'at');
  if (at !== undefined) return { type: 'point', at, label: `at ${new Date(at).toISOString()}` };
  const from = timeArg(a.from, 'from');
  const to = timeArg(a.to, 'to');
  if (from !== undefined || to !== undefined) {
    const end = Math.min(to ?? now, now);
    const start = from ?? end - DAY;
    if (!(start < end)) throw new Error('from must be before to (and before now)');
    return { type: 'window', from: start, to: end, label: `from ${new Date(start).toISOString()} to ${new Date(end).toISOString()}`, explicit: true };
  }
  if (defaultHours) return { type: 'window', from: now - defaultHours * HOUR, to: now, label: `the last ${defaultHours === 1 ? 'hour' : `${defaultHours} hours`}`, explicit: true };
  return PRESENT.includes(op) ? { type: 'now', explicit: false } : { type: 'window', from: now - DAY, to: now, label: 'the last 24 hours', explicit: false };
}

/** An alert request from flat arguments; a threshold in another unit is converted to the kind's stored one. */
function alertOf(a: Args, kind: string | undefined, ctx: OperationContext): AlertText {
  const channels: AlertText['channels'] = (Array.isArray(a.channels) ? a.channels : []).flatMap((c): AlertText['channels'] => {
    if (!isObject(c)) return [];
    if (c.type === 'pagerduty') return [{ type: 'pagerduty', ...(typeof c.routing_key === 'string' ? { routing_key: c.routing_key } : {}) }];
    return c.type === 'slack' || c.type === 'webhook' ? [{ type: c.type, ...(typeof c.url === 'string' ? { url: c.url } : {}) }] : [];
  });
  const value = finite(a.value);
  const unit = typeof a.unit === 'string' && a.unit ? a.unit : undefined;
  const stored = kind ? ctx.catalog.series.find((s) => s.kind === kind)?.unit : undefined;
  let converted = value;
  if (value !== undefined && unit && stored && unit !== stored) {
    converted = convert(value, unit, stored);
    if (converted === undefined) throw new Error(`${unit} is not a unit of ${kind} (stored in ${stored})`);
  }
  const op = oneOf(a.op, ['<', '<=', '>', '>='] as const);
  const severity = oneOf(a.severity, ['warning', 'critical'] as const);
  const condition = oneOf(a.condition, ['threshold', 'offline', 'unhealthy', 'anomaly', 'silent'] as const);
  return {
    channels,
    ...(op ? { op } : {}), ...(converted !== undefined ? { value: converted } : {}), ...(value !== undefined && unit ? { stated: { value, unit } } : {}),
    ...(finite(a.for_s) !== undefined ? { for_s: finite(a.for_s)! } : {}), ...(severity ? { severity } : {}), ...(condition ? { condition } : {}),
    ...(typeof a.name === 'string' && a.name ? { name: a.name } : {}), ...(typeof a.id === 'string' && a.id ? { ruleId: a.id } : {}),
  };
}

/**
 * The plan an operation capability runs. The model-free planner passes the typed plan it read from
 * the question; a model passes the spec's flat parameters (kinds, nodes, locations, from, to, …),
 * read here into the same plan. A name the store lacks or a bad time is an error the caller reads
 * (never another place's figures).
 * @example
 * planFromArgs('current', { kinds: ['humidity'], locations: ['warehouse-b'] }, ctx)
 */
export function planFromArgs(op: OperationName, a: Args, ctx: OperationContext, o: { defaultHours?: number } = {}): Plan {
  if (isTypedPlan(a)) return { ...a, operation: op };
  const c = ctx.catalog;
  const kinds = strings(a.kinds ?? a.kind);
  const locations = strings(a.locations ?? a.location);
  const nodes = strings(a.nodes ?? a.node);
  const unknown = [
    ...kinds.filter((k) => !c.kinds.includes(k)).map((k) => `kind ${k}`),
    ...locations.filter((l) => !c.locations.includes(l)).map((l) => `location ${l}`),
    ...nodes.filter((n) => !c.nodes.includes(n)).map((n) => `node ${n}`),
  ];
  if (unknown.length) throw new Error(`no data for ${unknown.join(', ')}; the store knows nodes ${c.nodes.join(', ') || 'none'}, locations ${c.locations.join(', ') || 'none'}, kinds ${c.kinds.join(', ') || 'none'}`);
  const vitals = strings(a.vitals).filter((v): v is Vital => (VITALS as readonly string[]).includes(v));
  const measures: Measure[] = [...kinds.map((kind): Measure => ({ type: 'kind', kind })), ...vitals.map((vital): Measure => ({ type: 'vital', vital }))];
  const per = oneOf(a.by, ['location', 'node', 'sensor'] as const);
  const which = oneOf(a.which, ['max', 'min'] as const);
  const direction = oneOf(a.direction, ['rising', 'falling'] as const);
  const subject = oneOf(a.subject, ['sensors', 'nodes', 'locations', 'kinds', 'anomalies', 'readings', 'alerts'] as const);
  const liveness = oneOf(a.state, ['online', 'offline', 'last_seen', 'reporting', 'within'] as const);
  const format = oneOf(a.format, ['csv', 'ndjson', 'parquet'] as const);
  const limit = finite(a.limit);
  return {
    operation: op,
    measures,
    scope: { locations, nodes, sensors: [], unknown: [], ...(per ? { per } : {}) },
    time: timeOf(op, a, ctx.now, o.defaultHours),
    units: { temperature: oneOf<TemperatureUnit>(a.temperature_unit, ['°C', '°F', 'K']) ?? '°C', pressure: oneOf<PressureUnit>(a.pressure_unit, ['hPa', 'mbar', 'kPa', 'inHg', 'mmHg']) ?? 'hPa' },
    ...(op === 'statistics' ? { stat: oneOf(a.stat, ['mean', 'min', 'max', 'all'] as const) ?? 'all' } : {}),
    ...(op === 'extreme' || op === 'rank' ? { extreme: which ?? 'max' } : {}),
    ...(direction ? { direction } : {}), ...(subject ? { subject } : {}), ...(liveness ? { liveness } : {}), ...(format ? { format } : {}),
    ...(a.only_problems === true ? { onlyProblems: true } : {}), ...(a.free === true ? { free: true } : {}), ...(limit !== undefined && limit > 0 ? { limit: Math.min(Math.round(limit), 100) } : {}),
    ...(op.startsWith('alert_') ? { alert: alertOf(a, kinds[0], ctx) } : {}),
    score: 1,
    alternatives: [],
  };
}
