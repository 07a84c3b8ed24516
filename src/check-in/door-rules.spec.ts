import { doorEntry, doorName, keepUntil, scanOutcome, scanTimeProblem, ticketCodeOf } from './door-rules.js';

describe('door rules', () => {
  it('shows a first name and an initial, never the full name', () => {
    expect(doorName('Sari Wulandari')).toBe('Sari W.');
    expect(doorName('  Made   Ayu Wirawan ')).toBe('Made W.');
    expect(doorName('Yosef')).toBe('Yosef');
    expect(doorName('andi ëlok')).toBe('andi Ë.');
  });

  it('keeps code, short name, status, time and door of a ticket and nothing personal', () => {
    const entry = doorEntry({ ticketCode: 'K7QF2M9X', name: 'Sari Wulandari', status: 'confirmed', checkedInAt: new Date('2026-12-08T01:12:00Z'), checkInDoor: 'Pintu 2', email: 'sari@contoh.id', phone: '+62812' } as never);
    expect(entry).toEqual({ code: 'K7QF2M9X', name: 'Sari W.', status: 'checked_in', checkedInAt: '2026-12-08T01:12:00.000Z', door: 'Pintu 2' });
    expect(doorEntry({ ticketCode: 'A', name: 'B', status: 'cancelled', checkedInAt: null, checkInDoor: null }).status).toBe('cancelled');
  });

  it('reads the code out of a scanned link or prefix', () => {
    expect(ticketCodeOf(' k7qf2m9x ')).toBe('K7QF2M9X');
    expect(ticketCodeOf('https://contoh.id/t/K7QF2M9X')).toBe('K7QF2M9X');
  });

  it('refuses scan times far in the future or before the local day of the event', () => {
    const event = { startsAt: new Date('2026-12-08T01:00:00Z'), timezone: 'Asia/Makassar' }; // 09.00 WITA
    const now = new Date('2026-12-08T02:00:00Z');
    expect(scanTimeProblem(new Date('2026-12-08T02:05:00Z'), event, now)).toBeNull();
    expect(scanTimeProblem(new Date('2026-12-08T03:00:00Z'), event, now)).toBe('scan_in_future');
    expect(scanTimeProblem(new Date('2026-12-07T16:00:00Z'), event, now)).toBeNull(); // 00.00 WITA on the day
    expect(scanTimeProblem(new Date('2026-12-07T15:59:59Z'), event, now)).toBe('scan_before_event_day');
  });

  it('lets the earliest scan win', () => {
    const at = new Date('2026-12-08T01:10:00Z');
    expect(scanOutcome(null, at)).toBe('unknown');
    expect(scanOutcome({ status: 'confirmed', checkedInAt: null }, at)).toBe('new');
    expect(scanOutcome({ status: 'confirmed', checkedInAt: new Date('2026-12-08T01:20:00Z') }, at)).toBe('earlier');
    expect(scanOutcome({ status: 'confirmed', checkedInAt: new Date('2026-12-08T01:05:00Z') }, at)).toBe('already_checked_in');
    expect(scanOutcome({ status: 'cancelled', checkedInAt: null }, at)).toBe('cancelled');
    expect(keepUntil(new Date('2026-12-08T04:00:00Z')).toISOString()).toBe('2026-12-09T04:00:00.000Z');
  });
});
