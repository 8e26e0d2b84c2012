export { SqliteGraphRepository } from './sqlite-graph-repository.js';

/** What the knowledge graph knows about. */
export const ENTITY_TYPES = ['node', 'sensor', 'location', 'anomaly', 'incident', 'root_cause', 'process'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * One thing in the graph. Ids are `type:key` (`node:pi-node-2`, `sensor:pi-node-2/dht22-temperature`,
 * `incident:warehouse-b-1763648580000`), so an id alone says what it names.
 */
export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  /** Free-form properties; upserts merge them key by key (top level), later writes win. */
  props: Record<string, unknown>;
  /** Epoch ms of the earliest and latest event that mentioned it. */
  first_seen: number;
  last_seen: number;
}

/** A typed, directed edge (`node:pi-node-2` —located_in→ `location:warehouse-b`), one per type+from+to. */
export interface Relation {
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
  first_seen: number;
  last_seen: number;
}

/** An append-only record of something that happened to an entity (opened, annotated, linked …). */
export interface HistoryEntry {
  entity_id: string;
  ts: number;
  event: string;
  props: Record<string, unknown>;
}

export interface EntityFilter {
  type?: EntityType;
  /** Substring of the name or the id, case-insensitive. */
  q?: string;
  /** Seen at or after (last_seen ≥ from). */
  from?: number;
  /** Seen before (first_seen < to). */
  to?: number;
  /** Only entities whose `props.place` equals this (incidents by location). */
  place?: string;
  limit?: number;
}

/**
 * Where the knowledge graph lives. Async so SQLite and PostgreSQL fit the same shape; every
 * engine passes `graph-repository.test.ts`. Nothing is ever deleted: the seed keeps the
 * knowledge graph indefinitely.
 * @example
 * const repo: GraphRepository = new SqliteGraphRepository('./data/graph.db');
 * await repo.open();
 * await repo.upsertEntity({ id: 'node:pi-node-1', type: 'node', name: 'pi-node-1', props: {}, first_seen: t, last_seen: t });
 */
export interface GraphRepository {
  readonly engine: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts, or merges into the existing one: props merged key by key, seen-times widened, name replaced. */
  upsertEntity(e: Entity): Promise<void>;
  /** Same merge rules as entities, keyed by type+from+to. */
  upsertRelation(r: Relation): Promise<void>;
  /**
   * Many upserts at once, with the same merge rules as one `upsertEntity` / `upsertRelation` each in
   * array order (entities first), in one transaction: what a batch of readings writes. Optional;
   * callers fall back to single upserts.
   */
  upsertAll?(entities: Entity[], relations: Relation[]): Promise<void>;
  entity(id: string): Promise<Entity | undefined>;
  /** Newest (by last_seen) first. */
  entities(filter: EntityFilter): Promise<Entity[]>;
  /** Relations touching the entity in either direction, newest (by last_seen) first. */
  relations(id: string, type?: string): Promise<Relation[]>;
  /** Every relation of one type (e.g. all `caused_by`), newest first. */
  relationsOfType(type: string, limit?: number): Promise<Relation[]>;
  appendHistory(h: HistoryEntry): Promise<void>;
  /** An entity's history, oldest first. */
  history(entityId: string, limit?: number): Promise<HistoryEntry[]>;
  /**
   * Runs `fn` while holding a lock named `key` that every replica sharing the storage respects,
   * so read-then-write steps (which incident an anomaly joins) do not race between replicas.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Which of these anomalies (by `anomalyKey`: `node/sensor@ts`) already joined an incident, and
   * which one: what makes replaying an anomaly (catch-up after a crash) a no-op.
   */
  attachedAnomalies(keys: string[]): Promise<Map<string, string>>;
  /** Records that an anomaly joined an incident (a second call for the key changes nothing). */
  markAttached(key: string, anomalyId: string, incidentId: string): Promise<void>;
  /** A named position persisted with the graph (epoch ms); undefined when never set. */
  cursor(name: string): Promise<number | undefined>;
  /** Moves a cursor forward; a value behind the stored one is ignored (replicas share it). */
  advanceCursor(name: string, value: number): Promise<void>;
}
