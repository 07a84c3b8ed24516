import { jest } from '@jest/globals';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { ChangesQueryDto } from '../changes/changes.dto.js';
import { DoorListQueryDto } from '../check-in/door-sync.dto.js';
import { EventQueryDto } from '../events/events.dto.js';
import { NetworkReportQueryDto } from '../reports/reports.dto.js';
import { AvailabilityQueryDto, ScheduleQueryDto, SearchQueryDto } from '../reservations/reservations.dto.js';
import { VenueQueryDto } from '../venues/venues.dto.js';
import { ValidationError } from './errors.js';
import { appValidationPipe } from './validation.pipe.js';

const pipe = appValidationPipe();
const outcome = (value: unknown, metadata: ArgumentMetadata) => pipe.transform(value, metadata).then(
  (v) => ({ ok: v as object, constructor: (v as object).constructor }),
  (e: unknown) => ({ fields: e instanceof ValidationError ? e.fields : e }),
);

// Queries as Express parses them: strings, repeated keys as lists, brackets as objects.
const cases: Array<[Function, Array<Record<string, unknown>>]> = [
  [AvailabilityQueryDto, [
    { from: '2026-12-05', to: '2026-12-11' }, { from: '2026-12-05', to: '2026-12-11', extra: 'x', page: '2' }, { from: '2026-02-30', to: '2026-12-11' },
    { from: '0000-01-01', to: '2026-12-11' }, { from: '2026-12-05' }, {}, { from: '', to: '' }, { from: ['2026-12-05', '2026-12-06'], to: '2026-12-11' },
    { from: { a: '1' }, to: '2026-12-11' }, { from: ' 2026-12-05', to: '2026-12-11' }, { from: '2026-13-01', to: '2026-12-11' },
  ]],
  [SearchQueryDto, [
    { date: '2026-12-05', from: '13:00', to: '16:00' }, { date: '2026-12-05', from: '13.00', to: '16.00', city: ' Makassar ', minCapacity: '4' },
    { date: '2026-12-05', from: '13:00', to: '16:00', minCapacity: '4.5' }, { date: '2026-12-05', from: '13:00', to: '16:00', minCapacity: 'x' },
    { date: '2026-12-05', from: '13:00', to: '16:00', minCapacity: '0', page: '101', pageSize: '' }, { date: '2026-12-05', from: '25:00', to: '16:00' },
    { date: '2026-12-05', from: '13:00', to: '16:00', roomKind: 'podcast_room', amenity: 'wifi', province: '' },
    { date: '2026-12-05', from: '13:00', to: '16:00', roomKind: 'castle' }, { date: '2026-12-05', from: '13:00', to: '16:00', city: 'x'.repeat(81) },
    { date: '2026-12-05', from: '13:00', to: '16:00', page: '-1' }, { date: '2026-12-05', from: ' ', to: '16:00' },
  ]],
  [ScheduleQueryDto, [{}, { date: '2026-12-05', days: '7' }, { days: '3' }, { date: '' }, { date: 'tomorrow' }]],
  [VenueQueryDto, [{}, { q: 'pos', page: '2', pageSize: '100' }, { pageSize: '101' }, { roomKind: '' }, { minCapacity: ['1', '2'] }]],
  [EventQueryDto, [{}, { kind: '', from: '2026-12-01', to: '2026-12-31', q: ' batik ' }, { venueId: '99999999999' }, { from: '2026-12-32' }]],
  [NetworkReportQueryDto, [{}, { period: 'custom', from: '2026-12-01', to: '2026-12-31', venueId: '3' }, { period: 'decade' }, { roomKind: 'castle' }]],
  [ChangesQueryDto, [{}, { after: 'abc', limit: '500', types: 'reservation.created' }, { limit: '501' }]],
  [DoorListQueryDto, [{}, { since: 'x'.repeat(65) }, { since: 'cursor' }]],
];

describe('the validation pipe on query DTOs', () => {
  it.each(cases)('accepts and refuses %p queries exactly as class-transformer and class-validator do', async (metatype, queries) => {
    for (const query of queries) {
      const full = await outcome(structuredClone(query), { type: 'body', metatype: metatype as ArgumentMetadata['metatype'] });
      const fast = await outcome(structuredClone(query), { type: 'query', metatype: metatype as ArgumentMetadata['metatype'] });
      expect({ query, ...fast }).toEqual({ query, ...full });
    }
  });

  it('answers a valid query of strings without the class-validator pipeline', async () => {
    const full = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const dto = await pipe.transform({ date: '2026-12-05', from: '13.00', to: '16:00', city: ' Makassar ', minCapacity: '4', unknown: 'x' }, { type: 'query', metatype: SearchQueryDto });
      expect(dto).toBeInstanceOf(SearchQueryDto);
      expect({ ...(dto as object) }).toEqual({ date: '2026-12-05', from: '13:00', to: '16:00', city: 'Makassar', minCapacity: 4 });
      expect(full).not.toHaveBeenCalled();
      await expect(pipe.transform({ date: '2026-12-05', from: '13:00', to: '16:00', minCapacity: 'x' }, { type: 'query', metatype: SearchQueryDto })).rejects.toBeInstanceOf(ValidationError);
      expect(full).toHaveBeenCalledTimes(1);
    } finally {
      full.mockRestore();
    }
  });
});
