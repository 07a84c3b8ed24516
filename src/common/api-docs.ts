import { ApiExtension, DECORATORS, type OpenAPIObject, type ParameterObject, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { MAX_BODY_DEPTH } from './input-guard.js';
import { MAX_ID } from './parse-id.pipe.js';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: `validation_failed` (`fields` names each bad field), `malformed_body`, `body_too_deep` (more than '
    + `${MAX_BODY_DEPTH} levels), \`invalid_text\` (broken UTF-8, a lone surrogate or NUL, in the body, query or path), or a booking rule`,
  401: 'Not signed in (`unauthenticated`), or an unknown or revoked API token (`invalid_token`)',
  403: 'Not allowed for this user (`forbidden`, `not_venue_manager`, …), or a cookie-authenticated write from another origin (`cross_origin`)',
  404: 'No such item, or not visible to the caller',
  409: 'Clashes with the current state: a booking in the way, an email already registered, a status that does not allow it, …; '
    + 'or the first request with the same `Idempotency-Key` is still running (`idempotency_in_progress`) or never finished (`idempotency_result_unknown`)',
  410: 'Gone: the event ended more than a day ago, so its door list is no longer handed out (`door_list_expired`)',
  413: 'The body is larger than 256 kB (`payload_too_large`)',
  415: 'A cookie-authenticated write that is not `application/json` (`json_required`)',
  422: 'The `Idempotency-Key` was already used for a different request (`idempotency_key_reused`)',
  429: 'Too many attempts; try again later (`sign_in_rate_limited`)',
};

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

const ERROR_BODY: SchemaObject = {
  type: 'object',
  description: 'Every error has this shape; `message` and the field messages are in the caller\'s language (id or en).',
  required: ['status', 'code', 'message', 'fields'],
  properties: {
    status: { type: 'integer', example: 400 },
    code: { type: 'string', description: 'Machine-readable reason, e.g. `validation_failed`, `slot_taken`', example: 'validation_failed' },
    message: { type: 'string', example: 'Ada isian yang belum benar. Lihat pesan di samping setiap isian.' },
    fields: {
      type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } },
      description: 'Messages per field path (`sessions.0.title`); empty when the error is not about fields',
    },
    details: { description: 'Machine-readable facts for some errors, e.g. the dates of a series that clash' },
  },
};

const ERRORS_EXTENSION = 'x-error-statuses';

/**
 * Error answers an operation gives besides those every operation of its kind gives (see `completeDocument`).
 * Kept as an extension until then: a declared response would make the generator drop the success response.
 */
export const ApiErrors = (...statuses: number[]): MethodDecorator => (target, key, descriptor) => {
  // Several decorators may add statuses to one operation (e.g. @IdempotentApi() beside the route's own): merged.
  const extensions = Reflect.getMetadata(DECORATORS.API_EXTENSION, descriptor.value as object) as Record<string, number[]> | undefined;
  const all = [...new Set([...(extensions?.[ERRORS_EXTENSION] ?? []), ...statuses])];
  // ApiExtension keeps a key set earlier, so the earlier list is taken out and written back merged.
  if (extensions) delete extensions[ERRORS_EXTENSION];
  return ApiExtension(ERRORS_EXTENSION, all)(target, key, descriptor);
};

/** The constraints of a property's rule ([] when it takes none); undefined when the property has no such rule. */
function ruleArgs(rules: ValidationMetadata[], name: string, each: boolean): unknown[] | undefined {
  const rule = rules.find((r) => (r.name ?? r.type) === name && Boolean(r.each) === each);
  return rule && (rule.constraints ?? []);
}

