import { InvalidInput, NotFound } from '../../core/errors.js';
import type { Entity, GraphRepository } from './graph-repository.js';
import { slug } from './incident.js';

/** What a person (or the agent on their behalf) records about an incident or an anomaly. */
export interface Annotation {
  /** `incident:…` (the prefix may be left off). */
  incident_id?: string;
  /** `anomaly:…` (the prefix may be left off); its incident is annotated too. */
  anomaly_id?: string;
  /** e.g. "HVAC malfunction"; becomes (or joins) a root_cause entity. */
  root_cause?: string;
  /** e.g. "replaced compressor relay". */
  resolution?: string;
  author?: string;
}

export interface AnnotationResult {
  incident: Entity | undefined;
  anomaly: Entity | undefined;
  root_cause: Entity | undefined;
}

/**
 * Records a root cause and/or a resolution. The root cause becomes an entity shared by every
 * incident with the same cause (`root_cause:hvac-malfunction`), linked by `caused_by` with the
 * resolution, author and time; the incident carries the latest one in its props. A later
 * annotation of the same incident supersedes the earlier (both stay in its history).
 * Throws 400 for a note without target or content, 404 for an unknown target.
 * @example
 * await annotate(repo, { incident_id: 'incident:warehouse-b-1763648580000', root_cause: 'HVAC malfunction', resolution: 'replaced compressor relay', author: 'bruno' }, Date.now());
 */
export async function annotate(repo: GraphRepository, note: Annotation, now: number): Promise<AnnotationResult> {
  const rootCause = note.root_cause?.trim();
  const resolution = note.resolution?.trim();
  if (!note.incident_id && !note.anomaly_id) throw new InvalidInput('name the incident_id (or an anomaly_id) to annotate', { field: 'incident_id' });
  if (!rootCause && !resolution) throw new InvalidInput('give a root_cause, a resolution, or both', { field: 'root_cause' });
  const anomaly = note.anomaly_id ? await repo.entity(prefixed('anomaly', note.anomaly_id)) : undefined;
  if (note.anomaly_id && anomaly?.type !== 'anomaly') throw new NotFound(`no anomaly ${prefixed('anomaly', note.anomaly_id)}`, { field: 'anomaly_id' });
  const ofAnomaly = anomaly ? (await repo.relations(anomaly.id, 'part_of')).find((r) => r.from === anomaly.id)?.to : undefined;
  const incidentId = note.incident_id ? prefixed('incident', note.incident_id) : ofAnomaly;
  if (note.incident_id && ofAnomaly && ofAnomaly !== incidentId) {
    throw new InvalidInput(`anomaly ${anomaly!.id} belongs to ${ofAnomaly}, not ${incidentId}`, { field: 'anomaly_id' });
  }
  const incident = incidentId ? await repo.entity(incidentId) : undefined;
  if (incidentId && incident?.type !== 'incident') throw new NotFound(`no incident ${incidentId}; list them at /api/v1/graph/incidents`, { field: 'incident_id' });

  const detail = { ...(resolution ? { resolution } : {}), ...(note.author ? { author: note.author } : {}), at: now };
  let cause: Entity | undefined;
  if (rootCause) {
    const id = `root_cause:${slug(rootCause)}`;
    await repo.upsertEntity({ id, type: 'root_cause', name: rootCause, props: {}, first_seen: now, last_seen: now });
    for (const target of [incident, anomaly]) {
      if (target) await repo.upsertRelation({ type: 'caused_by', from: target.id, to: id, props: detail, first_seen: now, last_seen: now });
    }
    await repo.appendHistory({ entity_id: id, ts: now, event: 'annotated', props: { target: incident?.id ?? anomaly?.id, ...detail } });
    cause = await repo.entity(id);
  } else {
    // A resolution alone completes the root cause already recorded, if any.
    const existing = incident ? (await repo.relations(incident.id, 'caused_by')).find((r) => r.from === incident.id) : undefined;
    if (existing) await repo.upsertRelation({ ...existing, props: detail, last_seen: Math.max(existing.last_seen, now) });
    cause = existing ? await repo.entity(existing.to) : undefined;
  }
  for (const target of [incident, anomaly]) {
    if (!target) continue;
    const props = { ...(cause ? { root_cause: cause.name } : {}), ...(resolution ? { resolution } : {}), ...(note.author ? { annotated_by: note.author } : {}), annotated_at: now };
    await repo.upsertEntity({ ...target, props, first_seen: target.first_seen, last_seen: target.last_seen });
    await repo.appendHistory({ entity_id: target.id, ts: now, event: 'annotated', props: { ...(rootCause ? { root_cause: rootCause } : {}), ...detail } });
  }
  return { incident: incident ? await repo.entity(incident.id) : undefined, anomaly: anomaly ? await repo.entity(anomaly.id) : undefined, root_cause: cause };
}

/**
 * Accepts ids with or without their type prefix.
 * @example
 * prefixed('incident', 'warehouse-b-1763648580000') // 'incident:warehouse-b-1763648580000'
 */
export function prefixed(type: string, id: string): string {
  return id.startsWith(`${type}:`) ? id : `${type}:${id}`;
}
