import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { envChoice, type Env, type EnvReport } from './env.js';

/**
 * The one logger of a process: levelled and structured (pino), namespaced per part with
 * `logger('graph')`, written to stderr so a command's own output on stdout stays clean for scripts.
 * Two formats: `pretty`, one line a reader takes in at a glance
 * (`16:15:24.123 WARN  graph: not migrating … err="…"`), the default; and `json`, pino's
 * newline-delimited JSON (`{"level":40,"time":…,"ns":"graph","msg":"…"}`) for log collectors
 * (the Kubernetes manifests set it). `LOG_LEVEL` and `LOG_FORMAT` choose, read once by the CLI.
 */
export type Logger = PinoLogger;
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggingOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go (default stderr); tests pass a stream that collects them. */
  destination?: { write(line: string): unknown };
}

const LABELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const OWN = new Set(['level', 'time', 'ns', 'msg', 'pid', 'hostname']);

/** One pino JSON line as `HH:MM:SS.mmm LEVEL ns: msg key=value …` (an error's stack on the lines below). */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try { o = JSON.parse(json) as Record<string, unknown>; } catch { return json; }
  const time = new Date(Number(o.time)).toISOString().slice(11, 23);
  const fields: string[] = [];
  let stack = '';
  for (const [k, v] of Object.entries(o)) {
    if (OWN.has(k)) continue;
    if (k === 'err' && v && typeof v === 'object') {
      const e = v as { message?: string; stack?: string };
      fields.push(`err=${JSON.stringify(e.message ?? '')}`);
      if (e.stack && LABELS[Number(o.level)] !== 'INFO ') stack = `\n${e.stack.split('\n').slice(1).join('\n')}`;
      continue;
    }
    fields.push(`${k}=${typeof v === 'string' && !/\s|"/.test(v) ? v : JSON.stringify(v)}`);
  }
  const ns = o.ns ? `${String(o.ns)}: ` : '';
  return `${time} ${LABELS[Number(o.level)] ?? String(o.level)} ${ns}${String(o.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}${stack}\n`;
}

/**
 * A root logger. Constructed, not global: the composition root makes one from its settings and
 * hands children to the parts it wires; `logger(ns)` serves parts built without one.
 * @example
 * const log = createLogger({ level: 'debug', format: 'json' }).child({ ns: 'studio' });
 * log.warn({ port: 8080 }, 'port in use');
 */
export function createLogger(options: LoggingOptions = {}): Logger {
  const out = options.destination ?? process.stderr;
  const format = options.format ?? 'pretty';
  const stream: DestinationStream = format === 'json' ? { write: (l: string) => out.write(l) } : { write: (l: string) => out.write(prettyLine(l)) };
  return pino({ level: options.level ?? 'info', base: undefined, serializers: { err: pino.stdSerializers.err } }, stream);
}

let root: Logger | undefined;

/** Sets the process's root logger (the CLI does, once, from its settings). */
export function configureLogging(options: LoggingOptions): Logger {
  root = createLogger(options);
  return root;
}

/**
 * A namespaced child of the process's root logger (made with defaults on first use).
 * @example
 * const log = logger('alerts'); log.warn({ rule: id }, 'channel failed');
 */
export function logger(ns: string): Logger {
  root ??= createLogger();
  return root.child({ ns });
}

/** `LOG_LEVEL` and `LOG_FORMAT`, warned about and defaulted like every other variable. */
export function loggingFromEnv(env: Env, report: EnvReport): { level: LogLevel; format: LogFormat } {
  return { level: envChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'info', report), format: envChoice(env, 'LOG_FORMAT', LOG_FORMATS, 'pretty', report) };
}

/** A `(message) => void` callback, for the parts whose options take one, writing at `level` to `log`. */
export const sink = (log: Logger, level: 'info' | 'warn' | 'error' = 'info') => (message: string): void => { log[level](message); };
