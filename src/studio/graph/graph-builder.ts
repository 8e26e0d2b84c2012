import type { Anomaly } from '../../core/schemas.js';
import { summarize, type BatchSummary } from '../ingest/summary.js';
import type { IngestItem } from '../store/store.js';
import type { Entity, EntityType, GraphRepository, Relation } from './graph-repository.js';

/** What the builder hands on for each anomaly it placed in the graph. */
export interface PlacedAnomaly {
  /** Entity id, `anomaly:<source>:<event id>`. */
  id: string;
  anomaly: Anomaly;
  /** The sensor's usual level before this anomaly, when the graph has seen normal data from it. */
  baseline: number | null;
}

/** A sensor's touch in a run of items: newest time, and the newest usual level with its time. */
interface SensorTouch { node: string; sensor: string; kind: string; location: string | undefined; ts: number; baseline?: { value: number; ts: number } }

/** Items that only carry readings or aggregates: folded per series, written in one go. */
export const plain = (item: IngestItem): boolean => !item.anomalies?.length && !item.health && !item.explanation;

/**
 * Turns stored events into entities and relations: node —located_in→ location, sensor
 * —attached_to→ node, node —runs→ process (last CPU/mem), anomaly —observed_by→ sensor. Sensors
 * carry a baseline (latest 5-minute mean or normal reading) so anomalies get a direction. Every
 * write is an upsert, so replaying a batch changes seen-times only.
 *
 * Raw readings arrive in the thousands per batch but touch a few dozen series: a run of items with
 * only readings and aggregates is folded per series (see {@link summarize}) and its node, location
 * and sensor writes go to the repository together (`upsertAll`, one transaction where the engine
 * has it). Items with anomalies, health or explanations are applied one by one, in order, so an
 * anomaly's baseline is the level its series had just before it.
 * @example
 * const builder = new GraphBuilder(repo);
 * const placed = await builder.apply(summarize(items)); // then group placed anomalies into incidents
 */
export class GraphBuilder {
  constructor(private readonly repo: GraphRepository) {}

  async apply(batch: BatchSummary | IngestItem[]): Promise<PlacedAnomaly[]> {
    const summary = Array.isArray(batch) ? summarize(batch) : batch;
    const placed: PlacedAnomaly[] = [];
    if (summary.items.every(plain)) {
      await this.readings(summary);
      return placed;
    }
    let run: IngestItem[] = [];
    for (const item of summary.items) {
      if (plain(item)) {
        run.push(item);
        continue;
      }
      if (run.length) await this.readings(summarize(run));
      run = [];
      await this.readings(summarize([item]));
      const touched = new Map<string, number>();
      if (item.health) await this.health(touched, item.health);
      for (const a of item.anomalies ?? []) placed.push(await this.anomaly(touched, `${item.event.source}:${item.event.id}`, a));
      if (item.explanation) {
        const id = `anomaly:${item.event.source}:${item.explanation.anomaly_id}`;
        const known = await this.repo.entity(id);
        if (known) await this.entity('anomaly', id, known.name, { explanation: item.explanation.text }, known.last_seen);
      }
    }
    if (run.length) await this.readings(summarize(run));
    return placed;
  }

  /** Nodes, locations and sensors of a run's readings and aggregates: one write per entity and relation. */
  private async readings(s: BatchSummary): Promise<void> {
    const sensors = new Map<string, SensorTouch>();
    const touch = (t: SensorTouch): void => {
      const key = `${t.node}/${t.sensor}`;
      const cur = sensors.get(key);
      if (!cur) {
        sensors.set(key, t);
        return;
      }
      cur.kind = t.kind;
      cur.location = t.location ?? cur.location;
      cur.ts = Math.max(cur.ts, t.ts);
      if (t.baseline && (!cur.baseline || t.baseline.ts >= cur.baseline.ts)) cur.baseline = t.baseline;
    };
    for (const x of s.series) {
      touch({ node: x.node, sensor: x.sensor, kind: x.kind, location: x.location, ts: x.lastTs, ...(Number.isNaN(x.usualTs) ? {} : { baseline: { value: x.usualValue, ts: x.usualTs } }) });
    }
    for (const item of s.items) {
      const ag = item.aggregate;
      for (const x of ag?.series ?? []) touch({ node: ag!.node, sensor: x.sensor, kind: x.kind, location: x.location, ts: ag!.window_end, baseline: { value: x.mean, ts: ag!.window_end } });
    }
    if (!sensors.size) return;
    const entities: Entity[] = [];
    const relations: Relation[] = [];
    const nodes = new Map<string, { ts: number; location: string | undefined }>();
    for (const t of sensors.values()) {
      const n = nodes.get(t.node);
      if (!n) nodes.set(t.node, { ts: t.ts, location: t.location });
      else { n.ts = Math.max(n.ts, t.ts); n.location = t.location ?? n.location; }
    }
    for (const [node, n] of nodes) {
      entities.push(entity('node', `node:${node}`, node, n.location ? { location: n.location } : {}, n.ts));
      if (n.location) {
        entities.push(entity('location', `location:${n.location}`, n.location, {}, n.ts));
        relations.push(relation('located_in', `node:${node}`, `location:${n.location}`, {}, n.ts));
      }
    }
    for (const t of sensors.values()) {
      const id = `sensor:${t.node}/${t.sensor}`;
      let baseline = {};
      if (t.baseline) {
        // An older aggregate or reading arriving late (store-and-forward backlog) must not replace a newer level.
        const known = (await this.repo.entity(id))?.props.baseline_ts;
        if (typeof known !== 'number' || known <= t.baseline.ts) baseline = { baseline: t.baseline.value, baseline_ts: t.baseline.ts };
      }
      entities.push(entity('sensor', id, t.sensor, { kind: t.kind, node: t.node, ...baseline }, t.ts));
      relations.push(relation('attached_to', id, `node:${t.node}`, {}, t.ts));
    }
    if (this.repo.upsertAll) await this.repo.upsertAll(entities, relations);
    else {
      for (const e of entities) await this.repo.upsertEntity(e);
      for (const r of relations) await this.repo.upsertRelation(r);
    }
  }

