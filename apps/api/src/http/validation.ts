import { FieldProblem, flattenValidationErrors, InvalidInputError, NotFoundError, textProblems, VALIDATOR_OPTIONS } from '@app/kernel';
import { ArgumentMetadata, HttpException, Injectable, ParseUUIDPipe, PipeTransform, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError } from 'class-validator';

/** What a 400 says about a body or query of this DTO class: `<what>: field, field`. */
const INVALID = new Map<Function, string>();

/** Names a DTO's 400: `@InvalidAs('The incident is invalid')`, or register a class from a lib. */
export function invalidAs(message: string, ...classes: Function[]): void {
  for (const cls of classes) INVALID.set(cls, message);
}
export const InvalidAs = (message: string): ClassDecorator => (cls) => invalidAs(message, cls);

/** DTO classes of a body that may be left out: no body is taken as `{}`. */
const OPTIONAL_BODY = new Set<Function>();

/** The route takes a request without a body as an empty object (every field of the DTO is optional). */
export const BodyOptional = (): ClassDecorator => (cls) => {
  OPTIONAL_BODY.add(cls);
};

/** class-validator's errors as our field problems, for the pipe to name. */
class FieldProblems extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('invalid');
  }
}

/** Every problem of one DTO: class-validator's, then the text checks (control characters) of the fields it found nothing wrong with. */
function problemsOf(errors: ValidationError[]): FieldProblems {
  const target = errors.find((e) => e.target)?.target;
  const problems = flattenValidationErrors(errors);
  const named = new Set(problems.map((p) => p.field));
  return new FieldProblems([...problems, ...(target ? textProblems(target).filter((p) => !named.has(p.field)) : [])]);
}

/**
 * Nest's ValidationPipe with our rules (whitelist, unknown properties refused, values transformed)
 * and our 400: an InvalidInputError that lists each bad field by its path, as the services' own
 * checks do, so the error filter shapes both alike. A body must be a JSON object; its text (at any
 * depth) may not hold control characters (see textProblems).
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe implements PipeTransform {
  constructor() {
    super({ ...VALIDATOR_OPTIONS, transform: true, validationError: { target: true, value: false }, exceptionFactory: problemsOf });
  }

  /**
   * Only DTO classes (with class-validator rules) are validated: other parameter types, such as the
   * console's form and query records, pass as they are (a type named like a decorator, `Query`, is
   * seen at runtime as that function).
   */
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    return super.toValidate(metadata) && getMetadataStorage().getTargetValidationMetadatas(metadata.metatype!, '', true, false).length > 0;
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!metadata.metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    const what = INVALID.get(metadata.metatype) ?? (metadata.type === 'body' ? 'The request body is invalid' : 'The query is invalid');
    if (metadata.type === 'body' && value === undefined && OPTIONAL_BODY.has(metadata.metatype)) value = {};
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidInputError(what, [{ field: '', message: 'must be a JSON object' }]);
    }
    let instance: unknown;
    try {
      instance = await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof FieldProblems) throw new InvalidInputError(what, error.problems);
      // Some validators throw on text that is no text (isEmail on an unpaired surrogate: URIError): that text is the problem.
      const text = error instanceof HttpException ? [] : textProblems(plainToInstance(metadata.metatype, value));
      if (text.length) throw new InvalidInputError(what, text);
      throw error;
    }
    const text = textProblems(instance);
    if (text.length) throw new InvalidInputError(what, text);
    return instance;
  }
}

/** A path or query parameter that must be a UUID: 400 naming the parameter, e.g. `id must be a UUID`. */
export const uuidParam = (name: string, what = 'The request is invalid') =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError(what, [{ field: name, message: `${name} must be a UUID` }]) });

/**
 * An id in the path of a record that can only exist with a UUID: anything else is a record that does
 * not exist (404 naming the value), as for a well-formed id nobody has.
 */
export class UuidOrNotFoundPipe extends ParseUUIDPipe {
  constructor(private readonly what: string) {
    super();
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return await super.transform(value, metadata);
    } catch {
      throw new NotFoundError(`${this.what} ${value} does not exist`);
    }
  }
}
