import { InvalidInputError } from '@app/kernel';

export function parseLimit(value: string | undefined, fallback: number, max: number, field = 'limit'): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidInputError('The query is invalid', [{ field, message: `${field} must be a whole number from 1 to ${max}` }]);
  return n;
}
