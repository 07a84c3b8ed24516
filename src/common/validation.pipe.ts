import { ValidationPipe, type ArgumentMetadata, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { TransformationType, type ClassTransformOptions } from 'class-transformer';
import { createRequire } from 'node:module';
import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorOptions } from 'class-validator';
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

// class-transformer's decorator metadata, from the same module instance its `plainToInstance` reads (it has no export for it).
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as typeof import('class-transformer/types/storage.js');

type Accept = (query: Record<string, unknown>, options: ClassTransformOptions | undefined) => object | undefined;
const accepters = new WeakMap<Function, Accept | null>();

/**
 * A query DTO's checks worked out once from its class-transformer and class-validator metadata: a query of plain
 * strings that passes every check becomes the instance `plainToInstance` plus `validate` (whitelist, null check) would
 * give, without their per-request metadata lookups (about a tenth of a week view's CPU). It only ever accepts: a
 * query it would refuse, or one with lists, nulls or decorators it does not know, goes the full way, so errors and
 * their messages come from class-validator as before. Null for a class it cannot take (nested, grouped, async, @Type,
 * @Expose / @Exclude).
 */
function accepterFor(metatype: Function): Accept | null {
  if (accepters.has(metatype)) return accepters.get(metatype)!;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', true, false);
  const known = new Set([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.IS_DEFINED, ValidationTypes.WHITELIST]);
  const takes = metadatas.length > 0 && metadatas.every((m) => known.has(m.type) && !m.groups?.length && !m.always && !m.validateIf && !m.context)
    && !defaultMetadataStorage.getExposedMetadatas(metatype).length && !defaultMetadataStorage.getExcludedMetadatas(metatype).length
    && defaultMetadataStorage.getStrategy(metatype) === 'none';
  const properties = !takes ? [] : [...new Set(metadatas.map((m) => m.propertyName))].map((property) => {
    const own = metadatas.filter((m) => m.propertyName === property);
    const checks = own.filter((m) => m.type === ValidationTypes.IS_DEFINED || m.type === ValidationTypes.CUSTOM_VALIDATION)
      .flatMap((m) => storage.getTargetValidatorConstraints(m.constraintCls).map((c) => ({ metadata: m, constraint: c })));
    return {
      property, checks, typed: Boolean(defaultMetadataStorage.findTypeMetadata(metatype, property)),
      conditions: own.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.constraints[0] as (o: object, v: unknown) => boolean),
      transforms: defaultMetadataStorage.findTransformMetadatas(metatype, property, TransformationType.PLAIN_TO_CLASS).filter((t) => !t.options?.groups?.length),
    };
  });
  const checked = new Set(properties.flatMap((p) => p.checks.map((c) => c.metadata)));
  const unchecked = metadatas.some((m) => (m.type === ValidationTypes.IS_DEFINED || m.type === ValidationTypes.CUSTOM_VALIDATION) && !checked.has(m));
  const accept: Accept | null = !takes || unchecked || properties.some((p) => p.typed || p.checks.some((c) => c.constraint.async)) ? null : (query, options) => {
    const entity = new (metatype as new () => Record<string, unknown>)();
    for (const key of Object.keys(query)) if (typeof query[key] !== 'string') return undefined;
    for (const { property, transforms } of properties) {
      if (!Object.hasOwn(query, property)) continue;
      let value = query[property];
      for (const t of transforms) value = t.transformFn({ value, key: property, obj: query, type: TransformationType.PLAIN_TO_CLASS, options: options ?? {} });
      entity[property] = value;
    }
    for (const { property, conditions, checks } of properties) {
      const value = entity[property];
      if (value === null) return undefined;
      if (!conditions.every((condition) => condition(entity, value))) continue;
      for (const { metadata, constraint } of checks) {
        if (metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) return undefined;
        const args: ValidationArguments = { targetName: metatype.name, property, object: entity, value, constraints: metadata.constraints };
        if (constraint.instance.validate(value, args) !== true) return undefined;
      }
    }
    return entity;
  };
  accepters.set(metatype, accept);
  return accept;
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.metatype && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const accepted = accepterFor(metadata.metatype)?.(value as Record<string, unknown>, this.transformOptions);
      if (accepted) return accepted;
    }
    return super.transform(value, metadata);
  }

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
