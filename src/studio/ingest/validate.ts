import { CloudEvent, ValidationError } from 'cloudevents';
import { DomainError, InvalidInput } from '../../core/errors.js';
import { EVENT_TYPES, EventType } from '../../core/event-types.js';
import {
  AggregateSchema, AnomalySchema, ClockSyncSchema, ExplanationSchema, HealthSchema, ModelStateSchema, ReadingBatchSchema, ReadingSchema, parseWith, type Reading,
} from '../../core/schemas.js';
import { parseTimestamp } from '../../core/time.js';
import type { IngestItem } from '../store/store.js';
import type { RawEvent } from './decode.js';
import { FastReadings } from './fast-readings.js';
import { checkTimeWindow } from './time-window.js';

/** A part of an accepted event that was refused (e.g. one bad reading of a batch). */
export interface PartRejection {
  index: number;
  reason: string;
}

/**
 * Readings outside the time window whose node said its clock was unsynced: not refused here, but
 * held for the node's clock correction (src/studio/clock-hold), with the reason they would be refused.
 */
export interface Unsynced {
  index: number;
  reading: Reading;
  reason: string;
}

export type Validated =
  | { ok: true; item: IngestItem; partRejections: PartRejection[]; unsynced: Unsynced[] }
  | { ok: false; id: string; source: string; error: DomainError };

/**
 * Checks one event against CloudEvents 1.0 and the schema of its type, and normalises its data.
 * Never throws: a bad event becomes a rejection naming the bad field. Inside a reading batch,
 * each bad reading is refused on its own and the others are kept.
 * @example
 * const v = validateEvent(raw);
 * if (!v.ok) console.log(v.error.message); // "data.readings[2].value: Invalid input: expected number"
 */
export function validateEvent(raw: RawEvent): Validated {
  const id = typeof raw.id === 'string' ? raw.id : '';
  const source = typeof raw.source === 'string' ? raw.source : '';
  try {
    if (typeof raw.__invalid === 'string') throw new InvalidInput(raw.__invalid, { field: '(event)' });
    const ce = toCloudEvent(raw);
    if (!EVENT_TYPES.includes(ce.type)) {
      throw new InvalidInput(`unsupported event type "${ce.type}"; accepted: ${EVENT_TYPES.join(', ')}`, { field: 'type', reason: 'unsupported_type' });
    }
    const data = typeof ce.data === 'string' ? parseData(ce.data) : ce.data;
    const event = {
      source: ce.source, id: ce.id, type: ce.type, time: ce.time ? parseTimestamp(ce.time, 'time') : Date.now(),
      ...(ce.subject ? { subject: ce.subject } : {}),
    };
    const partRejections: PartRejection[] = [];
    const unsynced: Unsynced[] = [];
    const item: IngestItem = { event };
    const now = Date.now();
    switch (ce.type) {
      case EventType.Reading: {
        // Readings the fast path already parsed and checked (every one valid, or it would not have taken them).
        const fast = typeof data === 'object' && data !== null ? (data as { readings?: unknown }).readings : undefined;
        if (fast instanceof FastReadings) item.series = fast.series;
        else {
          const good = readings(data, partRejections, unsynced, now);
          if (good.length) item.readings = good;
        }
        break;
      }
      case EventType.Health:
        item.health = parseWith(HealthSchema, data, 'data');
        checkTimeWindow(item.health.ts, 'data.ts', now, item.health.clock);
        break;
      case EventType.Anomaly:
        item.anomalies = [parseWith(AnomalySchema, data, 'data')];
        checkTimeWindow(item.anomalies[0]!.ts, 'data.ts', now);
        break;
      case EventType.Aggregate:
        item.aggregate = parseWith(AggregateSchema, data, 'data');
        checkTimeWindow(item.aggregate.window_start, 'data.window_start', now);
        checkTimeWindow(item.aggregate.window_end, 'data.window_end', now);
        break;
      case EventType.Model:
        item.model = parseWith(ModelStateSchema, data, 'data');
        break;
      case EventType.Clock:
        item.clockSync = parseWith(ClockSyncSchema, data, 'data');
        checkTimeWindow(item.clockSync.ts, 'data.ts', now);
        break;
      case EventType.Explanation: {
        const e = parseWith(ExplanationSchema, data, 'data');
        item.explanation = { anomaly_id: e.anomaly_id, text: e.model ? `${e.text} (${e.model})` : e.text };
        break;
      }
    }
    return { ok: true, item, partRejections, unsynced };
  } catch (err) {
    const error = err instanceof DomainError ? err : new InvalidInput((err as Error).message, { field: '(event)', cause: err });
    return { ok: false, id, source, error };
  }
}

function toCloudEvent(raw: RawEvent): CloudEvent<unknown> {
  for (const attr of ['id', 'source', 'type', 'specversion'] as const) {
    if (typeof raw[attr] !== 'string' || raw[attr] === '') {
      throw new InvalidInput(`required CloudEvents attribute "${attr}" is missing or not a string`, { field: attr, reason: 'invalid_cloudevent' });
    }
  }
  try {
    return new CloudEvent<unknown>(raw as ConstructorParameters<typeof CloudEvent<unknown>>[0]);
  } catch (err) {
    if (err instanceof ValidationError) {
      const detail = Array.isArray(err.errors) && err.errors.length ? JSON.stringify(err.errors[0]) : err.message;
      throw new InvalidInput(`not a valid CloudEvent 1.0: ${detail}`, { field: '(event)', reason: 'invalid_cloudevent', cause: err });
    }
    throw err;
  }
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput('data must be JSON', { field: 'data', reason: 'malformed_json' });
  }
}

function readings(data: unknown, rejections: PartRejection[], unsynced: Unsynced[], now: number): Reading[] {
  const batch = parseWith(ReadingBatchSchema, data, 'data');
  const good: Reading[] = [];
  batch.readings.forEach((r, index) => {
    let reading: Reading | undefined;
    try {
      reading = parseWith(ReadingSchema, r, `data.readings[${index}]`);
      checkTimeWindow(reading.ts, `data.readings[${index}].ts`, now, reading.clock);
      good.push(reading);
    } catch (err) {
      const reason = (err as Error).message;
      if (reading?.clock === 'unsynced') unsynced.push({ index, reading, reason });
      else rejections.push({ index, reason });
    }
  });
  if (good.length === 0 && unsynced.length === 0) {
    throw new InvalidInput(`no valid reading in the event: ${rejections[0]?.reason ?? 'empty'}`, { field: 'data.readings' });
  }
  return good;
}
