import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { DOMAIN_EVENT_TYPES, PUBLIC_EVENT_TYPES, type DomainEventType } from '../domain-events/event-types.js';
import { SUBSCRIBABLE } from './webhooks.dto.js';

const dt = { type: 'string', format: 'date-time' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const nullable = (s: SchemaObject): SchemaObject => ({ ...s, nullable: true });

/** The payload parts of docs/webhooks.md (version 1), as schemas. */
const RESERVATION: SchemaObject = {
  type: 'object',
  properties: {
    id: int, kind: { type: 'string', enum: ['booking', 'block'] }, status: { type: 'string', enum: ['pending', 'confirmed', 'cancelled', 'rejected', 'no_show'] }, roomId: int, roomName: str, venueId: int, venueCode: str,
    start: dt, end: dt, timezone: { type: 'string', example: 'Asia/Makassar' }, title: str, headcount: nullable(int), creatorId: nullable(int), seriesId: nullable(int),
  },
};
const EVENT: SchemaObject = {
  type: 'object',
  properties: {
    id: int, title: str, kind: str, status: str, venueId: int, start: dt, end: dt, timezone: str, capacity: int, url: { type: 'string', format: 'uri' },
    sessions: { type: 'array', items: { type: 'object', properties: { title: str, start: dt, end: dt, roomId: int } } },
  },
};
const REGISTRATION: SchemaObject = {
  type: 'object',
  properties: {
    registration: { type: 'object', properties: { id: int, eventId: int, status: str, waitlistPosition: nullable(int), name: str, checkedInAt: nullable(dt) } },
    event: { type: 'object', properties: { id: int, title: str, start: dt, timezone: str } },
  },
};
const CLOSURE: SchemaObject = {
  type: 'object',
  properties: {
    closure: { type: 'object', properties: { id: int, venueId: int, roomId: nullable(int), start: dt, end: dt, timezone: str, reason: str } },
    cancelledReservationIds: { type: 'array', items: int },
  },
};

function payloadOf(type: DomainEventType): SchemaObject {
  if (type.startsWith('reservation.')) {
    return { type: 'object', properties: {
      reservation: RESERVATION,
      ...(type === 'reservation.moved' ? { previous: { type: 'object', properties: { roomId: int, start: dt, end: dt } } } : {}),
      ...(type === 'reservation.cancelled' ? { by: { type: 'string', enum: ['creator', 'manager', 'closure', 'system'] } } : {}),
      ...(type === 'reservation.checked_in' ? {
        checkedInAt: dt, checkedInBy: { type: 'string', enum: ['creator', 'manager'] }, via: { type: 'string', enum: ['booking', 'room_qr'] },
      } : {}),
      ...(type === 'reservation.no_show' ? { checkInMinutes: int, approvalRequiredUntil: nullable(dt) } : {}),
      reason: str,
    } };
  }
  if (type.startsWith('event.')) {
    return { type: 'object', properties: {
      event: EVENT,
      ...(type === 'event.changed' ? { changes: { type: 'array', items: str } } : {}),
      ...(type === 'event.cancelled' ? { reason: str } : {}),
    } };
  }
  if (type.startsWith('registration.')) return REGISTRATION;
  return CLOSURE;
}

/** `Webhook_reservation_created` …: the body partners receive for each public type. */
export const schemaName = (type: string) => `Webhook_${type.replace(/\./g, '_')}`;

/** One schema per public event type (the webhook body with that type's payload), plus the endpoint and delivery shapes. */
export function webhookSchemas(): Record<string, SchemaObject> {
  const perType = Object.fromEntries(PUBLIC_EVENT_TYPES.map((type) => [schemaName(type), {
    type: 'object', required: ['type', 'timestamp', 'data'],
    description: `${DOMAIN_EVENT_TYPES[type].summary} Payload version ${DOMAIN_EVENT_TYPES[type].version}. Headers: webhook-id (the event id), webhook-timestamp, webhook-signature.`,
    properties: {
      type: { type: 'string', enum: [type] }, timestamp: { ...dt, description: 'When the change happened (UTC)' },
      data: { allOf: [{ type: 'object', required: ['id'], properties: { id: { type: 'string', example: 'evt_3Hq2c7J0m8eW1n5sVbXkPa' } } }, payloadOf(type)] },
    },
  } satisfies SchemaObject]));
  return {
    ...perType,
    WebhookEvent: { oneOf: PUBLIC_EVENT_TYPES.map((t) => ({ $ref: `#/components/schemas/${schemaName(t)}` })), discriminator: { propertyName: 'type' } } as SchemaObject,
  };
}

export const ENDPOINT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'url', 'events', 'enabled', 'createdAt'],
  properties: {
    id: int, url: { type: 'string', format: 'uri' }, description: str, events: { type: 'array', items: { type: 'string', enum: [...SUBSCRIBABLE] } },
    enabled: { type: 'boolean' }, disabledReason: { type: 'string', nullable: true, enum: ['failing', 'owner'] }, ownerId: int,
    createdAt: dt, updatedAt: dt, previousSecretUntil: { ...dt, nullable: true, description: 'Until then the previous secret signs too' },
    secret: { type: 'string', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Only in the answers of creation and rotation' },
  },
};

export const DELIVERY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    id: int, eventId: str, type: str, occurredAt: dt, status: { type: 'string', enum: ['pending', 'sending', 'delivered', 'failed'] }, attempts: int,
    nextAttemptAt: nullable(dt), lastStatusCode: nullable(int), lastError: nullable(str), deliveredAt: nullable(dt),
    log: { type: 'array', items: { type: 'object', properties: { at: dt, statusCode: nullable(int), latencyMs: int, response: nullable(str), error: nullable(str) } } },
  },
};

/** Puts the event types' bodies into the API document (components.schemas), where code generators find them. */
export function addWebhookSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...webhookSchemas() } };
  return document;
}
