/**
 * The typed reading of a question: what to measure, where, when, what to do with it, and in which
 * units to write it. The parser builds it; operations run it; `/query` returns it in `data.plan`.
 */

export const VITALS = ['cpu', 'memory', 'soc_temp', 'disk', 'top_process'] as const;
/** Node vitals from health reports (never confused with room sensors). */
export type Vital = (typeof VITALS)[number];

export type Measure =
  | { type: 'kind'; kind: string }
  | { type: 'vital'; vital: Vital }
  /** A kind the question names that the store does not hold (CO2, noise, …). */
  | { type: 'unknown_kind'; name: string };

/** A place-like, node-like or sensor-like mention that matches nothing the store holds. */
export interface UnknownMention {
  text: string;
  like: 'place' | 'node' | 'sensor';
}

export interface Scope {
  locations: string[];
  nodes: string[];
  sensors: { node: string; sensor: string }[];
  /** The words used for a group of locations ("warehouse" for warehouse-a, -b, -c). */
  group?: string;
  unknown: UnknownMention[];
  /** Words several places share, said of one ("the warehouse" with a North and a South Warehouse). */
  ambiguous?: { text: string; candidates: string[] }[];
  /** The question asks per entity ("which node", "each location", "per sensor"). */
  per?: 'location' | 'node' | 'sensor';
}

export type TimeSpec =
  | { type: 'now'; explicit: boolean }
  | { type: 'point'; at: number; label: string }
  | { type: 'window'; from: number; to: number; label: string; explicit: boolean };

export const OPERATIONS = [
  'current', 'statistics', 'extreme', 'compare', 'rank', 'trend', 'count', 'list', 'liveness', 'anomalies',
  'why', 'history', 'health', 'alert_create', 'alert_list', 'alert_update', 'alert_delete', 'export', 'help',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

export type TemperatureUnit = '°C' | '°F' | 'K';
export type PressureUnit = 'hPa' | 'mbar' | 'kPa' | 'inHg' | 'mmHg';
export interface Units {
  temperature: TemperatureUnit;
  pressure: PressureUnit;
}

/** What an alert request says, read from the words around its comparison. */
export interface AlertText {
  op?: '<' | '<=' | '>' | '>=';
  /** The threshold converted to the stored unit of the kind. */
  value?: number;
  /** The number and unit as the question wrote them ("80 °F"). */
  stated?: { value: number; unit: string };
  for_s?: number;
  severity?: 'warning' | 'critical';
  channels: ({ type: 'slack' | 'webhook'; url?: string } | { type: 'pagerduty'; routing_key?: string })[];
  /** offline / unhealthy / anomaly / silence conditions instead of a threshold. */
  condition?: 'threshold' | 'offline' | 'unhealthy' | 'anomaly' | 'silent';
  silent_s?: number;
  name?: string;
  ruleId?: string;
}

export interface Plan {
  operation: OperationName;
  measures: Measure[];
  scope: Scope;
  time: TimeSpec;
  units: Units;
  /** statistics: the statistic asked for (all: average, min and max). */
  stat?: 'mean' | 'min' | 'max' | 'all';
  /** statistics: a follow-up asked for that one statistic alone ("and the minimum?"): it is answered without the others. */
  statOnly?: boolean;
  /** extreme and rank: which end. */
  extreme?: 'max' | 'min';
  /** trend: the direction the question asks about, if any ("is it falling?"). */
  direction?: 'rising' | 'falling';
  /** count and list: what to count or list. */
  subject?: 'sensors' | 'nodes' | 'locations' | 'kinds' | 'anomalies' | 'readings' | 'alerts';
  /** liveness: asked about online/offline state, the last time heard from, who stopped reporting, or whether it reported within the window ("has pi-node-4 reported in the last hour"). */
  liveness?: 'online' | 'offline' | 'last_seen' | 'reporting' | 'within';
  /** health: only the unhealthy ones. */
  onlyProblems?: boolean;
  /** rank: a disk or memory vital by what is left ("most free disk", "least memory available"). */
  free?: boolean;
  /** rank: how many to show ("top 3"). */
  limit?: number;
  /** rank: the place asked for by its position ("the second warmest" is 2). */
  nth?: number;
  /** current: a judgement asked of a place's room readings ("is the office overheating?"). */
  judge?: 'overheating';
  alert?: AlertText;
  /**
   * A yes/no question about a threshold ("is warehouse a above 20°C?", "did it ever drop below
   * 30% yesterday?", "which nodes are over 80% CPU?"): the comparison as stated; the answer gives
   * the verdict with the figure it rests on.
   */
  check?: { op: '<' | '<=' | '>' | '>='; stated: { value: number; unit: string }; ever: boolean };
  format?: 'csv' | 'ndjson' | 'parquet';
  /** How sure the parser is, and the readings it weighed. */
  score: number;
  alternatives: { operation: OperationName; score: number }[];
}
