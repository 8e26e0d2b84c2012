import type { Anomaly } from '../../core/schemas.js';
import type { IngestItem } from '../store/store.js';
import type { EntityType, GraphRepository } from './graph-repository.js';

/** What the builder hands on for each anomaly it placed in the graph. */
export interface PlacedAnomaly {
  /** Entity id, `anomaly:<source>:<event id>`. */
  id: string;
  anomaly: Anomaly;
  /** The sensor's usual level before this anomaly, when the graph has seen normal data from it. */
  baseline: number | null;
}

/**
 * Turns stored events into entities and relations: node —located_in→ location, sensor
 * —attached_to→ node, node —runs→ process (last CPU/mem), anomaly —observed_by→ sensor. Sensors
 * carry a baseline (latest 5-minute mean or normal reading) so anomalies get a direction. Every
 * write is an upsert, so replaying a batch changes seen-times only.
 * @example
 * const builder = new GraphBuilder(repo);
 * const placed = await builder.apply(items); // then group placed anomalies into incidents
 */
export class GraphBuilder {
  constructor(private readonly repo: GraphRepository) {}

  async apply(items: IngestItem[]): Promise<PlacedAnomaly[]> {
    const placed: PlacedAnomaly[] = [];
    const touched = new Map<string, number>();
    for (const item of items) {
      // Newest normal value per series in the item: one baseline write per sensor, not per reading.
      const latest = new Map<string, { node: string; sensor: string; kind: string; location: string | undefined; ts: number; value: number | null }>();
      for (const r of item.readings ?? []) {
        const usual = r.severity === undefined || r.severity === 'normal';
        const k = `${r.node}/${r.sensor}`;
        const cur = latest.get(k);
        if (!cur || (usual && (cur.value === null || cur.ts < r.ts))) latest.set(k, { node: r.node, sensor: r.sensor, kind: r.kind, location: r.location, ts: r.ts, value: usual ? r.value : null });
      }
      if (item.aggregate) {
        const ag = item.aggregate;
        for (const s of ag.series) latest.set(`${ag.node}/${s.sensor}`, { node: ag.node, sensor: s.sensor, kind: s.kind, location: s.location, ts: ag.window_end, value: s.mean });
      }
      for (const s of latest.values()) await this.place(touched, s.node, s.location, s.ts, { sensor: s.sensor, kind: s.kind, baseline: s.value });
      if (item.health) await this.health(touched, item.health);
      for (const a of item.anomalies ?? []) placed.push(await this.anomaly(touched, `${item.event.source}:${item.event.id}`, a));
      if (item.explanation) {
        const id = `anomaly:${item.event.source}:${item.explanation.anomaly_id}`;
        const known = await this.repo.entity(id);
        if (known) await this.entity('anomaly', id, known.name, { explanation: item.explanation.text }, known.last_seen);
      }
    }
    return placed;
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
    await this.place(touched, a.node, a.location, a.ts, { sensor: a.sensor, kind: a.kind, baseline: null });
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

  /** Node, location and sensor of one series, written once per series and batch (at its newest time). */
  private async place(touched: Map<string, number>, node: string, location: string | undefined, ts: number,
    sensor?: { sensor: string; kind: string; baseline: number | null }): Promise<void> {
    const key = `${node}/${sensor?.sensor ?? ''}/${location ?? ''}/${sensor?.baseline === null ? '' : 'b'}`;
    if ((touched.get(key) ?? -Infinity) >= ts) return;
    touched.set(key, ts);
    await this.entity('node', `node:${node}`, node, location ? { location } : {}, ts);
    if (location) {
      await this.entity('location', `location:${location}`, location, {}, ts);
      await this.relate('located_in', `node:${node}`, `location:${location}`, {}, ts);
    }
    if (!sensor) return;
    const id = `sensor:${node}/${sensor.sensor}`;
    let baseline = {};
    if (sensor.baseline !== null) {
      // An older aggregate arriving late (store-and-forward backlog) must not replace a newer level.
      const known = (await this.repo.entity(id))?.props.baseline_ts;
      if (typeof known !== 'number' || known <= ts) baseline = { baseline: sensor.baseline, baseline_ts: ts };
    }
    await this.entity('sensor', id, sensor.sensor, { kind: sensor.kind, node, ...baseline }, ts);
    await this.relate('attached_to', id, `node:${node}`, {}, ts);
  }

  private entity(type: EntityType, id: string, name: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertEntity({ id, type, name, props, first_seen: ts, last_seen: ts });
  }

  private relate(type: string, from: string, to: string, props: Record<string, unknown>, ts: number): Promise<void> {
    return this.repo.upsertRelation({ type, from, to, props, first_seen: ts, last_seen: ts });
  }
}
