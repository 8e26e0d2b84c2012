import { randomUUID } from 'node:crypto';

/** A CloudEvent ready for the wire: id, type and its structured-mode JSON, serialised once. */
export interface WireEvent {
  id: string;
  type: string;
  json: string;
}

export interface NewWireEvent<T> {
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
 * Encodes a CloudEvents 1.0 event in structured JSON mode without the `cloudevents` library.
 * The edge builds every event through this: the library costs ~11 MB of resident memory on a
 * Pi (measured: 39 → 50 MB RSS on import) for what is one JSON object. The studio still parses
 * and validates with the library, and a test checks the library accepts what this produces.
 * @example
 * encodeEvent({ type: 'io.homelab.edge.health', source: '/edge/pi-node-1', id: 'pi-node-1:b1:health:1', data })
 */
export function encodeEvent<T>(e: NewWireEvent<T>): WireEvent {
  const id = e.id ?? randomUUID();
  const event = {
    specversion: '1.0', id, type: e.type, source: e.source,
    time: new Date(e.time ?? Date.now()).toISOString(),
    datacontenttype: 'application/json',
    ...(e.subject ? { subject: e.subject } : {}),
    data: e.data,
  };
  return { id, type: e.type, json: JSON.stringify(event) };
}

/** The edge's source URI for a node. */
export function edgeSource(node: string): string {
  return `/edge/${encodeURIComponent(node)}`;
}
