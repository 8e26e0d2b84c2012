import type { IngestItem } from '../store/store.js';
import { summarize, type BatchSummary } from '../ingest/summary.js';
import { annotate, prefixed, type Annotation, type AnnotationResult } from './annotation.js';
import { appliedThrough, missingAnomalies, SEQ_CURSOR, type AnomalySource } from './catch-up.js';
import { GraphBuilder, plain } from './graph-builder.js';
import type { Entity, EntityFilter, GraphRepository, HistoryEntry, Relation } from './graph-repository.js';
import { DEFAULT_INCIDENT_OPTIONS, incidentStatus, slug, type IncidentOptions, type IncidentStatus } from './incident.js';
import { IncidentTracker, type SimilarIncident } from './incident-tracker.js';
import { logger, sink } from '../../core/logger.js';

export type { SimilarIncident } from './incident-tracker.js';
export type { Annotation, AnnotationResult } from './annotation.js';
export type { AnomalySource } from './catch-up.js';

/** Incident grouping plus where the graph's messages go. */
export interface GraphOptions extends IncidentOptions {
  log: (message: string) => void;
}

/** What one catch-up did. */
export interface CatchUpResult {
  /**
   * Store sequence number the scan started after: the graph's cursor, or 0 (everything the store
   * keeps) for a new graph or one written by a version that kept an arrival-time cursor.
   */
  after: number;
  /** Last sequence number scanned; the cursor now stands there. */
  through: number;
  scanned: number;
  /** Anomalies that were not in any incident and now are. */
  replayed: number;
}

/** How often, at most, live batches move the cursor (and once more on stop). */
const CURSOR_EVERY_MS = 60_000;
/**
 * Plain batches (readings and aggregates only) are written at most this often: batches arriving
 * meanwhile are folded into the one waiting, so at full ingest speed the graph's upserts grow with
 * the series, not the POSTs (they were 14 % of HTTP ingest, one upsert per sensor per POST). The
 * first batch after a quiet spell is written at once.
 */
const PLAIN_EVERY_MS = 500;

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
 *
 * Events are stored before the graph sees them, so a crash in between would lose anomalies from
 * it for good. Given the store, `start` therefore catches up: it replays the stored anomalies no
 * incident contains, in the store's ingest order after a persisted cursor (see `SEQ_CURSOR`), before
 * any live batch, however old their event time. Replaying is idempotent: an anomaly already in an
 * incident is skipped. The cursor only passes anomalies that are in incidents (see `appliedThrough`).
 * @example
 * const graph = new KnowledgeGraph(new SqliteGraphRepository('./data/graph.db'), Date.now);
 * await graph.start(store); // opens, then catches up in the background (settled() waits for it)
 * ingestor.onStored((items) => void graph.onData(items).catch((err) => log.error({ err }, 'graph update failed')));
 * await graph.annotate({ incident_id: 'incident:warehouse-b-1763648580000', root_cause: 'HVAC malfunction' });
 */
export class KnowledgeGraph {
  private readonly options: GraphOptions;
  private readonly builder: GraphBuilder;
  private readonly tracker: IncidentTracker;
  /** Batches apply one after another: which incident an anomaly joins depends on the batch before. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The store given to `start`: what the cursor counts in. */
  private source?: AnomalySource;
  private cursorMovedAt = -Infinity;
  /** The plain batch waiting for its turn (see PLAIN_EVERY_MS), which later plain batches join. */
  private waiting?: { summary: BatchSummary; done: Promise<void> };
  /** When the last plain batch was written (monotonic ms). */
  private plainAt = -Infinity;

  constructor(readonly repo: GraphRepository, private readonly clock: () => number = Date.now, options: Partial<GraphOptions> = {}) {
    this.options = { ...DEFAULT_INCIDENT_OPTIONS, log: sink(logger('graph'), 'warn'), ...options };
    this.builder = new GraphBuilder(repo);
    this.tracker = new IncidentTracker(repo, this.options);
  }

  /** Opens the repository; given the store, queues a catch-up ahead of live batches (not awaited). */
  async start(source?: AnomalySource): Promise<void> {
    await this.repo.open();
    if (!source) return;
    this.source = source;
    void this.catchUp(source).then(
      (r) => { if (r.replayed) this.options.log(`caught up: ${r.replayed} stored anomalies were missing from the graph (${r.scanned} checked)`); },
      (err: Error) => this.options.log(`catch-up failed (${err.message}); the next start retries it`));
  }

  async stop(): Promise<void> {
    await this.settled(); // let the batch in flight land
    await this.enqueue(() => this.moveCursor());
    await this.repo.close();
  }

