/**
 * Environment parsing that warns and falls back instead of throwing: a typo in one variable must
 * not keep a node from starting. Each reader takes the environment explicitly so tests stay pure
 * (the CLI passes `process.env` once). Values are read with the setting types of settings.ts, the
 * same ones the CLI's flags use, so a variable and its flag accept exactly the same text.
 */
import { boolean, byteSize, duration, integerIn, numberIn, oneOf, port, settingProblem, url, type SettingType } from './settings.js';

export type Env = Record<string, string | undefined>;

export interface EnvReport {
  warnings: string[];
}

/**
 * Reads `name` as `type`; when unset or empty, `fallback`; when not acceptable, warns naming the
 * variable, the value and what it accepts, and returns `fallback`.
 * @example
 * envValue(process.env, 'BACKUP_INTERVAL', duration(60_000), undefined, report) // 86400000 for "24h"
 */
export function envValue<T, F extends T | undefined>(env: Env, name: string, type: SettingType<T>, fallback: F, report: EnvReport): T | F {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = type.read(raw);
  if (value !== undefined) return value;
  report.warnings.push(`${settingProblem(name, raw, type)}; using ${fallback === undefined ? 'none' : type.show(fallback as T)}`);
  return fallback;
}

/**
 * Reads a number within [min, max]; warns and uses the fallback otherwise.
 * @example
 * envNumber(process.env, 'REPORT_INTERVAL', 60, { min: 1 }, report) // 60 when unset or invalid
 */
export function envNumber(env: Env, name: string, fallback: number, bounds: { min?: number; max?: number }, report: EnvReport): number {
  return envValue(env, name, numberIn(bounds.min, bounds.max), fallback, report);
}

/** Reads a whole number within [min, max]; warns and uses the fallback otherwise. */
export function envInteger(env: Env, name: string, fallback: number, bounds: { min?: number; max?: number }, report: EnvReport): number {
  return envValue(env, name, integerIn(bounds.min, bounds.max), fallback, report);
}

/** Reads a TCP port (0–65535). */
export function envPort(env: Env, name: string, fallback: number, report: EnvReport): number {
  return envValue(env, name, port, fallback, report);
}

/** Reads on/off (1/0, true/false, yes/no, on/off). */
export function envBoolean(env: Env, name: string, fallback: boolean, report: EnvReport): boolean {
  return envValue(env, name, boolean, fallback, report);
}

/** Reads a duration (`30s`, `5m`, `24h`, `7d`) as milliseconds within [minMs, maxMs]. */
export function envDuration<F extends number | undefined>(env: Env, name: string, fallback: F, bounds: { minMs?: number; maxMs?: number }, report: EnvReport): number | F {
  return envValue(env, name, duration(bounds.minMs, bounds.maxMs), fallback, report);
}

/** Reads a size in bytes (`64MiB`, `512KiB`, `300`) within [min, max]. */
export function envBytes(env: Env, name: string, fallback: number, bounds: { min?: number; max?: number }, report: EnvReport): number {
  return envValue(env, name, byteSize(bounds.min, bounds.max), fallback, report);
}

/** Reads a string; empty counts as unset. */
export function envString(env: Env, name: string, fallback: string): string;
export function envString(env: Env, name: string): string | undefined;
export function envString(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : fallback;
}

/** Reads a URL (optionally of given protocols); warns and returns the fallback when it does not parse. */
export function envUrl(env: Env, name: string, fallback: string | undefined, report: EnvReport, protocols: readonly string[] = []): string | undefined {
  return envValue(env, name, url(protocols), fallback, report);
}

/** Reads one of a set of words; warns and falls back otherwise. */
export function envChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T, report: EnvReport): T {
  return envValue(env, name, oneOf(choices), fallback, report);
}
