import { join } from 'node:path';
import { checksumProblem, type ModelArtifact } from '../../core/model-artifact.js';
import { createDetector, type Detector, type DetectResult, type SeriesState } from '../detect/index.js';
import type { ReadingScorer } from '../route/classify.js';
import { readJson, writeJsonAtomic } from './model-state-file.js';

export type ModelState = 'shadow' | 'active' | 'rolled_back';

/** When a deployed model is trusted, and when it is taken back (README: `MODEL_*` settings). */
export interface ModelPolicy {
  /** Reading time the model runs in shadow beside the current detector before it cuts over. */
  shadowMs: number;
  /** Reading time after the cut-over during which the old detector keeps running as the reference. */
  watchMs: number;
  /** Rolled back when its alarms exceed the reference's by this factor… */
  rollbackFactor: number;
  /** …and number at least this many (a single alarm against none is not a rate). */
  rollbackMinAlarms: number;
  /** Score at which a reading counts as an alarm (the critical level). */
  alarmScore: number;
}

export const DEFAULT_MODEL_POLICY: ModelPolicy = { shadowMs: 3_600_000, watchMs: 24 * 3_600_000, rollbackFactor: 2, rollbackMinAlarms: 3, alarmScore: 0.5 };

/** What the node keeps about its model (the state file), and reports to the studio. */
export interface ModelStatus {
  model_id: string;
  version: number;
  state: ModelState;
  reason: string | null;
  /** Reading time the current state began (null until the model has seen a reading). */
  since: number | null;
  /** Alarms of the model and of the detector it is compared with, since the deployment. */
  alarms: { model: number; reference: number };
  readings: number;
  /** Wall time of the last change, epoch ms. */
  changed_at: number;
}

/**
 * The node's scorer with a deployed model beside it. Without a model it is the plain detector.
 * A deployed model (the node's part of an artifact, checksums verified) runs in **shadow**: both
 * score every reading of the model's series, the current detector's verdict is used, and both
 * alarm counts are kept (a cold current detector scores 0 in its probation, so a model that
 * alarms at once against it reaches the minimum quickly: that is a model of the wrong series). After `shadowMs` of readings it cuts over (**active**): its verdicts are
 * used, and the old detector keeps running beside it for `watchMs`. Whenever the model's alarms
 * reach `rollbackMinAlarms` and exceed `rollbackFactor` times the old detector's, it is
 * **rolled_back** by itself: the old detector's verdicts are used again. The status and the
 * artifact are written to the data directory at each change (and the counts each minute), so a
 * restart resumes the same state: an active model is restored from its artifact.
 * @example
 * const scorer = new ModelScorer({ dataDir, node: 'pi-node-1', onChange: (s) => report(s) });
 * scorer.open(); scorer.deploy(artifact);
 */
export class ModelScorer implements ReadingScorer {
  private base: Detector = createDetector();
  private model?: { artifact: ModelArtifact; detector: Detector; keys: Set<string> };
  private statusValue?: ModelStatus;
  private readonly policy: ModelPolicy;
  private lastPersist = 0;
  private dirty = false;
  /** Each change of state (the stack sends it to the studio as `io.homelab.edge.model`). */
  onChange?: (s: ModelStatus) => void;

  constructor(private readonly o: { dataDir: string; node: string; policy?: Partial<ModelPolicy>; onChange?: (s: ModelStatus) => void; log?: (m: string) => void; clock?: () => number }) {
    this.policy = { ...DEFAULT_MODEL_POLICY, ...o.policy };
    if (o.onChange) this.onChange = o.onChange;
  }

  private get files() {
    const safe = this.o.node.replace(/[^A-Za-z0-9._-]/g, '_');
    return { status: join(this.o.dataDir, `model-${safe}.json`), artifact: join(this.o.dataDir, `model-${safe}-artifact.json`) };
  }

  private now(): number { return this.o.clock?.() ?? Date.now(); }

  /** The model's status, or undefined when none was ever deployed. */
  status(): ModelStatus | undefined { return this.statusValue ? { ...this.statusValue, alarms: { ...this.statusValue.alarms } } : undefined; }

  /** Takes back what the data directory holds (a model deployed before a restart). */
  open(): void {
    const status = readJson<ModelStatus>(this.files.status);
    if (!status) return;
    const artifact = readJson<ModelArtifact>(this.files.artifact);
    const problem = artifact ? checksumProblem(artifact) : 'its artifact file is missing';
    if (!artifact || problem || artifact.id !== status.model_id) {
      this.o.log?.(`[model] ${status.model_id} not restored: ${problem ?? 'artifact is another model'}; running the plain detector`);
      return;
    }
    this.statusValue = status;
    if (status.state !== 'rolled_back') this.model = this.load(artifact);
    this.o.log?.(`[model] ${status.model_id} v${status.version} restored, ${status.state}`);
  }