  private async health(touched: Map<string, number>, h: NonNullable<IngestItem['health']>): Promise<void> {
    await this.place(touched, h.node, h.location, h.ts);
    await this.entity('node', `node:${h.node}`, h.node, { cpu_pct: h.cpu_pct, mem_pct: h.mem_pct, disk_pct: h.disk_pct, temp_c: h.temp_c ?? null, health_ts: h.ts }, h.ts);
    for (const p of h.top) {
      const id = `process:${h.node}/${p.name}`;
      await this.entity('process', id, p.name, { node: h.node, cpu_pct: p.cpu_pct, mem_pct: p.mem_pct }, h.ts);
      await this.relate('runs', `node:${h.node}`, id, { cpu_pct: p.cpu_pct, mem_pct: p.mem_pct, ts: h.ts }, h.ts);
    }
  }

  private async anomaly(touched: Map<string, number>, key: string, a: Anomaly): Promise<PlacedAnomaly> {
    await this.place(touched, a.node, a.location, a.ts, { sensor: a.sensor, kind: a.kind });
    const sensor = await this.repo.entity(`sensor:${a.node}/${a.sensor}`);
    const b = sensor?.props.baseline;
    const baseline = typeof b === 'number' && (sensor?.props.baseline_ts as number) <= a.ts ? b : null;
    const id = `anomaly:${key}`;
    await this.entity('anomaly', id, `${a.kind} ${a.value}${a.unit} at ${a.node}/${a.sensor}`, {
      node: a.node, sensor: a.sensor, kind: a.kind, value: a.value, unit: a.unit, severity: a.severity, reason: a.reason, score: a.score,
      location: a.location ?? null, ts: a.ts, baseline, ...(a.explanation ? { explanation: a.explanation } : {}),
    }, a.ts);
    await this.relate('observed_by', id, `sensor:${a.node}/${a.sensor}`, {}, a.ts);
    return { id, anomaly: a, baseline };
  }

  /** Node, location and (without a baseline) sensor of one anomaly or health report, once per item and time. */
  private async place(touched: Map<string, number>, node: string, location: string | undefined, ts: number, sensor?: { sensor: string; kind: string }): Promise<void> {
    const key = `${node}/${sensor?.sensor ?? ''}/${location ?? ''}`;
    if ((touched.get(key) ?? -Infinity) >= ts) return;
    touched.set(key, ts);
    await this.entity('node', `node:${node}`, node, location ? { location } : {}, ts);
    if (location) {
      await this.entity('location', `location:${location}`, location, {}, ts);
      await this.relate('located_in', `node:${node}`, `location:${location}`, {}, ts);
    }
    if (!sensor) return;
    const id = `sensor:${node}/${sensor.sensor}`;
    await this.entity('sensor', id, sensor.sensor, { kind: sensor.kind, node }, ts);
    await this.relate('attached_to', id, `node:${node}`, {}, ts);
  }

  private entity(type: EntityType, id: string, name: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertEntity(entity(type, id, name, props, ts));
  }

  private relate(type: string, from: string, to: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertRelation(relation(type, from, to, props, ts));
  }
}

const entity = (type: EntityType, id: string, name: string, props: Record<string, unknown>, ts: number): Entity =>
  ({ id, type, name, props, first_seen: ts, last_seen: ts });
const relation = (type: string, from: string, to: string, props: Record<string, unknown>, ts: number): Relation =>
  ({ type, from, to, props, first_seen: ts, last_seen: ts });
