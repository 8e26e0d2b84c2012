import { chat, type LlmConfig } from '../core/llm-client.js';
import { EventType } from '../core/event-types.js';
import type { AnomalyInput } from '../core/schemas.js';
import { encodeEvent } from '../core/wire-event.js';
import type { EventSink } from './route/router.js';

/**
 * Asks the node's small local model (ollama-edge, OpenAI-compatible) to explain critical
 * anomalies, off the per-reading path: requests queue (bounded; the oldest is dropped and counted
 * when full), run one at a time with a timeout, and the answer travels as an
 * `io.homelab.edge.explanation` event after the anomaly itself. Without a model nothing changes.
 * @example
 * const explainer = new AnomalyExplainer({ baseUrl: 'http://ollama-edge:11434/v1', model: 'llama3.2:1b' }, outbox, '/edge/pi-node-1');
 * explainer.request('anomaly:pi-node-1:b1:42', anomaly);
 */
export class AnomalyExplainer {
  readonly counters = { requested: 0, explained: 0, failed: 0, dropped: 0 };
  private readonly queue: { id: string; anomaly: AnomalyInput }[] = [];
  private running = false;

  constructor(private readonly llm: LlmConfig, private readonly sink: EventSink, private readonly source: string, private readonly maxQueue = 20) {}

  request(anomalyEventId: string, anomaly: AnomalyInput): void {
    this.counters.requested++;
    if (this.queue.length >= this.maxQueue) { this.queue.shift(); this.counters.dropped++; }
    this.queue.push({ id: anomalyEventId, anomaly });
    if (!this.running) void this.drain();
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((r) => setTimeout(r, 20));
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length) {
      const { id, anomaly: a } = this.queue.shift()!;
      const r = await chat(this.llm, [
        { role: 'system', content: 'You explain sensor anomalies on a Raspberry Pi edge node in one or two short sentences: the likely cause and what to check. Use only the numbers given.' },
        { role: 'user', content: `${a.kind} sensor ${a.sensor} on ${a.node}${a.location ? ` in ${a.location}` : ''} read ${a.value}${a.unit ?? ''} at ${new Date(a.ts as number).toISOString()}; detector: ${a.reason}, score ${a.score}.` },
      ]);
      const text = r.ok ? (r.message.content ?? '').trim() : '';
      if (!text) { this.counters.failed++; continue; }
      try {
        this.sink.enqueue(encodeEvent({ type: EventType.Explanation, source: this.source, id: `explanation:${id}`, data: { anomaly_id: id, text: text.slice(0, 2000), model: this.llm.model }, subject: a.node }), 'warning');
        this.counters.explained++;
      } catch {
        // The outbox could not take it (a full disk): an explanation is a nicety, counted and given up.
        this.counters.failed++;
      }
    }
    this.running = false;
  }
}
