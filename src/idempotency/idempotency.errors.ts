import { ConflictError, DomainError } from '../common/errors.js';

/** An Idempotency-Key (or the form's key field) that is empty, longer than 255 characters or holds control characters. */
export class InvalidIdempotencyKeyError extends DomainError {
  readonly status = 400;
  constructor() {
    super('idempotency_key_invalid', { max: 255 });
  }
}

/** The key was already used for a different request (another body or path): the draft's 422. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  constructor() {
    super('idempotency_key_reused');
  }
}

/**
 * The first request with this key is still running after the bounded wait (`idempotency_in_progress`), or was left
 * unfinished so long ago that its outcome is unknown (`idempotency_result_unknown`): never run a second time.
 */
export class IdempotencyConflictError extends ConflictError {
  constructor(code: 'idempotency_in_progress' | 'idempotency_result_unknown') {
    super(code);
  }
}
