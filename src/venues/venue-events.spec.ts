import type { Closure } from './closure.entity.js';
import { closurePayload } from './venue-events.js';

describe('closurePayload', () => {
  it('covers the closed local days from midnight to the midnight after the last, in the venue\'s offset', () => {
    const closure = { id: 5, venueId: 2, startDate: '2026-12-24', endDate: '2026-12-26', reason: 'Natal' } as Closure;
    expect(closurePayload(closure, { timezone: 'Asia/Jayapura' }, [9, 10])).toEqual({
      closure: {
        id: 5, venueId: 2, roomId: null, start: '2026-12-24T00:00:00+09:00', end: '2026-12-27T00:00:00+09:00', timezone: 'Asia/Jayapura', reason: 'Natal',
      },
      cancelledReservationIds: [9, 10],
    });
  });
});
