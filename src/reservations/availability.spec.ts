import { DateTime } from 'luxon';
import type { WeeklyHours } from '../venues/opening-hours.js';
import {
  checkRules, findConflict, freeIntervals, minutesInLocalWeek, type BusyInterval, type RoomRules,
} from './availability.js';
import { parseZonedIso, toZonedIso } from '../common/time.js';

const ZONE = 'Asia/Makassar'; // WITA, UTC+8
const weekdays: WeeklyHours = { 1: [{ opens: '08:00', closes: '16:00' }], 2: [{ opens: '08:00', closes: '12:00' }, { opens: '13:00', closes: '16:00' }] };
const rules: RoomRules = { slotMinutes: 30, minMinutes: 60, maxMinutes: 240, bufferMinutes: 0, horizonDays: 60, capacity: 6 };
const at = (local: string, zone = ZONE) => DateTime.fromISO(local, { zone }).toJSDate();
const now = at('2026-12-01T09:00'); // a Tuesday
const MONDAY = '2026-12-07';
const req = (from: string, to: string, headcount = 2) => ({ start: at(`${MONDAY}T${from}`), end: at(`${MONDAY}T${to}`), headcount });
const codes = (r: ReturnType<typeof req>, extra: Partial<RoomRules> = {}, closures = []) =>
  checkRules(r, { ...rules, ...extra }, ZONE, weekdays, closures, now).map((v) => v.code);

describe('checkRules', () => {
  it('refuses a request that runs to the year 9999 as too long without looking at each of its days', () => {
    let lookups = 0;
    const counted = new Proxy([{ startDate: '2027-01-01', endDate: '2027-01-01', reason: 'Tahun baru' }], {
      get: (target, key, receiver) => (key === 'find' && (lookups += 1), Reflect.get(target, key, receiver)),
    });
    const forever = { start: at(`${MONDAY}T10:00`), end: at('9999-12-31T10:00'), headcount: 2 };
    expect(checkRules(forever, rules, ZONE, weekdays, counted, now).map((v) => v.code)).toEqual(['too_long', 'outside_hours']);
    expect(lookups).toBe(0);
    expect(codes(req('10:00', '12:00'), {}, [{ startDate: MONDAY, endDate: MONDAY, reason: 'Renovasi' }] as never)).toEqual(['in_closure']);
  });

  it('accepts a booking inside opening hours on the slot grid', () => {
    expect(codes(req('10:00', '12:00'))).toEqual([]);
  });

  it.each([
    ['end before start', req('12:00', '11:00'), 'end_before_start'],
    ['off the slot grid', req('10:10', '11:10'), 'not_on_slot'],
    ['too short', req('10:00', '10:30'), 'too_short'],
    ['too long', req('08:00', '13:00'), 'too_long'],
    ['past closing time', req('15:00', '17:00'), 'outside_hours'],
    ['over capacity', req('10:00', '11:00', 7), 'headcount_out_of_range'],
    ['for nobody', req('10:00', '11:00', 0), 'headcount_out_of_range'],
  ])('refuses a booking %s', (_name, r, code) => {
    expect(codes(r)[0]).toBe(code);
  });

  it('reads opening hours in the venue zone whatever the server zone', () => {
    // 08:00 WITA is 07:00 WIB: the same instant is before opening in Makassar.
    const early = { start: at(`${MONDAY}T07:00`), end: at(`${MONDAY}T08:00`), headcount: 1 };
    expect(codes(early)).toContain('outside_hours');
    const jakarta = { start: at(`${MONDAY}T07:00`, 'Asia/Jakarta'), end: at(`${MONDAY}T08:00`, 'Asia/Jakarta'), headcount: 1 };
    expect(codes(jakarta)).toEqual([]); // 08:00–09:00 WITA
  });

  it('does not let a booking span the lunch break between two opening ranges', () => {
    const tuesday = { start: at('2026-12-08T11:00'), end: at('2026-12-08T14:00'), headcount: 1 };
    expect(codes(tuesday)).toEqual(['outside_hours']);
  });

  it('accepts a booking that ends when the venue closes at midnight, and refuses one running past it', () => {
    const lateNight: WeeklyHours = { 1: [{ opens: '18:00', closes: '24:00' }], 2: [{ opens: '00:00', closes: '02:00' }] };
    const until = (to: string) => ({ start: at(`${MONDAY}T22:00`), end: at(to), headcount: 1 });
    expect(checkRules(until('2026-12-08T00:00'), rules, ZONE, lateNight, [], now)).toEqual([]);
    expect(checkRules(until('2026-12-08T01:00'), rules, ZONE, lateNight, [], now).map((v) => v.code)).toEqual(['outside_hours']);
  });

  it('names the closure reason and the horizon', () => {
    const closed = checkRules(req('10:00', '11:00'), rules, ZONE, weekdays, [{ startDate: MONDAY, endDate: MONDAY, reason: 'Hari raya' }], now);
    expect(closed).toEqual([{ code: 'in_closure', params: { reason: 'Hari raya' } }]);
    expect(codes(req('10:00', '11:00'), { horizonDays: 5 })).toEqual(['beyond_horizon']);
    expect(codes(req('10:00', '11:00'), { horizonDays: 6 })).toEqual([]);
  });

  it('refuses a start in the past', () => {
    const past = { start: at('2026-11-30T10:00'), end: at('2026-11-30T11:00'), headcount: 1 };
    expect(codes(past)).toContain('in_past');
  });
});

