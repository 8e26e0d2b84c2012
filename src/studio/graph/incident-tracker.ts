import type { Entity, GraphRepository } from './graph-repository.js';
import { anomalyKey } from './catch-up.js';
import type { PlacedAnomaly } from './graph-builder.js';
import { incidentKey, incidentLabel, mergeAnomaly, type IncidentOptions, type IncidentProps } from './incident.js';
import { scoreSimilarity } from './similarity.js';

/** A past incident with a known root cause that looks like the one asked about. */
export interface SimilarIncident {
  incident: Entity;
  /** 0–1 (see `scoreSimilarity`). */
  score: number;
  why: string[];
  root_cause: string;
  root_cause_id: string;
  resolution?: string;
  /** One sentence the agent can say as is. */
  summary: string;
}

/** How many `similar_to` links a new incident gets. */
const LINKS = 3;

/**
 * Groups anomalies into incidents (same place, within `gapMs` of each other by event time) and
 * links each new incident to the past incidents with a known root cause that look alike. The
 * read-then-write of "which incident does this join" runs under the repository's lock for the
 * place, so replicas sharing PostgreSQL agree on one incident. Attaching an anomaly a second time
 * (catch-up replaying what the live path already did) changes nothing and answers its incident.
 * @example
 * const tracker = new IncidentTracker(repo, { gapMs: 15 * 60_000 });
 * for (const p of await builder.apply(items)) await tracker.attach(p);
 */
export class IncidentTracker {
  constructor(private readonly repo: GraphRepository, private readonly options: IncidentOptions) {}

  /** Adds the anomaly to the incident it belongs to (opening one when none is near); answers the incident id. */
  async attach(p: PlacedAnomaly): Promise<string> {
    const a = p.anomaly;
    const place = a.location ?? a.node;
    const gap = this.options.gapMs;
    return this.repo.withLock(`incident:${place}`, async () => {
      // Checked under the lock, so a replica replaying the anomaly while another attaches it live waits and sees it.
      const key = anomalyKey(a);
      const known = (await this.repo.attachedAnomalies([key])).get(key) ?? (await this.repo.relations(p.id, 'part_of')).find((r) => r.from === p.id)?.to;
      if (known) {
        await this.repo.markAttached(key, p.id, known); // a part_of link written just before a crash, without its key
        return known;
      }
      const near = (await this.repo.entities({ type: 'incident', place, from: a.ts - gap, to: a.ts + gap + 1, limit: 10 }))
        .filter((e) => (e.props.end as number) >= a.ts - gap && (e.props.start as number) <= a.ts + gap)
        .sort((x, y) => distance(x, a.ts) - distance(y, a.ts));
      const open = near[0];
      const prev = open?.props as IncidentProps | undefined;
      const props = mergeAnomaly(prev, a, p.baseline);
      const id = open?.id ?? `incident:${incidentKey(place, a.ts)}`;
      await this.repo.upsertEntity({ id, type: 'incident', name: `incident at ${incidentLabel(props)}`, props: { ...props }, first_seen: props.start, last_seen: props.end });
      await this.repo.upsertRelation({ type: 'part_of', from: p.id, to: id, props: { kind: a.kind, value: a.value }, first_seen: a.ts, last_seen: a.ts });
      if (a.location) await this.repo.upsertRelation({ type: 'at', from: id, to: `location:${a.location}`, props: {}, first_seen: a.ts, last_seen: a.ts });
      await this.repo.appendHistory({ entity_id: id, ts: a.ts, event: open ? 'anomaly_added' : 'opened', props: { anomaly: p.id, kind: a.kind, value: a.value, severity: a.severity } });
      // Similar past incidents are looked up when the incident opens and again when it gains a kind.
      if (!prev || prev.kinds.length !== props.kinds.length) await this.linkSimilar(id, props, a.ts);
      // Last: a crash before this replays the anomaly, which the part_of check above then catches.
      await this.repo.markAttached(key, p.id, id);
      return id;
    });
  }

  /** Past incidents (started earlier) with a recorded root cause that look like this one, best first. */
  async similarTo(incidentId: string): Promise<SimilarIncident[]> {
    const me = await this.repo.entity(incidentId);
    if (!me || me.type !== 'incident') return [];
    const mine = me.props as unknown as IncidentProps;
    const out: SimilarIncident[] = [];
    const causeNames = new Map<string, string>();
    const seen = new Set<string>([me.id]);
    // Newest annotation first: an incident annotated twice counts with its latest root cause.
    for (const cause of await this.repo.relationsOfType('caused_by', 5000)) {
      if (!cause.from.startsWith('incident:') || seen.has(cause.from)) continue;
      seen.add(cause.from);
      const other = await this.repo.entity(cause.from);
      if (!other || (other.props.start as number) >= mine.start) continue;
      const s = scoreSimilarity(mine, other.props as unknown as IncidentProps);
      if (!s.similar) continue;
      if (!causeNames.has(cause.to)) causeNames.set(cause.to, (await this.repo.entity(cause.to))?.name ?? cause.to);
      const rootCause = causeNames.get(cause.to)!;
      const resolution = typeof other.props.resolution === 'string' ? other.props.resolution
        : typeof cause.props.resolution === 'string' ? cause.props.resolution : undefined;
      const label = incidentLabel(other.props as unknown as IncidentProps);
      out.push({
        incident: other, score: s.score, why: s.why, root_cause: rootCause, root_cause_id: cause.to, ...(resolution ? { resolution } : {}),
        summary: `Last time this looked alike it was ${rootCause} (incident ${other.id}, ${label}${resolution ? `; fixed by: ${resolution}` : ''}).`,
      });
    }
    return out.sort((x, y) => y.score - x.score || (y.incident.props.start as number) - (x.incident.props.start as number));
  }

  private async linkSimilar(id: string, props: IncidentProps, ts: number): Promise<void> {
    const similar = (await this.similarTo(id)).slice(0, LINKS);
    for (const s of similar) {
      await this.repo.upsertRelation({ type: 'similar_to', from: id, to: s.incident.id, props: { score: s.score, why: s.why, root_cause: s.root_cause }, first_seen: ts, last_seen: ts });
    }
    if (similar[0]) {
      await this.repo.appendHistory({ entity_id: id, ts, event: 'linked_similar', props: { incidents: similar.map((s) => s.incident.id), kinds: props.kinds, summary: similar[0].summary } });
    }
  }
}

/** How far an event time lies outside an incident's span (0 inside it). */
const distance = (e: Entity, ts: number): number => Math.max(0, (e.props.start as number) - ts, ts - (e.props.end as number));
