/**
 * TEMPORARY, to be deleted: the old error class that carried an HTTP status outside the HTTP
 * layer. New code throws the domain errors of ./errors.ts (the HTTP layer owns HttpError); this
 * stays only for files other helpers were editing when the rest moved (src/studio/ingest/**,
 * src/studio/http/events-route.ts) and for core/time.ts and core/schemas.ts, whose errors those
 * files catch by this class. src/studio/http/http-error.ts maps it like an HttpError, so the wire
 * does not change.
 * @deprecated throw a domain error (./errors.ts) or, in src/studio/http, an HttpError
 */
export class HomelabError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly reason = 'invalid',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HomelabError';
  }

  /** The error body every HTTP endpoint answers with. */
  toJSON(): { error: { status: number; reason: string; message: string; field?: string } } {
    return { error: { status: this.status, reason: this.reason, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}
