import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem } from './errors';

/** Flattens class-validator's tree into `contacts[0].phone: must be …` problems. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const key = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const field = `${parent}${key}`;
    for (const message of Object.values(error.constraints ?? {})) problems.push({ field, message });
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

export const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** Validates one plain object against a DTO class, returning the instance or the problems. */
export function validateDto<T extends object>(cls: new () => T, plain: unknown): { value: T; problems: FieldProblem[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { value: undefined as unknown as T, problems: [{ field: '', message: 'must be a JSON object' }] };
  }
  const value = plainToInstance(cls, plain);
  return { value, problems: flattenValidationErrors(validateSync(value, VALIDATOR_OPTIONS)) };
}
