import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { WireCommand } from '../../core/commands.js';
import type { CommandHandler, EdgeServices } from './handler.js';
import { runCommand, type RunResult } from './runner.js';

export interface HttpChannelOptions {
  /** The studio's base URL (`STUDIO_AGENT_URL`). */
  url: string;
  node: string;
  /** The node's ingest token (`HOMELAB_TOKEN`). */
  token?: string;
  handlers: readonly CommandHandler[];
  services: EdgeServices;
  /** How long one long-poll waits at the studio (`COMMAND_POLL_WAIT`, default 25 s). */
  pollWaitMs?: number;
  /** Commands run at once (default 4); more wait their turn, still held (not handed out again). */
  maxInFlight?: number;
  log?: (msg: string) => void;
}

/** What the channel has done, for `/healthz` and `/metrics`. */
export interface ChannelCounters {
  polls: number;
  pollErrors: number;
  commands: number;
  resultsSent: number;
  resultErrors: number;
  /** Polls or results the studio refused for the token (401/403). */
  unauthorized: number;
  connected: boolean;
}

interface Answer { status: number; text: string }

/**
 * The node's end of the command channel over HTTP: an outbound long-poll to the studio (so it
 * works behind NAT: the studio never connects to the node), authenticated with the node's ingest
 * token. Each poll names the commands the node still holds; each command runs through its
 * handler (see `handlers/index.ts`) and its result is POSTed back, retried until the studio has
 * it or the deadline passes. Errors back off (1 s doubling to 30 s); nothing throws.
 * @example
 * const ch = new HttpCommandChannel({ url, node, token, handlers: COMMAND_HANDLERS, services });
 * ch.start(); … await ch.stop();
 */
export class HttpCommandChannel {
  readonly counters: ChannelCounters = { polls: 0, pollErrors: 0, commands: 0, resultsSent: 0, resultErrors: 0, unauthorized: 0, connected: false };
  private readonly holding = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly queue: WireCommand[] = [];
  private stopped = true;
  private poll?: { destroy(): void };
  private loop?: Promise<void>;
  private wake?: () => void;
  private said?: string;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly base: URL;

  constructor(private readonly o: HttpChannelOptions) {
    this.base = new URL(o.url);
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 4 }) : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  private get log(): (m: string) => void {
    return this.o.log ?? (() => undefined);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops polling; commands still running get up to `graceMs` (unanswered ones go out again to the next process). */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    this.poll?.destroy();
    this.wake?.();
    await this.loop;
    await Promise.race([Promise.all(this.running), new Promise((r) => setTimeout(r, graceMs).unref())]);
    this.agent.destroy();
  }

  private async run(): Promise<void> {
    let backoff = 1000;
    while (!this.stopped) {
      if (this.running.size >= (this.o.maxInFlight ?? 4)) {
        await Promise.race([...this.running]);
        continue;
      }
      const wait = this.o.pollWaitMs ?? 25_000;
      const path = `/api/v1/edge/${encodeURIComponent(this.o.node)}/commands/next?wait=${Math.round(wait)}ms${this.holding.size ? `&holding=${[...this.holding].map(encodeURIComponent).join(',')}` : ''}`;
      let answer: Answer;
      try {
        this.counters.polls++;
        answer = await this.request('GET', path, undefined, wait + 15_000, true);
      } catch (err) {
        if (this.stopped) break;
        this.counters.pollErrors++;
        this.counters.connected = false;
        this.say(`[commands] cannot reach the studio at ${this.o.url} (${(err as Error).message}); retrying with backoff up to 30 s`);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      if (answer.status !== 200) {
        this.counters.pollErrors++;
        this.counters.connected = false;
        if (answer.status === 401 || answer.status === 403) this.counters.unauthorized++;
        this.say(`[commands] the studio answered the command poll with HTTP ${answer.status}${answer.status === 401 || answer.status === 403 ? ' (check HOMELAB_TOKEN: the channel needs the ingest scope)' : ''}: ${answer.text.slice(0, 200)}; retrying with backoff up to 30 s`);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      backoff = 1000;
      if (!this.counters.connected && this.said) this.log(`[commands] command channel connected to ${this.o.url}`);
      this.said = undefined;
      this.counters.connected = true;
      let commands: WireCommand[] = [];
      try { commands = (JSON.parse(answer.text) as { commands?: WireCommand[] }).commands ?? []; } catch { this.log('[commands] the studio sent a poll answer that is not JSON; ignored'); }
      for (const c of commands) {
        if (this.holding.has(c.id)) continue;
        this.holding.add(c.id);
        this.counters.commands++;
        const job = this.handle(c).finally(() => { this.running.delete(job); this.holding.delete(c.id); });
        this.running.add(job);
      }
    }
  }

  private async handle(command: WireCommand): Promise<void> {
    const result = await runCommand(command, this.o.handlers, this.o.services);
    await this.send(command, result);
  }

  /** POSTs a result until the studio has it (2xx), refuses it for good (4xx) or the deadline passes. */
  private async send(command: WireCommand, result: RunResult): Promise<void> {
    const path = `/api/v1/edge/${encodeURIComponent(this.o.node)}/commands/${encodeURIComponent(command.id)}/result`;
    for (let backoff = 500; ; backoff = Math.min(backoff * 2, 10_000)) {
      try {
        const answer = await this.request('POST', path, result.body, 30_000, false);
        if (answer.status >= 200 && answer.status < 300) { this.counters.resultsSent++; return; }
        this.counters.resultErrors++;
        if (answer.status === 401 || answer.status === 403) this.counters.unauthorized++;
        if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
          this.log(`[commands] the studio refused the result of ${command.type} ${command.id} (HTTP ${answer.status}): ${answer.text.slice(0, 200)}`);
          return;
        }
      } catch (err) {
        this.counters.resultErrors++;
        this.log(`[commands] result of ${command.id} not sent (${(err as Error).message}); retrying`);
      }
      if (Date.now() + backoff > command.deadline || this.stopped) return;
      await new Promise((r) => setTimeout(r, backoff).unref());
    }
  }

  /** Logs a channel problem once until it changes or the channel reconnects (not every retry). */
  private say(message: string): void {
    if (message !== this.said) this.log(message);
    this.said = message;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = undefined; resolve(); };
    });
  }

  /** One request over node:http (not fetch: a Pi's memory budget, see transport/http.ts). */
  private request(method: string, path: string, body: string | undefined, timeoutMs: number, isPoll: boolean): Promise<Answer> {
    const url = new URL(path, this.base);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (this.o.token) headers.authorization = `Bearer ${this.o.token}`;
    if (body !== undefined) { headers['content-type'] = 'application/json'; headers['content-length'] = Buffer.byteLength(body); }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      if (isPoll) this.poll = req;
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
