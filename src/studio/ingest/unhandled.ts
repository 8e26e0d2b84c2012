/**
 * Thrown inside the ingest fast path (fast-json.ts, fast-readings.ts) when a body is not one it
 * handles exactly; the caller then takes the ordinary path, whose errors name the reason.
 */
export class Unhandled extends Error {}
export const UNHANDLED = new Unhandled('not for the fast path');
