import { randomBytes } from 'node:crypto';
import { mergePatch } from '../../core/merge-patch.js';
import type { StudioStore } from '../store/store.js';
import { CheckInInput, GoalError, GoalInput, MAX_CHECKINS, MAX_GOALS, MAX_PERIOD_MS, parseWith, timeField, VITALS, type CheckIn, type Goal, type GoalStatus, type Measure } from './goal.js';
import type { GoalRepository } from './goal-repository.js';
import { measuredProgress, nodesOf, type MeasuredProgress } from './measure.js';
import { trackedProgress, type TrackedProgress } from './tracked.js';
import { logger } from '../../core/logger.js';
import { sharedReads } from './shared-reads.js';

export type Progress = MeasuredProgress | TrackedProgress;

/** A goal as the API shows it: the stored goal, its `attainment` and `status`, and the progress they come from. */
export type GoalView = Omit<Goal, 'emitted' | 'last_status' | 'at_risk_episodes'> & { status: GoalStatus; attainment: number | null; progress: Progress; computed_at: string };

/** A status change a scheduled evaluation found, emitted once per goal (at_risk once per episode). */
export interface GoalTransition {
  /** `at_risk`, `breached` or `met`; also the last part of the event type. */
  status: 'at_risk' | 'breached' | 'met';
  /** Stable across replicas and ticks: `goal:<id>:<status>[:<episode>]`. */
  key: string;
  goal: GoalView;
}

/** What evaluate() needs to emit each transition once: a claim shared by replicas and where events go. */
export interface EmitDeps {
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  publish(t: GoalTransition): Promise<void>;
}

const DAY = 86_400_000;
const DEFAULT_LOOKBACK_MS = DAY;
const EDITABLE = ['title', 'owner', 'start', 'deadline', 'measure', 'key_results', 'checkin_every_days', 'channels', 'source_text'] as const;

/**
 * Goals, the studio's domain API for them (aigoat and `/api/v1/goals` both use it): validation
 * against the names the store knows, progress computed from stored data on every read, check-ins,
 * and the scheduled evaluation that emits at_risk / breached / met once each.
 * @example
 * const book = new GoalBook({ repo, store, clock: Date.now }); await book.open();
 * const g = await book.create({ title: 'cool warehouse', deadline: '2026-12-07', measure: { type: 'time_share', scope: { location: 'warehouse-b' }, kind: 'temperature', op: '<', threshold: 25, target_pct: 99 } });
 */
export class GoalBook {
  private readonly clock: () => number;
  constructor(private readonly o: { repo: GoalRepository; store: StudioStore; clock?: () => number }) {
    this.clock = o.clock ?? Date.now;
  }

  open(): Promise<void> { return this.o.repo.open(); }
  close(): Promise<void> { return this.o.repo.close(); }

  /** Creates a goal; throws a GoalError naming the field (an unknown node, place or kind included). */
  async create(raw: unknown): Promise<GoalView> {
    const now = this.clock();
    if ((await this.o.repo.list()).length >= MAX_GOALS) throw new GoalError(`at most ${MAX_GOALS} goals are kept; delete one first`, '(body)', 'limit');
    const input = await this.validate(raw, now, true);
    const goal: Goal = { id: `g-${randomBytes(5).toString('hex')}`, ...input, check_ins: [], checkins_dropped: 0, created_at: now, updated_at: now, emitted: [], at_risk_episodes: 0 };
    await this.o.repo.save(goal);
    return this.view(goal, now);
  }

  /** Edits with a JSON merge patch of the editable fields; a changed measure or period starts its events afresh. */
  async update(id: string, patch: unknown): Promise<GoalView> {
    const goal = await this.stored(id);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new GoalError('the patch must be a JSON object (RFC 7386 merge patch)', '(body)');
    for (const k of Object.keys(patch)) if (!(EDITABLE as readonly string[]).includes(k)) throw new GoalError(`${k} cannot be changed (editable: ${EDITABLE.join(', ')}); check-ins go to POST /api/v1/goals/{id}/check-ins`, k);
    const current = Object.fromEntries(EDITABLE.filter((k) => goal[k] !== undefined).map((k) => [k, goal[k]]));
    const now = this.clock();
    const input = await this.validate(mergePatch(current, patch), now, false);
    const reset = JSON.stringify([input.measure, input.start, input.deadline]) !== JSON.stringify([goal.measure, goal.start, goal.deadline]);
    const next: Goal = { ...goal, ...input, updated_at: now, ...(reset ? { emitted: [], last_status: undefined, at_risk_episodes: 0 } : {}) };
    if (!input.owner) delete next.owner;
    await this.o.repo.save(next);
    return this.view(next, now);
  }

