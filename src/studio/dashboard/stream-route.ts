import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LimitExceeded } from '../../core/errors.js';
import type { LiveFrame, LiveHub } from './live-hub.js';

/** Open live streams at most (each dashboard tab holds one). */
export const MAX_STREAMS = 100;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/stream`: server-sent events for open dashboards (`hello`, then `readings`,
 * `anomalies`, `health`, `alert`, `rule`, and `resync` when the page should refetch). A client
 * too slow to take its frames gets a single `resync` instead of an ever-growing queue; a comment
 * line every 15 s keeps proxies from closing an idle stream. At most {@link MAX_STREAMS} at once
 * (503 beyond). EventSource reconnects by itself (`retry: 3000`).
 * @example
 * const es = new EventSource('/api/v1/stream'); es.addEventListener('readings', (e) => JSON.parse(e.data));
 */
export function streamRoute(app: Hono, hub: LiveHub, maxStreams = MAX_STREAMS): void {
  app.get('/api/v1/stream', (c) => {
    if (hub.size >= maxStreams) throw new LimitExceeded('capacity', `${maxStreams} live streams are open already; close a dashboard tab`);
    return streamSSE(c, async (sse) => {
      const queue: LiveFrame[] = [];
      let wake: (() => void) | undefined;
      const leave = hub.join({
        send: (frames) => {
          if (queue.length + frames.length > hub.options.maxQueuedFrames) queue.splice(0, queue.length, { event: 'resync', data: JSON.stringify({ reason: 'the stream fell behind' }) });
          else queue.push(...frames);
          wake?.();
        },
      });
      sse.onAbort(() => { leave(); wake?.(); });
      try {
        await sse.writeSSE({ event: 'hello', data: JSON.stringify({ now: Date.now(), flush_ms: hub.options.flushMs }), retry: 3000 });
        while (!sse.aborted && !sse.closed) {
          if (!queue.length) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((resolve) => { wake = resolve; timer = setTimeout(resolve, HEARTBEAT_MS); });
            clearTimeout(timer);
            wake = undefined;
            if (!queue.length) { if (!sse.aborted) await sse.write(': keep-alive\n\n'); continue; }
          }
          for (const frame of queue.splice(0)) await sse.writeSSE(frame);
        }
      } finally {
        leave();
      }
    });
  });
}
