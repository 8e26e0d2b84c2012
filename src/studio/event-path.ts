import type { AgentEvent } from '../core/agent.js';
import type { AgentHost } from './agent-host.js';

/** How long a POST to the broker may take before the webhook is answered 503 (the sender retries). */
const SINK_TIMEOUT_MS = 5000;

/**
 * Where events for agents go: with no sink, to the agents of this process (the embedded stack);
 * with `EVENT_SINK_URL` (or Knative's `K_SINK`), to the Broker as a structured CloudEvent, whose
 * Triggers deliver it to each subscribed agent's own Service, never both (no agent sees it twice).
 * @example
 * await new EventPath(host).publish(event);
 */
export class EventPath {
  constructor(private readonly host: AgentHost, private readonly sinkUrl?: string, private readonly fetchImpl: typeof fetch = fetch) {}

  get target(): 'broker' | 'in-process' {
    return this.sinkUrl ? 'broker' : 'in-process';
  }

  /** Resolves once the event is handed on (to the broker, or queued for the local agents); throws when the broker refuses. */
  async publish(event: AgentEvent): Promise<void> {
    if (!this.sinkUrl) {
      void this.host.dispatch(event);
      return;
    }
    const res = await this.fetchImpl(this.sinkUrl, {
      method: 'POST', signal: AbortSignal.timeout(SINK_TIMEOUT_MS),
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: event.id, source: event.source, type: event.type, time: new Date(event.time).toISOString(), datacontenttype: 'application/json', ...(event.subject ? { subject: event.subject } : {}), data: event.data }),
    });
    if (!res.ok) throw new Error(`the event sink answered ${res.status}`);
  }
}
