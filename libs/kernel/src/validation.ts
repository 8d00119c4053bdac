import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem } from './errors';
import { controlCharacterProblem, isMultilineField } from './validators';

export { isZonedDateTime } from './validators';

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

/** Deeper JSON is no input of ours, and the recursive DTO mapping might not survive it. */
export const MAX_DEPTH = 32;

/** Where `value` holds an object or array nested more than `max` levels deep (the value itself is level 1), or null; without recursion. */
export function tooDeep(value: unknown, max = MAX_DEPTH): string | null {
  const stack: [unknown, string, number][] = [[value, '', 1]];
  while (stack.length > 0) {
    const [node, path, level] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (level > max) return path;
    const isArray = Array.isArray(node);
    for (const key of Object.keys(node)) stack.push([(node as Record<string, unknown>)[key], isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key, level + 1]);
  }
  return null;
}

export const tooDeepMessage = (max = MAX_DEPTH) => `nested more than ${max} levels deep here`;

/** Validates one plain object against a DTO class, returning the instance or the problems. */
export function validateDto<T extends object>(cls: new () => T, plain: unknown): { value: T; problems: FieldProblem[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { value: undefined as unknown as T, problems: [{ field: '', message: 'must be a JSON object' }] };
  }
  const deep = tooDeep(plain);
  if (deep !== null) return { value: undefined as unknown as T, problems: [{ field: deep, message: tooDeepMessage() }] };
  const value = plainToInstance(cls, plain);
  const text = textProblems(value);
  // Some validators throw on text that is no text (isEmail's byte length on an unpaired surrogate):
  // that text is refused by name already, and the other fields' checks are left for the next try.
  if (text.length > 0) {
    try {
      return { value, problems: [...flattenValidationErrors(validateSync(value, VALIDATOR_OPTIONS)), ...text] };
    } catch {
      return { value, problems: text };
    }
  }
  return { value, problems: flattenValidationErrors(validateSync(value, VALIDATOR_OPTIONS)) };
}

/**
 * Every string in a body (values and property names, at any depth) that holds a character text must
 * not: NUL and the other control characters, and in one-line values line breaks and bidi controls.
 * Strings under a multi-line field of a DTO (`IsLocalizedText`) may hold tabs and line breaks.
 * Works on DTO instances (their classes say which fields are multi-line) and on plain objects
 * (everything one-line, unless `multiline`).
 */
export function textProblems(body: unknown, options: { multiline?: boolean } = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: [unknown, string, boolean][] = [[body, '', options.multiline ?? false]];
  while (stack.length > 0) {
    const [value, path, multiline] = stack.pop()!;
    if (typeof value === 'string') {
      const message = controlCharacterProblem(path || 'the body', value, multiline);
      if (message) problems.push({ field: path, message });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const isArray = Array.isArray(value);
    const children: [unknown, string, boolean][] = [];
    for (const key of Object.keys(value)) {
      const at = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isArray) {
        const message = controlCharacterProblem(`the property name ${JSON.stringify(key)}`, key, false);
        if (message) problems.push({ field: at, message });
      }
      children.push([(value as Record<string, unknown>)[key], at, multiline || (!isArray && isMultilineField(value.constructor, key))]);
    }
    stack.push(...children.reverse());
  }
  return problems;
}

/**
 * Query and path parameters: each given once, as a plain value (no `a=1&a=2`, `a[]=1` or
 * `a[b]=1`), and one-line text without control characters. Problems name the parameter.
 */
export function parameterProblems(params: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(params)) {
    const bracket = key.indexOf('[');
    const name = bracket > 0 ? key.slice(0, bracket) : key;
    if (bracket >= 0 || typeof value !== 'string') {
      problems.push({ field: name, message: `${name} must be given once, as a single value` });
      continue;
    }
    const message = controlCharacterProblem(name, key, false) ?? controlCharacterProblem(name, value, false);
    if (message) problems.push({ field: name, message });
  }
  return problems;
}
