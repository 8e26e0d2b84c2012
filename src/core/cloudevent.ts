import { CloudEvent } from 'cloudevents';
import { randomUUID } from 'node:crypto';

export interface NewEvent<T> {
  type: string;
  /** URI-reference naming the producer, e.g. `/edge/pi-node-1`. */
  source: string;
  data: T;
  /** Stable id; give one that survives retries (the outbox keeps it). Defaults to a UUID. */
  id?: string;
  time?: number;
  subject?: string;
}

/**
 * Builds a CloudEvents 1.0 event with JSON data.
 * @example
 * const ev = createEvent({ type: EventType.Health, source: '/edge/pi-node-1', data: health, id: 'pi-node-1:b1:h42' });
 */
export function createEvent<T>(e: NewEvent<T>): CloudEvent<T> {
  return new CloudEvent<T>({
    specversion: '1.0',
    id: e.id ?? randomUUID(),
    type: e.type,
    source: e.source,
    time: new Date(e.time ?? Date.now()).toISOString(),
    datacontenttype: 'application/json',
    ...(e.subject ? { subject: e.subject } : {}),
    data: e.data,
  });
}

/** The edge's source URI for a node. */
export function edgeSource(node: string): string {
  return `/edge/${encodeURIComponent(node)}`;
}
