import { Unavailable } from '../core/errors.js';
import { logger, sink } from '../core/logger.js';

/** Where a {@link LazyOpen} stands: `/readyz` reports it. */
export interface OpenStatus {
  state: 'idle' | 'opening' | 'open' | 'retrying' | 'closed';
  /** Why the last attempt failed (state `retrying`). */
  reason?: string;
  attempts: number;
}

export interface LazyOpenOptions {
  log?: (message: string) => void;
  /** First retry delay; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Opens the studio's connections behind a server that already listens: requests wait for the open
 * in flight instead of the process refusing connections, and a database that is down at start
 * (PostgreSQL restarting, a Knative pod scheduled before it) is retried with backoff rather than
 * crashing the pod. While it retries, requests get a 503 that says why, at once.
 * @example
 * const opener = new LazyOpen(() => store.open());
 * void opener.begin();
 * await opener.whenOpen(); // before a handler touches the store
 */
export class LazyOpen {
  private current?: Promise<void>;
  private retry?: NodeJS.Timeout;
  private readonly status_: OpenStatus = { state: 'idle', attempts: 0 };
  private delay: number;
  private stopping = false;

  constructor(private readonly open: () => Promise<void>, private readonly options: LazyOpenOptions = {}) {
    this.delay = options.minDelayMs ?? 1000;
  }

  get status(): Readonly<OpenStatus> {
    return this.status_;
  }

  /** Starts opening; resolves after the first attempt whether it worked or not (then it retries). */
  begin(): Promise<void> {
    if (this.status_.state === 'idle' || this.status_.state === 'closed') {
      this.stopping = false;
      this.attempt();
    }
    return this.current!.catch(() => undefined);
  }

  /** Resolves once open; rejects with a 503 saying why while the last attempt failed. */
  async whenOpen(): Promise<void> {
    const { state, reason } = this.status_;
    if (state === 'open') return;
    if (state === 'opening') return this.current!.catch(() => this.whenOpen());
    if (state === 'retrying') throw new Unavailable(`storage is not available yet (${reason}); retrying, try again shortly`);
    throw new Unavailable('the server is not started or is stopping');
  }

  /** Stops retrying and waits for an attempt in flight, so that closing after it is safe. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    await this.current?.catch(() => undefined);
    this.status_.state = 'closed';
  }

  private attempt(): void {
    this.status_.state = 'opening';
    this.status_.attempts++;
    this.current = this.open().then(() => {
      this.status_.state = 'open';
      delete this.status_.reason;
      this.delay = this.options.minDelayMs ?? 1000;
    }, (err: Error) => {
      if (this.stopping) throw err;
      this.status_.state = 'retrying';
      this.status_.reason = err.message;
      (this.options.log ?? sink(logger('store'), 'warn'))(`storage not available (${err.message}); retrying in ${Math.round(this.delay / 1000)} s`);
      this.retry = setTimeout(() => this.attempt(), this.delay);
      this.retry.unref();
      this.delay = Math.min(this.delay * 2, this.options.maxDelayMs ?? 30_000);
      throw err;
    });
    // Retries run from a timer with no caller awaiting them: mark the failure handled here;
    // whenOpen() and begin() still see it through `current`.
    this.current.catch(() => undefined);
  }
}
