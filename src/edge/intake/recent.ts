/** How many of each series' latest readings are remembered for identity dedupe. */
export const RECENT_PER_SERIES = 64;

interface Ring {
  ts: Float64Array;
  values: Float64Array;
  /** Next slot to write. */
  pos: number;
  size: number;
  maxTs: number;
}

/**
 * The latest readings of each series (node + sensor), by identity: a reading whose node, sensor
 * and timestamp match one of its series' last {@link RECENT_PER_SERIES} readings with the same
 * value is the same reading sent again (a retry without a key, a CSV replayed past its cursor)
 * and is not taken twice. A different value at the same time is kept (two sensors behind one
 * name); a reading older than what is remembered is kept (it cannot be told apart from a late one).
 * Readings are remembered when staged and forgotten again when their commit rolls back
 * (`forget`), so only what is durable (or about to be) counts; rebuilt on start from the local store.
 * @example
 * const recent = new RecentReadings();
 * recent.seen('pi-node-1', 'shelf', 1700000000000, 21.5) // false, and remembered
 * recent.seen('pi-node-1', 'shelf', 1700000000000, 21.5) // true
 */
export class RecentReadings {
  private readonly byNode = new Map<string, Map<string, Ring>>();
  /** Remembered since the last commit landed: forgotten if it rolls back. */
  private staged: [Ring, number][] = [];

  constructor(private readonly perSeries = RECENT_PER_SERIES) {}

  /** True when this reading was already taken; otherwise remembers it and returns false. */
  seen(node: string, sensor: string, ts: number, value: number): boolean {
    const ring = this.ring(node, sensor);
    if (ts <= ring.maxTs) {
      for (let i = 0; i < ring.size; i++) if (ring.ts[i] === ts && ring.values[i] === value) return true;
    }
    this.staged.push([ring, ring.pos]);
    this.put(ring, ts, value);
    return false;
  }

  /** Remembers a reading known to be stored (start-up), without staging it. */
  remember(node: string, sensor: string, ts: number, value: number): void {
    this.put(this.ring(node, sensor), ts, value);
  }

  /** The commit of what was staged landed. */
  committed(): void {
    this.staged = [];
  }

  /** The commit rolled back: what it staged is forgotten (a retry must be taken). */
  forget(): void {
    this.forgetSince(0);
  }

  /** Where the staged readings end now (see `forgetSince`). */
  mark(): number {
    return this.staged.length;
  }

  /** Forgets what was staged after `mark` (a batch refused before it was staged for commit). */
  forgetSince(mark: number): void {
    for (let i = this.staged.length - 1; i >= mark; i--) {
      const [ring, slot] = this.staged[i]!;
      ring.ts[slot] = NaN;
    }
    this.staged.length = mark;
  }

  private ring(node: string, sensor: string): Ring {
    let series = this.byNode.get(node);
    if (!series) this.byNode.set(node, (series = new Map()));
    let ring = series.get(sensor);
    if (!ring) series.set(sensor, (ring = { ts: new Float64Array(this.perSeries).fill(NaN), values: new Float64Array(this.perSeries), pos: 0, size: 0, maxTs: -Infinity }));
    return ring;
  }

  private put(ring: Ring, ts: number, value: number): void {
    ring.ts[ring.pos] = ts;
    ring.values[ring.pos] = value;
    ring.pos = (ring.pos + 1) % this.perSeries;
    if (ring.size < this.perSeries) ring.size++;
    if (ts > ring.maxTs) ring.maxTs = ts;
  }
}
