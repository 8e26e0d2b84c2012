/** One armed wait: `wait` resolves at once when it was woken since `arm`, else on wake, timeout or abort. */
export interface Armed {
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  dispose(): void;
}

/**
 * Wake-ups by key (a node's long-polls, a command's result waiters). A waiter is armed before it
 * looks at the store and waits after, so a change that lands while it looks still wakes it: no
 * lost wake-up between "nothing yet" and "waiting".
 * @example
 * const armed = waiters.arm('pi-node-1'); if (!(await look())) await armed.wait(5000); armed.dispose();
 */
export class Waiters {
  private readonly byKey = new Map<string, Set<{ woken: boolean; resolve?: () => void }>>();

  arm(key: string): Armed {
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    const entry: { woken: boolean; resolve?: () => void } = { woken: false };
    set.add(entry);
    const owner = set;
    return {
      wait: (ms, signal) => new Promise<void>((resolve) => {
        if (entry.woken || signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          entry.resolve = undefined;
          resolve();
        };
        const timer = setTimeout(done, Number.isFinite(ms) ? Math.max(0, ms) : 2_147_483_647);
        signal?.addEventListener('abort', done, { once: true });
        entry.resolve = done;
      }),
      dispose: () => {
        entry.resolve?.();
        owner.delete(entry);
        if (owner.size === 0 && this.byKey.get(key) === owner) this.byKey.delete(key);
      },
    };
  }

  wake(key: string): void {
    const set = this.byKey.get(key);
    if (set) for (const e of [...set]) { e.woken = true; e.resolve?.(); }
  }

  wakeAll(): void {
    for (const key of [...this.byKey.keys()]) this.wake(key);
  }
}
