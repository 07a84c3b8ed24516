import type { SchemaObject } from '@nestjs/swagger';

const int = { type: 'integer' } as const;
const ratio = { type: 'number', minimum: 0, description: 'bookedMinutes ÷ openMinutes, 0 when nothing is open' } as const;
const counts = (keys: string[]): SchemaObject => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, int])) });
const breakdown: SchemaObject = { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, count: int } } };

/** The shape of a venue or network report in the API document. */
export const REPORT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['from', 'to', 'rooms', 'totals'],
  properties: {
    from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date', description: 'Inclusive' }, days: int,
    generatedAt: { type: 'string', format: 'date-time' },
    totals: {
      type: 'object',
      required: ['creators', 'events', 'registrations', 'checkIns'],
      properties: {
        ...counts(['rooms', 'openMinutes', 'bookedMinutes', 'pendingMinutes', 'blockMinutes', 'holidayMinutes', 'closureMinutes', 'bookings', 'creators', 'events', 'registrations', 'checkIns']).properties,
        utilisation: ratio,
      },
    },
    rooms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['roomId', 'name', 'kind', 'openMinutes', 'bookedMinutes', 'utilisation'],
        properties: {
          roomId: int, venueId: int, name: { type: 'string' }, kind: { type: 'string' }, active: { type: 'boolean' },
          openMinutes: { ...int, description: 'Opening hours minus closures and holidays, in the venue\'s zone' },
          bookedMinutes: { ...int, description: 'Confirmed bookings and event sessions, clipped to the period' },
          utilisation: ratio, bookingMinutes: int, eventMinutes: int,
          pendingMinutes: { ...int, description: 'Requests awaiting approval: shown apart, not counted' },
          blockMinutes: { ...int, description: 'Blocks by managers: shown apart, not counted' }, bookings: int,
        },
      },
    },
    roomKinds: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, ...counts(['rooms', 'openMinutes', 'bookedMinutes']).properties, utilisation: ratio } } },
    venues: { type: 'array', description: 'Venues, most booked first', items: { type: 'object', properties: { venueId: int, name: { type: 'string' }, province: { type: 'string' }, ...counts(['rooms', 'openMinutes', 'bookedMinutes', 'creators']).properties, utilisation: ratio } } },
    heatmap: {
      type: 'object', description: 'Booked minutes per local weekday (1 = Monday) and hour; a booking across midnight counts on both days',
      properties: { weekdays: { type: 'array', items: int }, hours: { type: 'array', items: int }, bookedMinutes: { type: 'array', items: { type: 'array', items: int } } },
    },
    requests: {
      type: 'object', description: 'Booking requests whose start falls in the period',
      properties: {
        ...counts(['made', 'confirmed', 'approved', 'pending', 'rejected', 'cancelled', 'noShows']).properties,
        reasons: { ...breakdown, description: 'Rejection reasons, most frequent first' },
        cancelledByLead: { ...counts(['after_start', 'under_24h', 'under_7d', 'over_7d']), description: 'Cancellations by how long before the start' },
      },
    },
    events: { type: 'object', description: 'Published or completed events starting in the period, by kind' },
    reach: {
      type: 'object', description: 'Creators with a confirmed booking starting in the period; only those who consented are broken down',
      properties: { ...counts(['creators', 'counted', 'notCounted', 'firstTime', 'returning']).properties, bySector: breakdown, byScale: breakdown, byProvince: breakdown },
    },
  },
};

/** The network report: the same shape, the per-room table only when asked for (`rooms=true`). */
export const NETWORK_REPORT_SCHEMA: SchemaObject = {
  ...REPORT_SCHEMA,
  required: ['from', 'to', 'totals'],
  properties: { ...REPORT_SCHEMA.properties, rooms: { ...(REPORT_SCHEMA.properties!.rooms as SchemaObject), description: 'Only with `rooms=true`' } },
};
