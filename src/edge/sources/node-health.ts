import type { Source, SourceSink } from './source.js';
import { ProcHealthReader, type ProcPaths } from './proc-health.js';

export interface NodeHealthOptions extends ProcPaths {
  node: string;
  location?: string;
  intervalMs: number;
}

/**
 * Reports this machine's real health (from /proc and /sys) as the node's health, every interval.
 * @example
 * new NodeHealthSource({ node: 'pi-node-1', proc: '/proc', sys: '/sys', disk: '/', intervalMs: 60000 })
 */
export class NodeHealthSource implements Source {
  readonly name = 'node-health';
  private timer?: NodeJS.Timeout;
  private readonly reader: ProcHealthReader;

  constructor(private readonly options: NodeHealthOptions) {
    this.reader = new ProcHealthReader(options);
  }

  async start(sink: SourceSink): Promise<void> {
    await this.reader.read(); // primes the CPU counters; the first report has real deltas
    await new Promise((r) => setTimeout(r, 250));
    await this.report(sink);
    this.timer = setInterval(() => void this.report(sink), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  private async report(sink: SourceSink): Promise<void> {
    try {
      const h = await this.reader.read();
      sink.health({ node: this.options.node, ts: Date.now(), ...(this.options.location ? { location: this.options.location } : {}), ...h });
    } catch (err) {
      sink.malformed(this.name, `cannot read node health: ${(err as Error).message}`);
    }
  }
}
