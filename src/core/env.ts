/**
 * Environment parsing that warns and falls back instead of throwing: a typo in one variable must
 * not keep a node from starting. Each reader takes the environment explicitly so tests stay pure.
 */
export type Env = Record<string, string | undefined>;

export interface EnvReport {
  warnings: string[];
}

/**
 * Reads a number from the environment within [min, max]; warns and uses the fallback otherwise.
 * @example
 * envNumber(process.env, 'REPORT_INTERVAL', 60, { min: 1 }, report) // 60 when unset or invalid
 */
export function envNumber(env: Env, name: string, fallback: number, range: { min?: number; max?: number }, report: EnvReport): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    report.warnings.push(`${name}=${JSON.stringify(raw)} is not a number in [${range.min ?? '-∞'}, ${range.max ?? '∞'}]; using ${fallback}`);
    return fallback;
  }
  return n;
}

/** Reads a string; empty counts as unset. */
export function envString(env: Env, name: string, fallback: string): string;
export function envString(env: Env, name: string): string | undefined;
export function envString(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : fallback;
}

/** Reads a URL; warns and returns the fallback when it does not parse. */
export function envUrl(env: Env, name: string, fallback: string | undefined, report: EnvReport): string | undefined {
  const raw = envString(env, name);
  if (raw === undefined) return fallback;
  try {
    new URL(raw);
    return raw;
  } catch {
    report.warnings.push(`${name}=${JSON.stringify(raw)} is not a URL; using ${fallback ?? 'none'}`);
    return fallback;
  }
}

/** Reads one of a set of words; warns and falls back otherwise. */
export function envChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T, report: EnvReport): T {
  const raw = envString(env, name);
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  report.warnings.push(`${name}=${JSON.stringify(raw)} is not one of ${choices.join(', ')}; using ${fallback}`);
  return fallback;
}