  /**
   * Takes a model (this node's part of an artifact): verifies every checksum and that its series are
   * this node's, then starts it in shadow. The same model again (a re-sent command) changes nothing.
   * Throws a plain error naming what is wrong; the model running before stays.
   */
  deploy(artifact: ModelArtifact): ModelStatus {
    if (this.statusValue?.model_id === artifact?.id) return this.status()!;
    const problem = checksumProblem(artifact);
    if (problem) throw new Error(`model refused: ${problem}`);
    const foreign = artifact.series.filter((s) => s.node !== this.o.node);
    if (foreign.length) throw new Error(`model refused: series of other nodes (${foreign.map((s) => `${s.node}/${s.sensor}`).join(', ')}); this node is ${this.o.node}`);
    if (artifact.series.length === 0) throw new Error(`model refused: ${artifact.id} has no series of ${this.o.node}`);
    const loaded = this.load(artifact);
    // A model that was active becomes the base the new one is compared with.
    if (this.model && this.statusValue?.state === 'active') this.base = this.model.detector;
    this.model = loaded;
    writeJsonAtomic(this.files.artifact, artifact);
    this.change({ model_id: artifact.id, version: artifact.version, state: 'shadow', reason: null, since: null, alarms: { model: 0, reference: 0 }, readings: 0, changed_at: this.now() });
    return this.status()!;
  }

  private load(artifact: ModelArtifact): { artifact: ModelArtifact; detector: Detector; keys: Set<string> } {
    const detector = createDetector();
    for (const s of artifact.series) {
      try {
        detector.restore(`${s.node}/${s.sensor}`, s.baseline as unknown as SeriesState);
      } catch (err) {
        throw new Error(`model refused: the baseline of ${s.node}/${s.sensor} does not fit this detector`, { cause: err });
      }
    }
    return { artifact, detector, keys: new Set(artifact.series.map((s) => `${s.node}/${s.sensor}`)) };
  }

  score(key: string, ts: number, value: number, kind?: string): DetectResult {
    const old = this.base.score(key, ts, value, kind);
    const m = this.model;
    const st = this.statusValue;
    if (!m || !st || !m.keys.has(key) || st.state === 'rolled_back') return old;
    const fresh = m.detector.score(key, ts, value, kind);
    if (st.since === null) st.since = ts;
    st.readings++;
    if (fresh.score >= this.policy.alarmScore) st.alarms.model++;
    if (old.score >= this.policy.alarmScore) st.alarms.reference++;
    this.dirty = true;
    const p = this.policy;
    if (st.alarms.model >= p.rollbackMinAlarms && st.alarms.model > p.rollbackFactor * st.alarms.reference) {
      const reason = `${st.alarms.model} alarms against ${st.alarms.reference} of the detector it replaces over ${st.readings} readings (limit: ${p.rollbackFactor}× and at least ${p.rollbackMinAlarms})`;
      this.model = undefined;
      this.change({ ...st, state: 'rolled_back', reason, since: ts, changed_at: this.now() });
      return old;
    }
    if (st.state === 'shadow' && ts - st.since >= p.shadowMs) {
      this.change({ ...st, state: 'active', reason: `cut over after ${st.readings} readings in shadow: ${st.alarms.model} alarms against ${st.alarms.reference}`, since: ts, changed_at: this.now() });
      return fresh;
    }
    if (st.state === 'active' && this.watchOver(ts)) {
      // Watched long enough: the old detector is let go (the model is the base from now on).
      this.base = m.detector;
      this.model = { ...m, keys: new Set() };
    }
    this.maybePersist();
    return st.state === 'active' ? fresh : old;
  }

  private watchOver(ts: number): boolean {
    const st = this.statusValue!;
    return st.since !== null && ts - st.since >= this.policy.watchMs;
  }

  private change(next: ModelStatus): void {
    this.statusValue = next;
    writeJsonAtomic(this.files.status, next);
    this.dirty = false;
    this.lastPersist = this.now();
    this.o.log?.(`[model] ${next.model_id} v${next.version}: ${next.state}${next.reason ? ` (${next.reason})` : ''}`);
    this.onChange?.(this.status()!);
  }

  /** Counts are written at most once a minute of wall time (a restart loses at most that much of them). */
  private maybePersist(): void {
    if (!this.dirty || this.now() - this.lastPersist < 60_000) return;
    this.flush();
  }

  flush(): void {
    if (!this.dirty || !this.statusValue) return;
    writeJsonAtomic(this.files.status, this.statusValue);
    this.dirty = false;
    this.lastPersist = this.now();
  }

  reset(key?: string): void { this.base.reset(key); this.model?.detector.reset(key); }
}
