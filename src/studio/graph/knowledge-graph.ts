import type { IngestItem } from '../store/store.js';
import type { Entity, GraphRepository, Relation } from './graph-repository.js';

const INCIDENT_GAP_MS = 15 * 60_000;
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export interface SimilarIncident {
  incident: Entity;
  score: number;
  why: string[];
  root_cause: string;
  resolution?: string;
}

/**
 * agent-bruno's knowledge graph, built from events as they are stored: nodes, sensors,
 * locations, processes (from health), anomalies, incidents (anomalies at one location within
 * 15 minutes of each other), root causes (from annotations), and the relations between them.
 * A new incident is linked to past incidents with a known root cause that look alike.
 * @example
 * const graph = new KnowledgeGraph(repo);
 * ingestor.onStored((items) => graph.onData(items));
 */
export class KnowledgeGraph {
  constructor(readonly repo: GraphRepository) {}

  async start(): Promise<void> {
    await this.repo.open();
  }

  async stop(): Promise<void> {
    await this.repo.close();
  }

  /** Batches are applied one after another: incident grouping reads what the previous batch wrote. */
  onData(items: IngestItem[]): Promise<void> {
    this.queue = this.queue.then(() => this.apply(items));
    return this.queue;
  }

  private queue: Promise<void> = Promise.resolve();

  private async apply(items: IngestItem[]): Promise<void> {
    const seen = new Map<string, number>();
    const place = async (node: string, sensor: string | undefined, kind: string | undefined, location: string | undefined, ts: number) => {
      // Once per series and batch (at its newest time): a batch of readings touches each entity once.
      const key = `${node}/${sensor}/${location}`;
      if ((seen.get(key) ?? -Infinity) >= ts) return;
      seen.set(key, ts);
      await this.entity('node', node, node, {}, ts);
      if (location) { await this.entity('location', location, location, {}, ts); await this.relate('located_in', `node:${node}`, `location:${location}`, {}, ts); }
      if (sensor) { await this.entity('sensor', `${node}/${sensor}`, sensor, { kind, node }, ts); await this.relate('attached_to', `sensor:${node}/${sensor}`, `node:${node}`, {}, ts); }
    };
    {
      for (const item of items) {
        const latest = new Map<string, NonNullable<IngestItem['readings']>[number]>();
        for (const r of item.readings ?? []) { const k = `${r.node}/${r.sensor}`; if ((latest.get(k)?.ts ?? -Infinity) < r.ts) latest.set(k, r); }
        for (const r of latest.values()) await place(r.node, r.sensor, r.kind, r.location, r.ts);
        for (const s of item.aggregate?.series ?? []) await place(item.aggregate!.node, s.sensor, s.kind, s.location, item.aggregate!.window_end as number);
        if (item.health) {
          const h = item.health;
          await place(h.node, undefined, undefined, h.location, h.ts);
          for (const p of h.top) {
            await this.entity('process', `${h.node}/${p.name}`, p.name, { node: h.node }, h.ts);
            await this.relate('runs', `node:${h.node}`, `process:${h.node}/${p.name}`, { cpu_pct: p.cpu_pct, mem_pct: p.mem_pct }, h.ts);
          }
        }
        for (const a of item.anomalies ?? []) {
          await place(a.node, a.sensor, a.kind, a.location, a.ts);
          const id = `${item.event.source}:${item.event.id}`;
          await this.entity('anomaly', id, `${a.kind} ${a.value}${a.unit} at ${a.node}/${a.sensor}`, { node: a.node, sensor: a.sensor, kind: a.kind, value: a.value, unit: a.unit, severity: a.severity, reason: a.reason, score: a.score, location: a.location ?? null, ts: a.ts }, a.ts);
          await this.relate('observed_by', `anomaly:${id}`, `sensor:${a.node}/${a.sensor}`, {}, a.ts);
          await this.attachToIncident(`anomaly:${id}`, a.location ?? a.node, a.kind, a.value, a.severity, a.ts);
        }
      }
    }
  }

  /** Records a root cause (and resolution) on an incident; returns the root-cause entity. */
  async annotate(incidentId: string, note: { root_cause: string; resolution?: string; author?: string }, now = Date.now()): Promise<Entity> {
    const incident = await this.repo.entity(incidentId);
    if (!incident || incident.type !== 'incident') throw new Error(`no incident ${incidentId}`);
    const id = `root_cause:${slug(note.root_cause)}`;
    await this.entity('root_cause', slug(note.root_cause), note.root_cause, {}, now);
    await this.relate('caused_by', incidentId, id, { ...(note.resolution ? { resolution: note.resolution } : {}), ...(note.author ? { author: note.author } : {}), at: now }, now);
    return (await this.repo.entity(id))!;
  }

