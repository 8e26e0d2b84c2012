import { EventBus } from '../core/event-bus.js';
import type { AlertState } from './alerts/alert.js';
import type { IngestItem } from './store/store.js';
import { logger } from '../core/logger.js';

/** An alert rule change, so every open dashboard sees another's edits. */
export interface RuleChange {
  action: 'created' | 'updated' | 'deleted';
  id: string;
}

/** An alert transition that was notified (firing, repeated, resolved), with its rule's name. */
export interface AlertChange {
  rule: { id: string; name: string; severity: string };
  alert: AlertState;
}

/**
 * What happens inside one studio process, for in-process subscribers (the dashboard's live
 * stream, `/metrics/sensors`). Topics: `stored` (items after they are durable, from the
 * ingestor), `alert` (notified transitions, from the alert engine), `rule` (rule edits).
 */
export interface StudioEvents {
  stored: IngestItem[];
  alert: AlertChange;
  rule: RuleChange;
}

export type StudioBus = EventBus<StudioEvents>;

/** A bus for one studio; listener failures go to the log with the topic. */
export const createStudioBus = (): StudioBus => new EventBus<StudioEvents>((topic, err) => logger('bus').error({ err, topic }, 'a listener failed'));
