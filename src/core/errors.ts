/**
 * What went wrong, in domain terms, with no transport status: domain, edge and core code throw
 * these, and only the HTTP layer (src/studio/http/http-error.ts) turns them into a status and the
 * JSON error body; the CLI turns them into an exit code. `field` names the offending input when
 * there is one, and `reason` is the machine word clients branch on (both reach the wire as they
 * are), so each class has a default reason and a throw site may give a more precise one.
 * @example
 * throw new InvalidInput('value must be a finite number', { field: 'readings[2].value' });
 * throw new NotFound(`no incident ${id}`, { field: 'incident_id' });
 */
export interface ErrorDetail {
  /** The input field to fix (`readings[2].value`, `--data-dir`, `(body)`). */
  field?: string;
  /** The machine reason (`port_in_use`, `malformed_json`); each class has its default. */
  reason?: string;
  cause?: unknown;
}

/** The base of the domain errors below; `instanceof DomainError` tells them from bugs. */
export abstract class DomainError extends Error {
  readonly field?: string;
  readonly reason: string;

  protected constructor(message: string, defaultReason: string, detail: ErrorDetail = {}) {
    super(message, 'cause' in detail ? { cause: detail.cause } : undefined);
    if (detail.field !== undefined) this.field = detail.field;
    this.reason = detail.reason ?? defaultReason;
  }
}

/** The input is wrong: a bad value, a missing field, a malformed body or file, a bad flag. */
export class InvalidInput extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'invalid', detail); this.name = 'InvalidInput'; }
}

/** The thing named (an incident, an agent, a dashboard file) does not exist. */
export class NotFound extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'not_found', detail); this.name = 'NotFound'; }
}

/** The request clashes with the current state: a port or data directory another process holds. */
export class Conflict extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'conflict', detail); this.name = 'Conflict'; }
}

/** A dependency is down or not ready yet (storage opening, a broker unreachable); retry later. */
export class Unavailable extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'unavailable', detail); this.name = 'Unavailable'; }
}

/**
 * A bound was reached: `size` (a body or file too large), `rate` (too many per second),
 * `capacity` (too many open at once, e.g. live streams). Bounds on a query's own parameters (too
 * many points asked for) are {@link InvalidInput}: the caller fixes the request.
 */
export type Limit = 'size' | 'rate' | 'capacity';
const LIMIT_REASON: Record<Limit, string> = { size: 'too_large', rate: 'rate_limited', capacity: 'busy' };
export class LimitExceeded extends DomainError {
  constructor(readonly limit: Limit, message: string, detail?: ErrorDetail) { super(message, LIMIT_REASON[limit], detail); this.name = 'LimitExceeded'; }
}

/** The caller is known but not allowed to do this (a token without the scope). */
export class Forbidden extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'forbidden', detail); this.name = 'Forbidden'; }
}

/** The content type (or message format) is not one this code reads. */
export class UnsupportedMedia extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'unsupported_media_type', detail); this.name = 'UnsupportedMedia'; }
}

/** Well-formed input that carries too little to use: a payload with no reading, too little history to train on. */
export class InsufficientData extends DomainError {
  constructor(message: string, detail?: ErrorDetail) { super(message, 'not_enough_data', detail); this.name = 'InsufficientData'; }
}