  /** Past incidents with a known root cause that look like this one, best first, with why. */
  async similarIncidents(incidentId: string): Promise<SimilarIncident[]> {
    const me = await this.repo.entity(incidentId);
    if (!me) return [];
    const mine = me.props as { place?: string; kinds?: string[]; start?: number };
    const out: SimilarIncident[] = [];
    for (const other of await this.repo.entities({ type: 'incident', limit: 1000 })) {
      if (other.id === me.id || (other.props.start as number) >= (mine.start ?? Infinity)) continue;
      const cause = (await this.repo.relations(other.id, 'caused_by')).find((r) => r.from === other.id);
      if (!cause) continue;
      const theirs = other.props as { place?: string; kinds?: string[] };
      const why: string[] = [];
      let score = 0;
      if (theirs.place === mine.place) { score += 0.5; why.push(`same place (${mine.place})`); }
      const a = new Set(mine.kinds ?? []);
      const b = new Set(theirs.kinds ?? []);
      const shared = [...a].filter((k) => b.has(k));
      const jaccard = shared.length / Math.max(1, new Set([...a, ...b]).size);
      if (shared.length) { score += 0.5 * jaccard; why.push(`same kinds (${shared.join(', ')})`); }
      if (score >= 0.5) out.push({ incident: other, score: Math.round(score * 100) / 100, why, root_cause: (await this.repo.entity(cause.to))?.name ?? cause.to, ...(cause.props.resolution ? { resolution: String(cause.props.resolution) } : {}) });
    }
    return out.sort((x, y) => y.score - x.score || (y.incident.props.start as number) - (x.incident.props.start as number));
  }

  /** An entity with its neighbours to `depth` (1 or 2). */
  async neighbourhood(id: string, depth = 1): Promise<{ entity: Entity | undefined; relations: Relation[]; neighbours: Entity[] }> {
    const entity = await this.repo.entity(id);
    const relations: Relation[] = [];
    const ids = new Set<string>([id]);
    let frontier = [id];
    for (let d = 0; d < Math.min(2, Math.max(1, depth)); d++) {
      const next: string[] = [];
      for (const f of frontier) for (const r of await this.repo.relations(f)) {
        relations.push(r);
        for (const x of [r.from, r.to]) if (!ids.has(x)) { ids.add(x); next.push(x); }
      }
      frontier = next;
    }
    ids.delete(id);
    const neighbours = await Promise.all([...ids].map((x) => this.repo.entity(x)));
    return { entity, relations, neighbours: neighbours.filter((e): e is Entity => Boolean(e)) };
  }

  private async attachToIncident(anomalyId: string, place: string, kind: string, value: number, severity: string, ts: number): Promise<void> {
    const open = (await this.repo.entities({ type: 'incident', q: place, from: ts - INCIDENT_GAP_MS, limit: 5 })
      ).find((e) => e.props.place === place && (e.props.end as number) >= ts - INCIDENT_GAP_MS && (e.props.start as number) <= ts + INCIDENT_GAP_MS);
    const id = open ? open.id.slice('incident:'.length) : `${slug(place)}-${ts}`;
    const prev = (open?.props ?? {}) as { start?: number; end?: number; kinds?: string[]; peak?: Record<string, number>; severity?: string; count?: number };
    const peak = { ...(prev.peak ?? {}) };
    if (peak[kind] === undefined || Math.abs(value) > Math.abs(peak[kind]!)) peak[kind] = value;
    const sev = prev.severity === 'critical' || severity === 'critical' ? 'critical' : 'warning';
    await this.entity('incident', id, `incident at ${place}`, {
      place, start: Math.min(prev.start ?? ts, ts), end: Math.max(prev.end ?? ts, ts), severity: sev,
      kinds: [...new Set([...(prev.kinds ?? []), kind])].sort(), peak, count: (prev.count ?? 0) + 1,
    }, ts);
    await this.relate('part_of', anomalyId, `incident:${id}`, {}, ts);
    if (place.startsWith('warehouse') || !place.startsWith('pi-')) await this.relate('at', `incident:${id}`, `location:${place}`, {}, ts);
    if (!open) for (const s of (await this.similarIncidents(`incident:${id}`)).slice(0, 3)) await this.relate('similar_to', `incident:${id}`, s.incident.id, { score: s.score, why: s.why }, ts);
  }

  private entity(type: Entity['type'], key: string, name: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertEntity({ id: `${type}:${key}`, type, name, props, first_seen: ts, last_seen: ts });
  }

  private relate(type: string, from: string, to: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertRelation({ type, from, to, props, first_seen: ts, last_seen: ts });
  }
}
