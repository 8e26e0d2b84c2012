import {
  Conflict, DomainError, Forbidden, InsufficientData, InvalidInput, LimitExceeded,
  NotFound, Unavailable, UnsupportedMedia, type Limit,
} from '../../core/errors.js';

/** The error body every HTTP endpoint answers with (README, "Errors"). */
export interface ErrorBody {
  error: { status: number; reason: string; message: string; field?: string };
}

/**
 * An error answered over HTTP: the status belongs here, in the HTTP layer. Routes throw it for
 * what only HTTP knows (401 without a token, 504 from a node that did not answer); everything
 * else throws a domain error (src/core/errors.ts) and {@link httpErrorOf} gives its status.
 * @example
 * throw new HttpError(401, 'a bearer token is required', 'authorization', 'unauthorized');
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly reason = 'invalid',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }

  toJSON(): ErrorBody {
    return { error: { status: this.status, reason: this.reason, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

const LIMIT_STATUS: Record<Limit, number> = { size: 413, rate: 429, capacity: 503 };

/** The status of each domain error: the one table of it. */
function statusOf(err: DomainError): number {
  if (err instanceof InvalidInput) return 400;
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  if (err instanceof Unavailable) return 503;
  if (err instanceof LimitExceeded) return LIMIT_STATUS[err.limit];
  if (err instanceof Forbidden) return 403;
  if (err instanceof UnsupportedMedia) return 415;
  if (err instanceof InsufficientData) return 422;
  return 400; // a DomainError subclass added without a row here is still the caller's to fix
}

/**
 * The HTTP answer to an error: an HttpError as it is, a domain error with its status (the error
 * kept as `cause`), undefined for anything else (a bug or an I/O failure: the caller decides,
 * e.g. 507 for a full disk, 500 otherwise). Message, field and reason pass through unchanged.
 * @example
 * const e = httpErrorOf(new NotFound('no incident x', { field: 'id' })); // e.status === 404
 * return c.json(e.toJSON(), e.status);
 */
export function httpErrorOf(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof DomainError) return new HttpError(statusOf(err), err.message, err.field, err.reason, { cause: err });
  return undefined;
}

/** {@link httpErrorOf}, with anything it does not know as a 500 that says to read the server log. */
export function toHttpError(err: unknown): HttpError {
  return httpErrorOf(err) ?? new HttpError(500, 'internal error; see the server log', undefined, 'internal', { cause: err });
}