  /** Resolves when queued batches and catch-up are done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /**
   * Adds a stored batch (its items, or the ingestor's summary of them); resolves once it is in the
   * graph. A failed batch does not stop later ones.
   */
  onData(items: IngestItem[] | BatchSummary): Promise<void> {
    const summary = Array.isArray(items) ? summarize(items) : items;
    if (!summary.items.every(plain)) {
      this.waiting = undefined; // later plain batches must not be applied before this one
      return this.enqueue(async () => {
        await this.apply(summary);
        if (this.clock() - this.cursorMovedAt >= CURSOR_EVERY_MS) await this.moveCursor();
      });
    }
    const waiting = this.waiting;
    if (waiting) {
      waiting.summary = { items: [...waiting.summary.items, ...summary.items], series: [...waiting.summary.series, ...summary.series], readings: waiting.summary.readings + summary.readings };
      return waiting.done;
    }
    const slot: { summary: BatchSummary; done: Promise<void> } = { summary, done: Promise.resolve() };
    this.waiting = slot;
    slot.done = this.enqueue(async () => {
      const wait = this.plainAt + PLAIN_EVERY_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (this.waiting === slot) this.waiting = undefined;
      this.plainAt = performance.now();
      await this.apply(slot.summary);
      if (this.clock() - this.cursorMovedAt >= CURSOR_EVERY_MS) await this.moveCursor();
    });
    return slot.done;
  }

  /**
   * Replays stored anomalies that no incident contains, oldest (event time) first: everything the
   * store holds after the cursor, or everything it keeps when there is no cursor yet. Then moves the
   * cursor to the last one scanned. Queued like a batch; a failure leaves the cursor where it was.
   * @example
   * const { replayed } = await graph.catchUp(store);
   */
  catchUp(source: AnomalySource): Promise<CatchUpResult> {
    return this.enqueue(async () => {
      const after = (await this.repo.cursor(SEQ_CURSOR)) ?? 0;
      const { through, scanned, items } = await missingAnomalies(this.repo, source, after);
      for (let i = 0; i < items.length; i += 200) await this.apply(items.slice(i, i + 200));
      // Every anomaly up to `through` was in an incident already or is now.
      await this.repo.advanceCursor(SEQ_CURSOR, through);
      return { after, through, scanned, replayed: items.length };
    });
  }

  /** Runs after everything queued; a failure does not stop what comes next. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Moves the cursor over the stored anomalies that are now in incidents. Runs in the queue, so no
   * batch of this graph is half applied meanwhile; a failure only delays the move (it is logged,
   * not thrown: the batch it follows did land).
   */
  private async moveCursor(): Promise<void> {
    if (!this.source) return;
    this.cursorMovedAt = this.clock();
    try {
      const after = (await this.repo.cursor(SEQ_CURSOR)) ?? 0;
      const through = await appliedThrough(this.repo, this.source, after);
      if (through > after) await this.repo.advanceCursor(SEQ_CURSOR, through);
    } catch (err) {
      this.options.log(`could not move the cursor: ${(err as Error).message}`);
    }
  }

  private async apply(items: IngestItem[] | BatchSummary): Promise<void> {
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

  /**
   * Records an agent's finding (agent-auditor's report) on an incident: on `incident_id` when one
   * is open at the place, else on an incident opened for the alert group (`incident:alert-…`, with
   * the place, start and severity, no anomalies yet; later anomalies at the place may join it).
   * The text goes into the incident's props (`finding`, `finding_by`, `finding_at`, `likely_cause`)
   * and its history. Answers the incident's id (undefined when `create` is false and there is none).
   * @example
   * await graph.recordFinding({ key: 'alert:{}:{alertname="HighCpu"}', title, text, cause, author: 'agent-auditor', severity: 'critical', start, now, place: 'warehouse-c', node: 'pi-node-3' });
   */
  async recordFinding(f: { key: string; title: string; text: string; cause: string; author: string; severity: string; start: number; now: number; incident_id?: string; place?: string; node?: string; create?: boolean }): Promise<string | undefined> {
    const place = f.place ?? f.node ?? 'unplaced';
    return this.repo.withLock(`incident:${place}`, async () => {
      const existing = f.incident_id ? await this.repo.entity(prefixed('incident', f.incident_id)) : undefined;
      const finding = { finding: f.text, finding_by: f.author, finding_at: f.now, likely_cause: f.cause, finding_key: f.key };
      let id: string;
      if (existing?.type === 'incident') {
        id = existing.id;
        await this.repo.upsertEntity({ ...existing, props: finding });
      } else if (f.create === false) {
        return undefined;
      } else {
        id = `incident:alert-${slug(f.key).slice(0, 80)}-${f.start}`;
        const severity = f.severity === 'critical' ? 'critical' : 'warning';
        await this.repo.upsertEntity({
          id, type: 'incident', name: `${f.title} ${new Date(f.start).toISOString().slice(0, 16).replace('T', ' ')} UTC`, first_seen: f.start, last_seen: f.now,
          props: { place, location: f.place ?? null, start: f.start, end: f.start, severity, count: 0, kinds: [], sensors: [], nodes: f.node ? [f.node] : [], peak: {}, changes: {}, source: 'alert', title: f.title, ...finding },
        });
        if (f.place) await this.repo.upsertRelation({ type: 'at', from: id, to: `location:${f.place}`, props: {}, first_seen: f.start, last_seen: f.start });
        await this.repo.appendHistory({ entity_id: id, ts: f.start, event: 'opened', props: { by: f.author, key: f.key } });
      }
      await this.repo.appendHistory({ entity_id: id, ts: f.now, event: 'finding', props: { by: f.author, text: f.text, likely_cause: f.cause } });
      return id;
    });
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
