import { cancelledBy, reservationPayload } from './reservation-events.js';
import type { Reservation } from './reservation.entity.js';

const row = {
  id: 7, kind: 'booking', status: 'confirmed', roomId: 3, venueId: 2, creatorId: 11, seriesId: null, title: 'Live batik', headcount: 3,
  notes: 'kunci di resepsionis', startAt: new Date('2026-12-08T05:00:00Z'), endAt: new Date('2026-12-08T07:00:00Z'),
} as unknown as Reservation;
const room = { name: 'Studio 1' };
const venue = { code: 'MKS-01', timezone: 'Asia/Makassar' as const };

describe('reservationPayload', () => {
  it('names the booking with times in the venue\'s offset, and keeps private notes out', () => {
    const payload = reservationPayload(row, room, venue);
    expect(payload).toEqual({
      reservation: {
        id: 7, kind: 'booking', status: 'confirmed', roomId: 3, roomName: 'Studio 1', venueId: 2, venueCode: 'MKS-01',
        start: '2026-12-08T13:00:00+08:00', end: '2026-12-08T15:00:00+08:00', timezone: 'Asia/Makassar',
        title: 'Live batik', headcount: 3, creatorId: 11, seriesId: null,
      },
    });
    expect(JSON.stringify(payload)).not.toContain('resepsionis');
  });

  it('carries the reason and who cancelled, and where a moved booking was before', () => {
    expect(reservationPayload(row, room, venue, { reason: 'Banjir', by: 'closure' })).toMatchObject({ reason: 'Banjir', by: 'closure' });
    const moved = reservationPayload(row, room, venue, { previous: { roomId: 4, startAt: new Date('2026-12-07T01:00:00Z'), endAt: new Date('2026-12-07T02:00:00Z') } });
    expect(moved.previous).toEqual({ roomId: 4, start: '2026-12-07T09:00:00+08:00', end: '2026-12-07T10:00:00+08:00' });
    expect(reservationPayload(row, room, venue, { reason: null })).not.toHaveProperty('reason');
  });

  it('tells a creator\'s own cancellation from a manager\'s', () => {
    expect(cancelledBy(row, 11)).toBe('creator');
    expect(cancelledBy(row, 12)).toBe('manager');
  });
});
