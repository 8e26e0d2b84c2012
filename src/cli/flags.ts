import { InvalidArgumentError } from 'commander';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInput } from '../core/errors.js';
import type { SettingType } from '../core/settings.js';
import { envValue, type Env, type EnvReport } from '../core/env.js';

/**
 * A commander argument parser for a setting type: a value the type refuses becomes commander's
 * one-line "option '--port <n>' argument 'abc' is invalid. …" and exit code 2 (see errors.ts).
 * @example
 * .option('-p, --port <n>', 'port (env PORT)', flag(port))
 */
export function flag<T>(type: SettingType<T>): (value: string) => T {
  return (value: string) => {
    const v = type.read(value);
    if (v === undefined) throw new InvalidArgumentError(`Expected ${type.accepts}.`);
    return v;
  };
}

/**
 * A flag's value when given, else the environment variable's (warned about and defaulted when bad),
 * else the default: the one order every command resolves its settings in.
 * @example
 * const port = setting(opts.port, env, 'PORT', port, 8080, report);
 */
export function setting<T, F extends T | undefined>(given: T | undefined, env: Env, name: string, type: SettingType<T>, fallback: F, report: EnvReport): T | F {
  return given !== undefined ? given : envValue(env, name, type, fallback, report);
}

/** Prints the warnings collected while reading the environment, one line each. */
export function printWarnings(report: EnvReport, prefix = 'warning: '): void {
  for (const w of report.warnings) console.warn(`${prefix}${w}`);
  report.warnings.length = 0;
}

const why = (err: NodeJS.ErrnoException): string => ({
  ENOENT: 'it does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
} as Record<string, string>)[err.code ?? ''] ?? err.message;

/**
 * Checks that a file given on the command line can be read: a 400 (exit 2) naming the flag, the
 * path and why not, instead of a raw ENOENT later.
 * @example
 * readableFile('--input', opts.input)
 */
export function readableFile(flagName: string, path: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new InvalidInput(`${flagName} ${path}: cannot read it (${why(err as NodeJS.ErrnoException)})`, { field: flagName, cause: err });
  }
}

/** Checks that a file given on the command line can be written: its folder exists and is writable. */
export function writableFile(flagName: string, path: string): void {
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
  } catch (err) {
    throw new InvalidInput(`${flagName} ${path}: cannot write it (${why(err as NodeJS.ErrnoException)} — ${folder})`, { field: flagName, cause: err });
  }
}
