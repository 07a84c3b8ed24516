import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage, type ValidatorOptions } from 'class-validator';
import { ValidationError, type FieldError, type Params } from './errors.js';

/** The arguments of a decorator (e.g. 8 for @MinLength(8)), so messages can name them. */
function constraintParams(target: object | undefined, property: string, name: string): Params {
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name === name || m.type === name));
  const params: Params = {};
  (metadata?.constraints ?? []).forEach((value: unknown, index: number) => {
    if (typeof value === 'string' || typeof value === 'number') params[String(index)] = value;
    else if (Array.isArray(value)) params[String(index)] = value.join(', ');
  });
  return params;
}

export function toFieldErrors(errors: ClassValidatorError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const value = (error.target as Record<string, unknown> | undefined)?.[error.property];
    // Left empty, a required field is just that: "Wajib diisi", not the length or format it would have needed; an
    // explicit null on an optional field keeps its own message (leave the field out instead).
    const missing = error.target !== undefined && (value === undefined || value === null) && Object.keys(error.constraints ?? {}).length > 0
      && !error.constraints?.isNotNull;
    // A decorator given `{ message: 'phone' }` names its own translation key (validation.phone).
    const own = missing ? [{ field, code: 'isNotEmpty', params: {} }] : Object.entries(error.constraints ?? {}).map(([name, message]) => ({
      field, code: /^\w+$/.test(message) ? message : name, params: constraintParams(error.target, error.property, name),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], `${field}.`)];
  });
}

/**
 * `null` for a documented property the document does not call nullable, at any depth. @IsOptional lets null
 * through like a missing value, and a null then reaches NOT NULL columns; where null means something (clearing a
 * cover image or a limit) the property says `nullable: true`, and the document says so too.
 */
function nullErrors(object: object): ClassValidatorError[] {
  const errors: ClassValidatorError[] = [];
  for (const [property, value] of Object.entries(object)) {
    const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, object, property) as { nullable?: boolean } | undefined;
    if (!documented) continue;
    if (value === null && !documented.nullable) errors.push({ property, target: object, constraints: { isNotNull: 'isNotNull' }, children: [] });
    const nested = (Array.isArray(value) ? value : [value]).map((item, index) => ({ item, index }))
      .filter(({ item }) => item !== null && typeof item === 'object' && item.constructor !== Object && !Array.isArray(item));
    const children = nested.flatMap(({ item, index }) => {
      const inner = nullErrors(item as object);
      return !inner.length ? [] : Array.isArray(value) ? [{ property: String(index), target: value, children: inner }] : inner;
    });
    if (children.length) errors.push({ property, target: object, children });
  }
  return errors;
}

class AppValidationPipe extends ValidationPipe {
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ClassValidatorError[]> {
    const errors = await super.validate(object, options);
    const failed = new Set(errors.map((e) => e.property));
    return [...errors, ...nullErrors(object).filter((e) => !failed.has(e.property))];
  }
}

/** Validates every DTO; failures become a ValidationError whose messages the filter translates. */
export const appValidationPipe = () => new AppValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: true, value: false },
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => new ValidationError(toFieldErrors(errors)),
});