  async remove(id: string): Promise<boolean> {
    return this.o.repo.delete(id);
  }

  async get(id: string): Promise<GoalView | undefined> {
    const g = await this.o.repo.get(id);
    return g ? this.view(g, this.clock()) : undefined;
  }

  /** Every goal with its progress now; `reads` (see {@link sharedReads}) lets one request share the store's reads. */
  async list(reads: StudioStore = sharedReads(this.o.store)): Promise<GoalView[]> {
    const now = this.clock();
    const out: GoalView[] = [];
    for (const g of await this.o.repo.list()) out.push(await this.view(g, now, reads));
    return out;
  }

  /** A store view whose identical reads are made once: one per request or scheduled pass. */
  reads(): StudioStore {
    return sharedReads(this.o.store);
  }

  /** Records a check-in (a note, a percentage, a key result's value or done); the oldest go past MAX_CHECKINS. */
  async checkIn(id: string, raw: unknown): Promise<GoalView> {
    const goal = await this.stored(id);
    const c = parseWith(CheckInInput, raw, 'check-in');
    const now = this.clock();
    const key_results = goal.key_results.map((k) => ({ ...k }));
    if (c.key_result !== undefined) {
      const kr = key_results.find((k) => k.id === c.key_result || k.title.toLowerCase() === c.key_result!.toLowerCase());
      if (!kr) throw new GoalError(`goal ${id} has no key result "${c.key_result}"; key results: ${key_results.map((k) => k.id).join(', ') || 'none'}`, 'key_result', 'not_found');
      if (c.value !== undefined) kr.current = c.value;
      if (c.done !== undefined) kr.done = c.done;
    }
    const entry: CheckIn = { ...c, at: now };
    const all = [...goal.check_ins, entry];
    const dropped = Math.max(0, all.length - MAX_CHECKINS);
    const next: Goal = { ...goal, key_results, check_ins: all.slice(dropped), checkins_dropped: goal.checkins_dropped + dropped, updated_at: now };
    await this.o.repo.save(next);
    return this.view(next, now);
  }

  /** Progress of a stored goal at `now`, computed from the store for this call. */
  async progress(goal: Goal, now: number, reads: StudioStore = this.o.store): Promise<Progress> {
    return goal.measure ? measuredProgress(reads, { start: goal.start, deadline: goal.deadline, measure: goal.measure }, now) : trackedProgress(goal, now);
  }

  /**
   * The scheduled pass: each goal's status now; a change into at_risk, breached or met is published
   * once (the goal records it and a shared claim guards replicas), never again on later ticks.
   * A publish that fails gives the claim back, so the next tick retries it.
   */
  async evaluate(deps: EmitDeps, reads: StudioStore = sharedReads(this.o.store)): Promise<GoalTransition[]> {
    const now = this.clock();
    const done: GoalTransition[] = [];
    for (const g of await this.o.repo.list()) {
      const view = await this.view(g, now, reads);
      const status = view.status;
      let goal = g;
      // Going at risk again after recovering is a new episode (and a new event).
      const episode = status === 'at_risk' && g.last_status !== 'at_risk' ? g.at_risk_episodes + 1 : g.at_risk_episodes;
      const tag = status === 'at_risk' ? `at_risk:${episode}` : status;
      if ((status === 'at_risk' || status === 'breached' || status === 'met') && !g.emitted.includes(tag)) {
        const key = `goal:${g.id}:${tag}`;
        if (await deps.claim(key)) {
          const t: GoalTransition = { status, key, goal: view };
          try {
            await deps.publish(t);
          } catch (err) {
            await deps.release(key);
            logger('goals').error({ err, key }, 'could not publish a goal event');
            continue;
          }
          goal = { ...goal, emitted: [...goal.emitted, tag].slice(-50), at_risk_episodes: episode };
          done.push(t);
        }
      }
      if (goal !== g || g.last_status !== status) {
        // Saved against the newest copy: a check-in between the read and here is kept.
        const fresh = await this.o.repo.get(g.id);
        if (fresh) {
          const emitted = [...new Set([...fresh.emitted, ...goal.emitted])].slice(-50);
          await this.o.repo.save({ ...fresh, emitted, at_risk_episodes: Math.max(fresh.at_risk_episodes, goal.at_risk_episodes), last_status: status });
        }
      }
    }
    return done;
  }

