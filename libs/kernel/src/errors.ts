/** Domain errors; the API maps them to HTTP at its edge. Libs never throw HttpException. */
export interface FieldProblem {
  field: string;
  message: string;
  index?: number;
}

export class DomainError extends Error {}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

export class ConflictError extends DomainError {
  override name = 'ConflictError';
  /**
   * @param details shown under `details` of the answer
   * @param fields shown beside `statusCode`, `error` and `message` (e.g. `languageGaps`), which they never replace
   */
  constructor(
    message: string,
    readonly details?: unknown,
    readonly fields?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super(message);
  }
}
