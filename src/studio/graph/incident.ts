import { maxSeverity, type Severity } from '../../core/severity.js';
import type { Anomaly } from '../../core/schemas.js';

export type Direction = 'up' | 'down';

/** How one kind moved during an incident, against the sensor's usual level before it. */
export interface KindChange {
  /** The value furthest from the baseline (or the largest, when no baseline is known). */
  peak: number;
  peak_ts: number;
  unit: string;
  /** The sensor's usual level before the incident (latest 5-minute mean or normal reading), when known. */
  baseline: number | null;
  /** peak − baseline; null without a baseline. */
  delta: number | null;
  direction: Direction | null;
}

/** The properties an incident entity carries (consumers read `place`, `start`, `end`, `kinds`, `peak`, `count`). */
export interface IncidentProps {
  /** The location, or the node when the anomalies carried no location. */
  place: string;
  location: string | null;
  /** Time of the first and the latest anomaly, epoch ms. */
  start: number;
  end: number;
  severity: Severity;
  count: number;
  kinds: string[];
  /** `node/sensor` of every sensor involved. */
  sensors: string[];
  nodes: string[];
  /** Peak value per kind (kept flat for readers that only want the number). */
  peak: Record<string, number>;
  changes: Record<string, KindChange>;
  root_cause?: string;
  resolution?: string;
}

export type IncidentStatus = 'open' | 'closed';

/** Incidents group anomalies at one place that come within `gapMs` of each other. */
export interface IncidentOptions {
  /** Anomalies this close (event time) join the same incident; also the quiet period that closes it. */
  gapMs: number;
}

export const DEFAULT_INCIDENT_OPTIONS: IncidentOptions = { gapMs: 15 * 60_000 };

/**
 * The incident after one more anomaly: times widened, severity raised, kinds and sensors added,
 * the peak per kind moved when the new value is further from the baseline.
 * @example
 * const props = mergeAnomaly(undefined, anomaly, 21.5); // a new incident
 * const next = mergeAnomaly(props, laterAnomaly, 21.5);
 */
export function mergeAnomaly(prev: IncidentProps | undefined, a: Anomaly, baseline: number | null): IncidentProps {
  const place = a.location ?? a.node;
  const changes = { ...(prev?.changes ?? {}) };
  const old = changes[a.kind];
  const base = old?.baseline ?? baseline; // the level before the incident, not one the incident has moved
  const distance = (v: number) => (base === null ? Math.abs(v) : Math.abs(v - base));
  if (!old || distance(a.value) > distance(old.peak)) {
    const delta = base === null ? null : a.value - base;
    changes[a.kind] = { peak: a.value, peak_ts: a.ts, unit: a.unit, baseline: base, delta, direction: delta === null || delta === 0 ? null : delta > 0 ? 'up' : 'down' };
  }
  const peak: Record<string, number> = {};
  for (const [k, c] of Object.entries(changes)) peak[k] = c.peak;
  return {
    ...(prev ?? {}),
    place,
    location: prev?.location ?? a.location ?? null,
    start: Math.min(prev?.start ?? a.ts, a.ts),
    end: Math.max(prev?.end ?? a.ts, a.ts),
    severity: prev ? maxSeverity(prev.severity, a.severity) : a.severity,
    count: (prev?.count ?? 0) + 1,
    kinds: union(prev?.kinds, a.kind),
    sensors: union(prev?.sensors, `${a.node}/${a.sensor}`),
    nodes: union(prev?.nodes, a.node),
    peak,
    changes,
  };
}

/**
 * Open while anomalies keep coming; closed once `gapMs` passed since the latest one.
 * @example
 * incidentStatus(props, Date.now(), DEFAULT_INCIDENT_OPTIONS) // 'open' | 'closed'
 */
export function incidentStatus(props: Pick<IncidentProps, 'end'>, now: number, options: IncidentOptions): IncidentStatus {
  return now - props.end < options.gapMs ? 'open' : 'closed';
}

/**
 * A name people can say: place and start minute (UTC), e.g. `warehouse-b 2026-11-20 14:23 UTC`.
 * @example
 * incidentLabel({ place: 'warehouse-b', start: Date.UTC(2026, 10, 20, 14, 23) }) // 'warehouse-b 2026-11-20 14:23 UTC'
 */
export function incidentLabel(props: Pick<IncidentProps, 'place' | 'start'>): string {
  return `${props.place} ${new Date(props.start).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The key of an incident entity: place and the first anomaly's time, the same on every replica.
 * @example
 * incidentKey('warehouse-b', 1763648580000) // 'warehouse-b-1763648580000'
 */
export function incidentKey(place: string, start: number): string {
  return `${slug(place)}-${Math.round(start)}`;
}

/**
 * Lower-case, dashes: stable ids from free text.
 * @example
 * slug('HVAC malfunction') // 'hvac-malfunction'
 */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'unnamed';
}

const union = (list: string[] | undefined, x: string): string[] => [...new Set([...(list ?? []), x])].sort();
