import type { IngestItem } from '../store/store.js';
import { annotate, prefixed, type Annotation, type AnnotationResult } from './annotation.js';
import { GraphBuilder } from './graph-builder.js';
import type { Entity, EntityFilter, GraphRepository, HistoryEntry, Relation } from './graph-repository.js';
import { DEFAULT_INCIDENT_OPTIONS, incidentStatus, type IncidentOptions, type IncidentStatus } from './incident.js';
import { IncidentTracker, type SimilarIncident } from './incident-tracker.js';

export type { SimilarIncident } from './incident-tracker.js';
export type { Annotation, AnnotationResult } from './annotation.js';

/** An incident as answered to readers: the entity plus whether it is still open. */
export type IncidentView = Entity & { status: IncidentStatus };

export interface IncidentDetail {
  incident: IncidentView;
  anomalies: Entity[];
  /** The latest recorded root cause with its resolution, author and time. */
  root_cause: (Entity & { resolution?: string; author?: string; at?: number }) | null;
  similar: SimilarIncident[];
  history: HistoryEntry[];
}

export interface Neighbourhood {
  entity: Entity | undefined;
  relations: Relation[];
  neighbours: Entity[];
  history: HistoryEntry[];
}

/**
 * agent-bruno's knowledge graph, built from events as they are stored: nodes, sensors,
 * locations, processes (from health), anomalies, incidents (anomalies at one place within
 * 15 minutes of each other, by default), root causes (from annotations), and the relations
 * between them. A new incident is linked to past incidents with a known root cause that look
 * alike. All state is in the repository, so replicas sharing PostgreSQL share one graph.
 * @example
 * const graph = new KnowledgeGraph(new SqliteGraphRepository('./data/graph.db'), Date.now);
 * await graph.start();
 * ingestor.onStored((items) => void graph.onData(items).catch((err) => console.error('[graph]', err)));
 * await graph.annotate({ incident_id: 'incident:warehouse-b-1763648580000', root_cause: 'HVAC malfunction' });
 */
export class KnowledgeGraph {
  private readonly options: IncidentOptions;
  private readonly builder: GraphBuilder;
  private readonly tracker: IncidentTracker;
  /** Batches apply one after another: which incident an anomaly joins depends on the batch before. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly repo: GraphRepository, private readonly clock: () => number = Date.now, options: Partial<IncidentOptions> = {}) {
    this.options = { ...DEFAULT_INCIDENT_OPTIONS, ...options };
    this.builder = new GraphBuilder(repo);
    this.tracker = new IncidentTracker(repo, this.options);
  }

  async start(): Promise<void> {
    await this.repo.open();
  }

  async stop(): Promise<void> {
    await this.queue.catch(() => undefined); // let the batch in flight land
    await this.repo.close();
  }

  /** Adds a stored batch; resolves once it is in the graph. A failed batch does not stop later ones. */
  onData(items: IngestItem[]): Promise<void> {
    const run = this.queue.catch(() => undefined).then(() => this.apply(items));
    this.queue = run;
    return run;
  }

  private async apply(items: IngestItem[]): Promise<void> {
    const placed = await this.builder.apply(items);
    // Event time, not arrival order: a node's backlog after an outage groups as it happened.
    placed.sort((a, b) => a.anomaly.ts - b.anomaly.ts);
    for (const p of placed) await this.tracker.attach(p);
  }

  /** Records a root cause and/or resolution on an incident or an anomaly (see `annotate`). */
  async annotate(note: Annotation, now = this.clock()): Promise<AnnotationResult> {
    // Same lock as incident grouping: a concurrent anomaly must not write back stale incident props.
    const target = note.incident_id ? await this.repo.entity(prefixed('incident', note.incident_id))
      : note.anomaly_id ? await this.repo.entity(prefixed('anomaly', note.anomaly_id)) : undefined;
    const place = target?.type === 'incident' ? target.props.place : target?.type === 'anomaly' ? target.props.location ?? target.props.node : undefined;
    if (typeof place !== 'string') return annotate(this.repo, note, now);
    return this.repo.withLock(`incident:${place}`, () => annotate(this.repo, note, now));
  }

  /** Past incidents with a known root cause that look like this one, best first, each with why. */
  similarIncidents(incidentId: string): Promise<SimilarIncident[]> {
    return this.tracker.similarTo(prefixed('incident', incidentId));
  }

  entities(filter: EntityFilter): Promise<Entity[]> {
    return this.repo.entities(filter);
  }

  /** Incidents overlapping `from`–`to`, newest first, optionally at one location and/or in one status. */
  async incidents(f: { from?: number; to?: number; location?: string; status?: IncidentStatus; limit?: number } = {}): Promise<IncidentView[]> {
    const limit = f.limit ?? 200;
    const rows = await this.repo.entities({ type: 'incident', ...pick(f, ['from', 'to']), ...(f.location ? { place: f.location } : {}), limit: f.status ? limit * 5 : limit });
    return rows.map((e) => this.view(e)).filter((i) => !f.status || i.status === f.status).slice(0, limit);
  }

  /** One incident with its anomalies, root cause, similar past incidents and history; undefined when unknown. */
  async incident(id: string): Promise<IncidentDetail | undefined> {
    const entity = await this.repo.entity(prefixed('incident', id));
    if (!entity || entity.type !== 'incident') return undefined;
    const rel = await this.repo.relations(entity.id);
    const anomalies = (await Promise.all(rel.filter((r) => r.type === 'part_of' && r.to === entity.id).map((r) => this.repo.entity(r.from))))
      .filter((e): e is Entity => Boolean(e))
      .sort((a, b) => (a.props.ts as number) - (b.props.ts as number));
    const cause = rel.find((r) => r.type === 'caused_by' && r.from === entity.id);
    const causeEntity = cause ? await this.repo.entity(cause.to) : undefined;
    return {
      incident: this.view(entity),
      anomalies,
      root_cause: causeEntity ? { ...causeEntity, ...pick(cause!.props as { resolution?: string; author?: string; at?: number }, ['resolution', 'author', 'at']) } : null,
      similar: await this.similarIncidents(entity.id),
      history: await this.repo.history(entity.id),
    };
  }

  /** An entity with the relations and entities within `depth` (1 or 2) hops, and its history. */
  async neighbourhood(id: string, depth = 1): Promise<Neighbourhood> {
    const entity = await this.repo.entity(id);
    if (!entity) return { entity: undefined, relations: [], neighbours: [], history: [] };
    const relations = new Map<string, Relation>();
    const ids = new Set<string>([id]);
    let frontier = [id];
    for (let d = 0; d < Math.min(2, Math.max(1, depth)); d++) {
      const next: string[] = [];
      for (const f of frontier) {
        for (const r of await this.repo.relations(f)) {
          relations.set(`${r.type} ${r.from} ${r.to}`, r);
          for (const x of [r.from, r.to]) if (!ids.has(x)) { ids.add(x); next.push(x); }
        }
      }
      frontier = next;
    }
    ids.delete(id);
    const neighbours = (await Promise.all([...ids].map((x) => this.repo.entity(x)))).filter((e): e is Entity => Boolean(e));
    return { entity: entity.type === 'incident' ? this.view(entity) : entity, relations: [...relations.values()], neighbours, history: await this.repo.history(id) };
  }

  private view(e: Entity): IncidentView {
    return { ...e, status: incidentStatus({ end: e.props.end as number }, this.clock(), this.options) };
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
