/**
 * The one error class of the project. `status` is the HTTP status a server answers with;
 * `field` names the offending input field when there is one, so clients can say what to fix.
 * @example
 * throw new HomelabError(400, 'value must be a finite number', 'readings[2].value');
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
