import { logger } from './logger.js';
/**
 * A small typed in-process publish/subscribe bus. `M` maps each topic to its payload type, so a
 * publisher and its subscribers cannot disagree on shape. Listeners run synchronously in the
 * order they subscribed; one that throws is reported through `onError` and never stops the
 * publisher or the other listeners (ingest must not fail because a dashboard tab misbehaves).
 * @example
 * const bus = new EventBus<{ reading: { value: number } }>();
 * const off = bus.on('reading', (r) => console.log(r.value));
 * bus.emit('reading', { value: 21.5 });
 * off();
 */
export class EventBus<M extends object> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();

  constructor(private readonly onError: (topic: string, err: unknown) => void = (topic, err) => logger('bus').error({ err, topic }, 'a listener failed')) {}

  /** Subscribes; answers the function that unsubscribes. */
  on<K extends keyof M>(topic: K, listener: (payload: M[K]) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => { set.delete(listener as (payload: never) => void); };
  }

  emit<K extends keyof M>(topic: K, payload: M[K]): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as (p: M[K]) => void)(payload);
      } catch (err) {
        this.onError(String(topic), err);
      }
    }
  }

  /** How many listeners a topic has (tests, and the stream's client bound). */
  count<K extends keyof M>(topic: K): number {
    return this.listeners.get(topic)?.size ?? 0;
  }
}