  private async stored(id: string): Promise<Goal> {
    const g = await this.o.repo.get(id);
    if (!g) throw new GoalError(`no goal ${id}`, 'id', 'not_found');
    return g;
  }

  private async view(g: Goal, now: number, reads: StudioStore = this.o.store): Promise<GoalView> {
    const progress = await this.progress(g, now, reads);
    const { emitted: _e, last_status: _l, at_risk_episodes: _a, ...rest } = g;
    return { ...rest, status: progress.status, attainment: progress.attainment, progress, computed_at: new Date(now).toISOString() };
  }

  /** The input checked: times, period bounds, and every name in its scope known to the store. */
  private async validate(raw: unknown, now: number, creating: boolean): Promise<Omit<Goal, 'id' | 'check_ins' | 'checkins_dropped' | 'created_at' | 'updated_at' | 'emitted' | 'at_risk_episodes' | 'last_status'>> {
    const i = parseWith(GoalInput, raw, 'goal');
    const deadline = timeField(i.deadline, 'deadline');
    // Measured goals look back a day by default (a figure at once); tracked ones start when set.
    const start = i.start !== undefined ? timeField(i.start, 'start') : Math.min(now, deadline) - (i.measure ? DEFAULT_LOOKBACK_MS : 0);
    if (creating && deadline <= now) throw new GoalError(`the deadline (${new Date(deadline).toISOString()}) is not in the future`, 'deadline');
    if (start >= deadline) throw new GoalError('start must be before the deadline', 'start');
    if (i.measure && deadline - start > MAX_PERIOD_MS) throw new GoalError(`a measured goal spans at most ${MAX_PERIOD_MS / DAY} days (stored readings are kept 30 days raw, a year as rollups)`, 'deadline');
    if (i.measure) await this.checkNames(i.measure);
    const ids = new Set<string>();
    const key_results = i.key_results.map((k, n) => {
      const id = k.id ?? `kr${n + 1}`;
      if (ids.has(id)) throw new GoalError(`key result id ${id} is given twice`, `key_results.${n}.id`);
      ids.add(id);
      return { ...k, id };
    });
    return {
      title: i.title, ...(i.owner ? { owner: i.owner } : {}), kind: i.measure ? 'measured' : 'tracked', start, deadline,
      ...(i.measure ? { measure: i.measure } : {}), key_results, checkin_every_days: i.checkin_every_days, channels: i.channels,
      ...(i.source_text ? { source_text: i.source_text } : {}),
    };
  }

  /** An unknown node, place or kind is refused by name: a goal never stands on someone else's data. */
  private async checkNames(m: Measure): Promise<void> {
    const store = this.o.store;
    const catalog = await store.catalog();
    const { node, location } = m.scope;
    if (node && !catalog.nodes.includes(node)) throw new GoalError(`no data for node "${node}"; nodes: ${catalog.nodes.join(', ') || 'none yet'}`, 'measure.scope.node');
    if (location && !catalog.locations.includes(location)) throw new GoalError(`no data for place "${location}"; places: ${catalog.locations.join(', ') || 'none yet'}`, 'measure.scope.location');
    const where = node ? `node ${node}` : location ? location : 'any node';
    if (m.type === 'time_share' || m.type === 'average') {
      if ((VITALS as readonly string[]).includes(m.kind)) {
        if (!(await nodesOf(store, m.scope)).some((n) => n.health)) throw new GoalError(`no ${m.kind} health reports for ${where}`, 'measure.kind');
      } else if (!(await store.latest({ ...m.scope, kind: m.kind })).length) {
        const kinds = [...new Set((await store.latest(m.scope)).map((s) => s.kind))];
        throw new GoalError(`no ${m.kind} data for ${where}; it has ${kinds.join(', ') || 'no readings'}${m.scope.node ? `, or ${VITALS.join(', ')} from its health` : ''}`, 'measure.kind');
      }
    }
    if (m.type === 'reporting' && !(await nodesOf(store, m.scope)).length) throw new GoalError(`no nodes at ${where}`, 'measure.scope');
  }
}