describe('findConflict', () => {
  const booked: BusyInterval = { start: at(`${MONDAY}T10:00`), end: at(`${MONDAY}T11:00`), kind: 'reservation' };

  it('allows back-to-back bookings and refuses a one-minute overlap', () => {
    expect(findConflict(req('11:00', '12:00'), [booked], 0)).toBeNull();
    expect(findConflict(req('09:00', '10:00'), [booked], 0)).toBeNull();
    expect(findConflict({ start: at(`${MONDAY}T10:59`), end: at(`${MONDAY}T12:00`) }, [booked], 0)).toBe(booked);
  });

  it('counts the buffer after the existing booking and after the new one', () => {
    expect(findConflict(req('11:00', '12:00'), [booked], 30)).toBe(booked);
    expect(findConflict(req('11:30', '12:30'), [booked], 30)).toBeNull();
    expect(findConflict(req('09:00', '10:00'), [booked], 30)).toBe(booked);
    expect(findConflict(req('08:30', '09:30'), [booked], 30)).toBeNull();
  });

  it('uses the stored held range when there is one, and no buffer after a block', () => {
    const stored = { ...booked, occupiedEnd: at(`${MONDAY}T11:15`) };
    expect(findConflict(req('11:00', '12:00'), [stored], 0)).toBe(stored);
    const block: BusyInterval = { ...booked, kind: 'block' };
    expect(findConflict(req('11:00', '12:00'), [block], 30)).toBeNull();
  });
});

describe('freeIntervals', () => {
  it('returns opening hours minus bookings, slot-aligned', () => {
    const busy: BusyInterval[] = [{ start: at(`${MONDAY}T10:00`), end: at(`${MONDAY}T12:00`), kind: 'reservation' }];
    const free = freeIntervals(MONDAY, MONDAY, rules, ZONE, weekdays, [], busy, now).map((i) => [toZonedIso(i.start, ZONE), toZonedIso(i.end, ZONE)]);
    expect(free).toEqual([
      [`${MONDAY}T08:00:00+08:00`, `${MONDAY}T10:00:00+08:00`],
      [`${MONDAY}T12:00:00+08:00`, `${MONDAY}T16:00:00+08:00`],
    ]);
  });

  it('keeps both buffers clear and drops pieces shorter than the minimum', () => {
    const busy: BusyInterval[] = [
      { start: at(`${MONDAY}T09:30`), end: at(`${MONDAY}T10:00`), kind: 'reservation' },
      { start: at(`${MONDAY}T12:00`), end: at(`${MONDAY}T13:00`), kind: 'reservation' },
    ];
    const free = freeIntervals(MONDAY, MONDAY, { ...rules, bufferMinutes: 30 }, ZONE, weekdays, [], busy, now)
      .map((i) => [toZonedIso(i.start, ZONE).slice(11, 16), toZonedIso(i.end, ZONE).slice(11, 16)]);
    // 08:00–09:00 is free (its buffer ends at 09:30); 10:30–11:30 (buffer to 12:00); 13:30–16:00.
    expect(free).toEqual([['08:00', '09:00'], ['10:30', '11:30'], ['13:30', '16:00']]);
  });

  it('starts today at the next slot after now and skips closed days and days beyond the horizon', () => {
    const tuesday = '2026-12-01';
    const slightlyLater = at(`${tuesday}T09:10`);
    const free = freeIntervals(tuesday, '2026-12-08', { ...rules, horizonDays: 6 }, ZONE, weekdays, [], [], slightlyLater)
      .map((i) => toZonedIso(i.start, ZONE));
    expect(free).toEqual([`${tuesday}T09:30:00+08:00`, `${tuesday}T13:00:00+08:00`, `${MONDAY}T08:00:00+08:00`]);
  });
});

describe('ISO times with offsets', () => {
  it('writes instants in the venue offset and reads only times that name one', () => {
    const instant = parseZonedIso('2026-12-07T10:00:00+08:00')!;
    expect(instant.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(toZonedIso(instant, 'Asia/Jayapura')).toBe('2026-12-07T11:00:00+09:00');
    expect(toZonedIso(instant, 'Asia/Pontianak')).toBe('2026-12-07T09:00:00+07:00');
    expect(parseZonedIso('2026-12-07T02:00Z')?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(parseZonedIso('2026-12-07T10:00:00')).toBeNull();
    expect(parseZonedIso('2026-13-07T10:00:00+08:00')).toBeNull();
    expect(parseZonedIso(42)).toBeNull();
  });
});

describe('minutesInLocalWeek', () => {
  it('counts only the local Monday-to-Sunday week of the instant', () => {
    const intervals = [
      { start: at('2026-12-06T22:00'), end: at('2026-12-07T02:00') }, // Sunday night into Monday: 2 h count
      { start: at('2026-12-09T10:00'), end: at('2026-12-09T12:00') },
      { start: at('2026-12-14T10:00'), end: at('2026-12-14T12:00') }, // next week
    ];
    expect(minutesInLocalWeek(at('2026-12-08T10:00'), ZONE, intervals)).toBe(240);
  });
});
