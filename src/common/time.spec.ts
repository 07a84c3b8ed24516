import { translate } from './i18n.js';
import {
  formatClock, formatClockRanges, formatDateTime, formatInterval, formatLocalDate, formatShortDate, formatStamp, formatTime, formatWeekday,
  localized, parseClock, parseLocalDateTime, todayIn, toLocalDateTimeValue, zoneLabel,
} from './time.js';

describe('time formatting in the venue zone', () => {
  const instant = new Date('2026-08-17T03:00:00Z');

  it('writes Indonesian date and time with a period and the zone label', () => {
    expect(formatDateTime(instant, 'Asia/Jakarta', 'id')).toBe('Senin, 17 Agustus 2026 pukul 10.00 WIB');
    expect(formatDateTime(instant, 'Asia/Makassar', 'id')).toBe('Senin, 17 Agustus 2026 pukul 11.00 WITA');
    expect(formatDateTime(instant, 'Asia/Jayapura', 'id')).toBe('Senin, 17 Agustus 2026 pukul 12.00 WIT');
  });

  it('writes English with a colon and the same zone label', () => {
    expect(formatDateTime(instant, 'Asia/Pontianak', 'en')).toBe('Monday, 17 August 2026 at 10:00 WIB');
    expect(formatTime(instant, 'Asia/Makassar', 'en', false)).toBe('11:00');
  });

  it('labels all four Indonesian zones', () => {
    expect(['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'].map(zoneLabel)).toEqual(['WIB', 'WIB', 'WITA', 'WIT']);
  });

  it('knows the local date, which differs across zones near midnight', () => {
    const lateUtc = new Date('2026-08-16T16:30:00Z');
    expect(todayIn('Asia/Jakarta', lateUtc)).toBe('2026-08-16');
    expect(todayIn('Asia/Jayapura', lateUtc)).toBe('2026-08-17');
  });

  it('formats plain local dates without shifting them', () => {
    expect(formatLocalDate('2026-12-25', 'id')).toBe('Jumat, 25 Desember 2026');
    expect(formatShortDate('2026-12-25', 'en')).toBe('Fri, 25 Dec');
  });
});

describe('typed clock times', () => {
  it('reads the Indonesian period and the colon alike', () => {
    expect(parseClock('13.00')).toBe('13:00');
    expect(parseClock('13:00')).toBe('13:00');
    expect(parseClock(' 9.30 ')).toBe('09:30');
    expect(parseClock('0930')).toBe('09:30');
    expect(parseClock('8')).toBe('08:00');
    expect(parseClock('24:00')).toBe('24:00');
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['25.00', '13.60', '24.30', '13,5', '1 pm', '', '13.0']) expect(parseClock(text)).toBeNull();
  });

  it('writes a wall-clock time back the reader\'s way', () => {
    expect(formatClock(parseClock('13:00')!, 'id')).toBe('13.00');
    expect(formatClock(parseClock('13.00')!, 'en')).toBe('13:00');
  });
});

describe('one formatter for stretches of time in messages', () => {
  const start = new Date('2026-12-08T05:00:00Z');
  const end = new Date('2026-12-08T07:00:00Z');

  it('writes a booking as the reader reads it, in the venue zone', () => {
    expect(formatInterval(start, end, 'Asia/Makassar', 'id')).toBe('Selasa, 8 Desember 2026, 13.00–15.00 WITA');
    expect(formatInterval(start, end, 'Asia/Makassar', 'en')).toBe('Tuesday, 8 December 2026, 13:00–15:00 WITA');
    expect(formatInterval(start.toISOString(), end.toISOString(), 'Asia/Jakarta', 'id')).toBe('Selasa, 8 Desember 2026, 12.00–14.00 WIB');
  });

  it('names both dates when a stretch passes local midnight', () => {
    expect(formatInterval(new Date('2026-12-08T14:00:00Z'), new Date('2026-12-08T16:00:00Z'), 'Asia/Jayapura', 'id'))
      .toBe('Selasa, 8 Desember 2026, 23.00 – Rabu, 9 Desember 2026, 01.00 WIT');
  });

  it('does not depend on the server zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(formatInterval(start, end, 'Asia/Makassar', 'id')).toBe('Selasa, 8 Desember 2026, 13.00–15.00 WITA');
    } finally {
      process.env.TZ = before;
    }
  });

  it('writes weekdays and opening ranges for rule messages', () => {
    expect([1, 2, 7].map((d) => formatWeekday(d, 'id'))).toEqual(['Senin', 'Selasa', 'Minggu']);
    expect(formatWeekday(5, 'en')).toBe('Friday');
    expect(formatClockRanges([{ opens: '08:00', closes: '17:00' }], 'Asia/Makassar', 'id')).toBe('08.00–17.00 WITA');
    expect(formatClockRanges([{ opens: '08:00', closes: '11:30' }, { opens: '13:00', closes: '16:00' }], 'Asia/Jakarta', 'en')).toBe('08:00–11:30 and 13:00–16:00 WIB');
  });

  it('lets a translated message pick the value written in the reader\'s language', () => {
    const when = localized((locale) => formatInterval(start, end, 'Asia/Makassar', locale));
    expect(translate('id', 'errors.slot_taken', { when })).toContain('Selasa, 8 Desember 2026, 13.00–15.00 WITA');
    expect(translate('en', 'errors.slot_taken', { when })).toContain('Tuesday, 8 December 2026, 13:00–15:00 WITA');
  });
});

describe('log stamps and datetime-local fields in a reader\'s zone', () => {
  it('writes an instant to the second with the zone label', () => {
    const instant = new Date('2026-12-03T10:41:05Z');
    expect(formatStamp(instant, 'Asia/Jakarta', 'id')).toBe('3 Des 2026 17.41.05 WIB');
    expect(formatStamp(instant, 'Asia/Makassar', 'en')).toBe('3 Dec 2026 18:41:05 WITA');
    expect(formatStamp('2026-12-03T23:30:00Z', 'Asia/Jayapura', 'id')).toBe('4 Des 2026 08.30.00 WIT');
  });

  it('reads a datetime-local value as that zone\'s wall clock, and writes one back', () => {
    expect(parseLocalDateTime('2026-12-08T09:30', 'Asia/Makassar')?.toISOString()).toBe('2026-12-08T01:30:00.000Z');
    expect(parseLocalDateTime('2026-12-08T09:30:15', 'Asia/Jakarta')?.toISOString()).toBe('2026-12-08T02:30:15.000Z');
    expect(parseLocalDateTime('2026-12-08T09:30Z', 'Asia/Jakarta')).toBeNull();
    expect(parseLocalDateTime('2026-13-08T09:30', 'Asia/Jakarta')).toBeNull();
    expect(toLocalDateTimeValue(new Date('2026-12-08T01:30:00Z'), 'Asia/Jayapura')).toBe('2026-12-08T10:30');
  });
});
