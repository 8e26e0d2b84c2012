import { z } from 'zod';
import type { Sample } from './sources/source.js';
import { isoTime, parseTimestamp } from '../core/time.js';
import { outsideTimeWindow } from '../core/time-window.js';

const PushReading = z.object({
  sensor: z.string().trim().min(1).max(128),
  kind: z.string().trim().min(1).max(64),
  value: z.number().finite(),
  unit: z.string().max(16).optional(),
  ts: z.union([z.string(), z.number()]).optional(),
  node: z.string().trim().min(1).max(128).optional(),
  location: z.string().trim().min(1).max(128).optional(),
});

export interface PushResult {
  samples: Sample[];
  /** The JSON body's `batch_id` (a string), the sender's key for this batch across retries. */
  batchId?: string;
  /** `code` names a refusal a sender may need to tell apart (`ts_out_of_window`). */
  rejected: { index: number; reason: string; code?: string }[];
}

/**
 * Reads an HTTP push body: JSON `{"readings": [...]}` or one reading object, or `text/plain`
 * lines `sensor kind value [ts]`. Each bad reading is refused on its own with the reason. A `ts`
 * outside the studio's window (core/time-window.ts), judged against this collector's clock, is
 * refused here (`ts_out_of_window`) rather than acknowledged and then refused by the studio;
 * while the collector's clock is not trusted (`clockTrusted` false) only the earliest bound is judged.
 * @example
 * parsePush('{"sensor":"shelf","kind":"temperature","value":21.4}', 'application/json', { node: 'pi-node-1' })
 */
export function parsePush(body: string, contentType: string, defaults: { node: string; location?: string }, now = Date.now(), clockTrusted = true): PushResult {
  const items: unknown[] = [];
  let batchId: string | undefined;
  if (contentType.includes('json') || body.trimStart().startsWith('{')) {
    let parsed: unknown;
    try { parsed = JSON.parse(body); } catch { return { samples: [], rejected: [{ index: -1, reason: 'body is not valid JSON' }] }; }
    // `null`, a number or a string is a JSON body too: one (bad) reading, refused by the schema.
    const list = parsed !== null && typeof parsed === 'object' ? (parsed as { readings?: unknown }).readings : undefined;
    if (Array.isArray(list)) {
      items.push(...list);
      const id = (parsed as { batch_id?: unknown }).batch_id;
      if (id !== undefined) {
        if (typeof id !== 'string') return { samples: [], rejected: [{ index: -1, reason: 'batch_id must be a string' }] };
        batchId = id;
      }
    } else items.push(parsed);
  } else {
    for (const line of body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
      const [sensor, kind, value, ts] = line.split(/\s+/);
      items.push({ sensor, kind, value: value === undefined ? undefined : Number(value), ...(ts ? { ts: /^\d+$/.test(ts) ? Number(ts) : ts } : {}) });
    }
  }
  const samples: Sample[] = [];
  const rejected: PushResult['rejected'] = [];
  items.forEach((item, index) => {
    const r = PushReading.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      rejected.push({ index, reason: `${issue.path.join('.') || 'reading'}: ${issue.message}` });
      return;
    }
    try {
      const location = r.data.location ?? defaults.location;
      const ts = r.data.ts === undefined ? now : parseTimestamp(r.data.ts);
      const bound = r.data.ts === undefined ? undefined : outsideTimeWindow(ts, clockTrusted ? now : undefined, "the collector's");
      if (bound) {
        rejected.push({ index, code: 'ts_out_of_window', reason: `ts: ${ts} (${isoTime(ts)}) is ${bound} (ts_out_of_window: the studio would refuse it)` });
        return;
      }
      samples.push({
        node: r.data.node ?? defaults.node, sensor: r.data.sensor, kind: r.data.kind, value: r.data.value, unit: r.data.unit ?? '',
        ts, ...(location ? { location } : {}),
      });
    } catch (err) {
      rejected.push({ index, reason: (err as Error).message });
    }
  });
  return { samples, rejected, ...(batchId !== undefined ? { batchId } : {}) };
}