/** The schema keywords that say what the validators of one property say (for an array: of its items). */
function constraintsOf(rules: ValidationMetadata[], isArray: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { required: !rules.some((r) => r.type === 'conditionalValidation') };
  const args = (name: string) => ruleArgs(rules, name, isArray);
  const whole = (name: string) => ruleArgs(rules, name, false);
  if (whole('isInt')) out.type = 'integer';
  else if (whole('isNumber')) out.type = 'number';
  else if (whole('isBoolean')) out.type = 'boolean';
  if (args('isLength')) [out.minLength, out.maxLength] = args('isLength')!;
  if (args('minLength')) out.minLength = args('minLength')![0];
  if (args('maxLength')) out.maxLength = args('maxLength')![0];
  if (args('isNotEmpty') && out.minLength === undefined) out.minLength = 1;
  if (args('min')) out.minimum = args('min')![0];
  if (args('max')) out.maximum = args('max')![0];
  const pattern = args('matches')?.[0];
  if (pattern !== undefined) out.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
  if (args('isEmail')) out.format = 'email';
  if (args('isUrl')) out.format = 'uri';
  if (args('isCalendarDate')) out.format = 'date';
  if (!isArray && whole('isIn')) out.enum = whole('isIn')![0];
  if (!isArray && whole('equals')) out.enum = [whole('equals')![0]];
  if (whole('arrayMinSize')) out.minItems = whole('arrayMinSize')![0];
  if (whole('arrayMaxSize')) out.maxItems = whole('arrayMaxSize')![0];
  return out;
}

/**
 * Writes each DTO property's validators (types, lengths, minimums, patterns, formats, whether it is required) into
 * its OpenAPI metadata before the document is built, so the document cannot say something the validators do not.
 */
export function documentValidationRules(): void {
  const storage = getMetadataStorage();
  // class-validator keeps no public list of validated classes; class-validator-jsonschema reads the same map.
  const targets = [...(storage as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> }).validationMetadatas.keys()];
  for (const target of targets) {
    const all = storage.getTargetValidationMetadatas(target, '', true, false);
    for (const property of new Set(all.map((m) => m.propertyName))) {
      const own = Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES, target.prototype, property) as Record<string, unknown> | undefined;
      if (!own) continue;
      const isArray = own.isArray === true || Array.isArray(own.type);
      const merged = { ...own, ...constraintsOf(all.filter((m) => m.propertyName === property), isArray) };
      if (own.enum) merged.enum = own.enum;
      Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES, merged, target.prototype, property);
    }
  }
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/**
 * Adds what every operation shares to the generated document: the error shape, the error answers that follow from
 * how the app is built (input checks, authentication, id paths, body limits), ids as 32-bit integers, and empty
 * optional query parameters meaning "not given" (as they do for the forms sharing these DTOs).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY } };
  for (const [path, item] of Object.entries(document.paths)) {
    const api = path.startsWith('/api/');
    for (const method of METHODS) {
      const op: Operation | undefined = item[method];
      if (!op) continue;
      const extended = op as Operation & { [ERRORS_EXTENSION]?: number[] };
      const statuses = new Set([400, ...(extended[ERRORS_EXTENSION] ?? [])]);
      delete extended[ERRORS_EXTENSION];
      const authenticated = (op.security ?? []).length > 0;
      if (api) statuses.add(401);
      if (authenticated) statuses.add(401).add(403);
      if (api && method !== 'get') statuses.add(403).add(413).add(415);
      for (const param of (op.parameters ?? []) as Array<ParameterObject | ReferenceObject>) {
        if ('$ref' in param) continue;
        if (param.in === 'path') {
          // Every *id / *Id path parameter goes through ParseIdPipe (anything else there is a token).
          if (/^(id|\w+Id)$/.test(param.name)) param.schema = { type: 'integer', minimum: 1, maximum: MAX_ID };
          else param.schema = { type: 'string', minLength: 1 };
          statuses.add(404);
        }
        if (param.in === 'query' && !param.required) param.allowEmptyValue = true;
      }
      // Calendar feeds and downloads are read with the session cookie (calendar apps send no bearer token).
      if (!api && authenticated) op.security = [{ cookie: [] }];
      for (const status of statuses) {
        op.responses[status] ??= { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ERROR_REF } } };
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}
