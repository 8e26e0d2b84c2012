import type { Catalog, SeriesInfo, StudioStore } from '../../../studio/store/store.js';
import type { HealthLimits } from '../../../studio/health/node-health.js';
import type { AlertEngine } from '../../../studio/alerts/engine.js';
import type { KnowledgeGraph } from '../../../studio/graph/knowledge-graph.js';
import type { Measure, OperationName, Plan, Scope, Vital } from '../language/plan.js';
import type { Answer } from '../answer.js';
import type { StudioAnomalyScorer } from '../../../studio/analysis/spikes.js';

/** The domain APIs an operation may use, and the request's clock and catalog. */
export interface OperationContext {
  store: StudioStore;
  catalog: Catalog;
  now: number;
  healthLimits: HealthLimits;
  alerts?: AlertEngine;
  graph?: KnowledgeGraph;
  question: string;
  /** The question with names and times blanked (where alert numbers are read). */
  masked: string;
  /** The studio's own spike finder over stored rollups (cached briefly per scope and range). */
  spikes?: StudioAnomalyScorer;
}

/** A JSON-schema-like description of an operation, for the model's tool calling and for docs. */
export interface OperationSpec {
  name: OperationName;
  description: string;
  /** Which scope the caller needs: actions that change things need admin, as their REST routes do. */
  scope: 'read' | 'admin';
  parameters: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}

/** One capability: its spec and a function over the typed plan and the domain APIs. */
export interface Operation {
  spec: OperationSpec;
  run(plan: Plan, ctx: OperationContext): Promise<Answer>;
}

const str = { type: 'string' } as const;
const list = (description: string) => ({ type: 'array', items: str, description });
/** The plan's fields as parameters: what every reading operation accepts. */
export const PLAN_PARAMETERS: Record<string, unknown> = {
  kinds: list('sensor kinds, e.g. temperature, humidity, pressure'),
  vitals: { type: 'array', items: { enum: ['cpu', 'memory', 'soc_temp', 'disk', 'top_process'] }, description: 'node vitals from health reports' },
  locations: list('locations as the store names them'),
  nodes: list('nodes as the store names them'),
  from: { type: 'string', description: 'window start, RFC 3339 (default: 24 hours before now)' },
  to: { type: 'string', description: 'window end, RFC 3339 (default: now)' },
  at: { type: 'string', description: 'a point in time, RFC 3339 (instead of a window)' },
  temperature_unit: { enum: ['°C', '°F', 'K'] },
  pressure_unit: { enum: ['hPa', 'mbar', 'kPa', 'inHg', 'mmHg'] },
};
export const spec = (name: OperationName, description: string, extra: Record<string, unknown> = {}, scope: 'read' | 'admin' = 'read'): OperationSpec =>
  ({ name, description, scope, parameters: { type: 'object', properties: { ...PLAN_PARAMETERS, ...extra } } });

export const kindsOf = (plan: Plan): string[] => plan.measures.flatMap((m) => (m.type === 'kind' ? [m.kind] : []));
export const vitalsOf = (plan: Plan): Vital[] => plan.measures.flatMap((m) => (m.type === 'vital' ? [m.vital] : []));
export const hasPlace = (s: Scope): boolean => s.locations.length > 0 || s.nodes.length > 0 || s.sensors.length > 0;

/** Series the scope covers: a named node, location or sensor matches; no place named means all. */
export function inScope<T extends { node: string; sensor?: string; kind?: string; location?: string | null | undefined }>(rows: T[], scope: Scope, kinds: string[] = []): T[] {
  const sensors = scope.sensors.map((s) => s.sensor);
  return rows.filter((r) => {
    const place = (scope.locations.length === 0 && scope.nodes.length === 0) || scope.nodes.includes(r.node) || (r.location != null && scope.locations.includes(r.location));
    const sensor = sensors.length === 0 || (r.sensor !== undefined && sensors.includes(r.sensor));
    return place && sensor && (kinds.length === 0 || (r.kind !== undefined && kinds.includes(r.kind)));
  });
}

/** The store filter a scope narrows to when it names one node, location or kind. */
export function storeFilter(scope: Scope, kinds: string[]): { kind?: string; node?: string; location?: string } {
  return {
    ...(kinds.length === 1 ? { kind: kinds[0]! } : {}),
    ...(scope.nodes.length === 1 && scope.locations.length === 0 ? { node: scope.nodes[0]! } : {}),
    ...(scope.locations.length === 1 && scope.nodes.length === 0 ? { location: scope.locations[0]! } : {}),
  };
}

/** The place a question is about, as an answer names it. */
export function placeName(s: Scope): string {
  const names = [...s.locations, ...s.nodes];
  if (s.group && s.nodes.length === 0) return `the ${s.group}`;
  if (names.length === 0) return 'all locations';
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The kinds a reading question is about: those named, else every kind the scope holds. */
export function kindsInScope(plan: Plan, series: SeriesInfo[]): string[] {
  const named = kindsOf(plan);
  if (named.length) return named;
  return [...new Set(inScope(series, plan.scope).map((s) => s.kind))];
}

export const isReadingMeasure = (m: Measure): boolean => m.type === 'kind';

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const windowData = (plan: Plan) => (plan.time.type === 'window'
  ? { from: plan.time.from, to: plan.time.to, label: plan.time.label }
  : plan.time.type === 'point' ? { at: plan.time.at, label: plan.time.label } : { label: 'now' });
