/**
 * The live stream (`GET /api/v1/stream`, server-sent events): one EventSource per tab, views
 * subscribe by event type while they are shown. EventSource reconnects by itself; a reconnect
 * or a `resync` frame tells subscribers to refetch (they may have missed frames).
 */
const handlers = new Map();
const TYPES = ['readings', 'anomalies', 'health', 'alert', 'rule', 'resync'];
let source;
let wasOpen = false;

export function startLive(statusEl) {
  source?.close();
  source = new EventSource('/api/v1/stream');
  const status = (text, cls) => { statusEl.textContent = text; statusEl.className = `live ${cls}`; };
  source.addEventListener('hello', () => {
    status('live', 'on');
    if (wasOpen) dispatch('resync', { reason: 'reconnected' });
    wasOpen = true;
  });
  source.onerror = () => status(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting', 'off');
  for (const type of TYPES) source.addEventListener(type, (e) => dispatch(type, JSON.parse(e.data)));
}

function dispatch(type, payload) {
  for (const fn of handlers.get(type) ?? []) {
    try { fn(payload); } catch (err) { console.error(`live ${type} handler failed`, err); }
  }
}

/** Subscribes; answers the function that unsubscribes (views call it when they unmount). */
export function onLive(type, fn) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(fn);
  return () => handlers.get(type).delete(fn);
}
