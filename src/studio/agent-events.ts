import type { AgentEvent } from '../core/agent.js';
import type { RawEvent } from './ingest/decode.js';
import type { IngestItem } from './store/store.js';

/**
 * A stored edge item as the event agents receive: attributes plus the validated payload
 * (`{anomalies}`, the health snapshot, the aggregate, `{readings}`, the explanation).
 * Undefined for a readings batch held only as columns (no agent reads raw readings from events).
 */
export function itemEvent(item: IngestItem): AgentEvent | undefined {
  const data = item.anomalies ? { anomalies: item.anomalies } : item.health ?? item.aggregate ?? item.explanation ?? (item.readings ? { readings: item.readings } : undefined);
  if (data === undefined) return undefined;
  return { id: item.event.id, source: item.event.source, type: item.event.type, time: item.event.time, ...(item.event.subject ? { subject: item.event.subject } : {}), data };
}

/**
 * A CloudEvent as delivered to an agent's own Service (a Trigger's POST to `/events`): its
 * attributes checked, the rest passed on. Throws a plain error naming the missing attribute.
 */
export function rawAgentEvent(raw: RawEvent): AgentEvent {
  for (const k of ['id', 'source', 'type'] as const) {
    if (typeof raw[k] !== 'string' || !(raw[k] as string).length) throw new Error(`the CloudEvent has no ${k}`);
  }
  const time = typeof raw.time === 'string' ? Date.parse(raw.time) : Number.NaN;
  let data = raw.data;
  if (data === undefined && typeof raw.data_base64 === 'string') data = Buffer.from(raw.data_base64, 'base64').toString('utf8');
  if (typeof data === 'string' && data.trimStart().startsWith('{')) {
    try { data = JSON.parse(data); } catch { /* kept as text */ }
  }
  return { id: raw.id as string, source: raw.source as string, type: raw.type as string, time: Number.isFinite(time) ? time : Date.now(), ...(typeof raw.subject === 'string' ? { subject: raw.subject } : {}), data };
}
