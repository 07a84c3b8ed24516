import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
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
    // Left empty, a required field is just that: "Wajib diisi", not the length or format it would have needed.
    const missing = error.target !== undefined && (value === undefined || value === null) && Object.keys(error.constraints ?? {}).length > 0;
    // A decorator given `{ message: 'phone' }` names its own translation key (validation.phone).
    const own = missing ? [{ field, code: 'isNotEmpty', params: {} }] : Object.entries(error.constraints ?? {}).map(([name, message]) => ({
      field, code: /^\w+$/.test(message) ? message : name, params: constraintParams(error.target, error.property, name),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], `${field}.`)];
  });
}

/** Validates every DTO; failures become a ValidationError whose messages the filter translates. */
export const appValidationPipe = () => new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: true, value: false },
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => new ValidationError(toFieldErrors(errors)),
});
