/**
 * Kinds of setting values, shared by environment variables and command-line flags, so that every
 * setting is read and validated the same way and a bad value is always reported as
 * "<setting>=<value> is not <what it accepts>". Environment readers (env.ts) warn and fall back;
 * the CLI turns the same message into one line on stderr and exit code 2.
 */
export interface SettingType<T> {
  /** What is accepted, for messages: "an integer in [0, 65535]". */
  readonly accepts: string;
  /** The value, or undefined when `text` is not acceptable. */
  read(text: string): T | undefined;
  /** How a value is written back in messages (a duration as `5m`). */
  show(value: T): string;
}

const range = (min: number, max: number) => `[${Number.isFinite(min) ? min : '-∞'}, ${Number.isFinite(max) ? max : '∞'}]`;

/**
 * A number in [min, max]; `Infinity`, `NaN`, hex and empty text are refused.
 * @example
 * numberIn(0.01, 3600).read('0.5') // 0.5
 */
export function numberIn(min = -Infinity, max = Infinity): SettingType<number> {
  return {
    accepts: `a number in ${range(min, max)}`,
    read: (text) => {
      const t = text.trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
      const n = Number(t);
      return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
    },
    show: String,
  };
}

/**
 * A whole number in [min, max].
 * @example
 * integerIn(1, 1000).read('3') // 3; read('2.5') → undefined
 */
export function integerIn(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): SettingType<number> {
  const n = numberIn(min, max);
  return {
    accepts: `an integer in ${range(min, max)}`,
    read: (text) => { const v = n.read(text); return v !== undefined && Number.isInteger(v) ? v : undefined; },
    show: String,
  };
}

/** A TCP port; 0 lets the system choose. */
export const port: SettingType<number> = { ...integerIn(0, 65_535), accepts: 'a port: an integer in [0, 65535] (0 = any free port)' };

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
/** On/off: 1/0, true/false, yes/no, on/off (any case). */
export const boolean: SettingType<boolean> = {
  accepts: `a boolean (${TRUE.join('/')} or ${FALSE.join('/')})`,
  read: (text) => { const t = text.trim().toLowerCase(); return TRUE.includes(t) ? true : FALSE.includes(t) ? false : undefined; },
  show: (v) => (v ? 'on' : 'off'),
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds in a duration written `250ms`, `30s`, `5m`, `1.5h`, `7d`, `2w`; undefined otherwise.
 * @example
 * parseDurationText('5m') // 300000
 */
export function parseDurationText(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : undefined;
}

/**
 * A duration as milliseconds (written as in {@link parseDurationText}).
 * @example
 * durationText(86_400_000) // '1d'
 */
export function durationText(ms: number): string {
  for (const [unit, size] of Object.entries(UNIT_MS).reverse()) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/**
 * A duration between `minMs` and `maxMs`, as milliseconds.
 * @example
 * duration(60_000, 365 * 86_400_000).read('24h') // 86400000
 */
export function duration(minMs = 0, maxMs = Number.MAX_SAFE_INTEGER): SettingType<number> {
  const within = maxMs >= Number.MAX_SAFE_INTEGER ? `at least ${durationText(minMs)}` : `from ${durationText(minMs)} to ${durationText(maxMs)}`;
  return {
    accepts: `a duration like 30s, 5m, 24h or 7d, ${within}`,
    read: (text) => { const ms = parseDurationText(text); return ms !== undefined && ms >= minMs && ms <= maxMs ? ms : undefined; },
    show: durationText,
  };
}

const UNIT_BYTES: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** A size as bytes, written the way byteSize reads it (`64MiB`, `512KiB`, `300`). */
export function byteText(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/**
 * A size in bytes between `min` and `max`: a whole number of bytes or with a binary unit
 * (`512K`, `64MiB`, `1.5GB`: K, M and G are 1024-based whatever the spelling).
 * @example
 * byteSize(1024).read('64MiB') // 67108864
 */
export function byteSize(min = 0, max = Number.MAX_SAFE_INTEGER): SettingType<number> {
  return {
    accepts: `a size in bytes like 300, 512KiB, 64MiB or 1GiB, from ${byteText(min)} to ${byteText(max)}`,
    read: (text) => {
      const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
      const unit = m ? UNIT_BYTES[m[2]!.toLowerCase()] : undefined;
      if (!m || unit === undefined) return undefined;
      const n = Math.round(Number(m[1]) * unit);
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    show: byteText,
  };
}

/**
 * An absolute URL with one of the given protocols (`http:`, `postgres:` …); any protocol when none given.
 * @example
 * url(['http:', 'https:']).read('http://studio:8080') // 'http://studio:8080'
 */
export function url(protocols: readonly string[] = []): SettingType<string> {
  return {
    accepts: protocols.length ? `a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}` : 'an absolute URL',
    read: (text) => {
      const t = text.trim();
      try {
        const u = new URL(t);
        return protocols.length === 0 || protocols.includes(u.protocol) ? t : undefined;
      } catch {
        return undefined;
      }
    },
    show: String,
  };
}

/**
 * One of a set of words.
 * @example
 * oneOf(['http', 'amqp'] as const).read('amqp') // 'amqp'
 */
export function oneOf<T extends string>(choices: readonly T[]): SettingType<T> {
  return {
    accepts: `one of ${choices.join(', ')}`,
    read: (text) => ((choices as readonly string[]).includes(text.trim()) ? (text.trim() as T) : undefined),
    show: String,
  };
}

/**
 * Non-empty text of at most `max` characters without control characters.
 * @example
 * text(64).read('pi-node-1') // 'pi-node-1'
 */
export function text(max = 4096): SettingType<string> {
  return {
    accepts: `non-empty text of at most ${max} characters`,
    // eslint-disable-next-line no-control-regex
    read: (t) => { const v = t.trim(); return v.length > 0 && v.length <= max && !/[\u0000-\u001f\u007f]/.test(v) ? v : undefined; },
    show: String,
  };
}

/**
 * The one message for a value a setting does not accept.
 * @example
 * settingProblem('PORT', 'abc', port) // 'PORT="abc" is not a port: an integer in [0, 65535] (0 = any free port)'
 */
export function settingProblem(name: string, raw: string, type: SettingType<unknown>): string {
  return `${name}=${JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw)} is not ${type.accepts}`;
}

/**
 * A comma-separated list drawn from a set of names (at least one; duplicates dropped).
 * @example
 * listOf(['agent-bruno', 'agent-auditor']).read('agent-auditor, agent-bruno') // ['agent-auditor', 'agent-bruno']
 */
export function listOf(choices: readonly string[]): SettingType<string[]> {
  return {
    accepts: `a comma-separated list of ${choices.join(', ')}`,
    read: (t) => {
      const names = [...new Set(t.split(',').map((x) => x.trim()).filter(Boolean))];
      return names.length > 0 && names.every((n) => choices.includes(n)) ? names : undefined;
    },
    show: (v) => v.join(','),
  };
}
