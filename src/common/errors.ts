/** Domain errors: thrown by services, knowing nothing of HTTP. The global filter maps them to responses. */
/** Message values; a `{ id, en }` pair (see `localized()` in time.ts) is read in the reader's language. */
export type Params = Record<string, string | number | { id: string; en: string }>;

export interface FieldError {
  field: string;
  /** A translation key under `validation.` (or a full key containing a dot). */
  code: string;
  params?: Params;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    /** Machine-readable code; also the translation key under `errors.`. */
    readonly code: string,
    readonly params: Params = {},
    readonly fields: FieldError[] = [],
    /** Machine-readable facts for API clients, e.g. the conflicting interval or the dates of a series that clash. */
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(fields: FieldError[], code = 'validation_failed') {
    super(code, {}, fields);
  }
}

export class RuleViolationError extends DomainError {
  readonly status = 400;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(code = 'not_found', params: Params = {}) {
    super(code, params);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(code: string, params: Params = {}, fields: FieldError[] = [], details?: unknown) {
    super(code, params, fields, details);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(code = 'unauthenticated') {
    super(code);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(code = 'forbidden', params: Params = {}) {
    super(code, params);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor() {
    super('json_required');
  }
}
