import { approvalNeededUntil, checkInRefusal, checkInWindow, recentNoShows, roomNow, showsCheckIn } from './check-in.js';

const at = (hhmm: string, day = '2026-12-08') => new Date(`${day}T${hhmm}:00+08:00`);
const booking = (over: Partial<{ status: string; startAt: Date; endAt: Date; checkedInAt: Date | null; id: number }> = {}) => ({
  id: 1, status: 'confirmed', startAt: at('10:00'), endAt: at('12:00'), checkedInAt: null, ...over,
});

describe('check-in window', () => {
  it('opens 15 minutes before the start and closes N minutes after it', () => {
    expect(checkInWindow(at('10:00'), 20)).toEqual({ opens: at('09:45'), closes: at('10:20') });
  });

  it('refuses too early, too late, unconfirmed, twice, and rooms without a rule', () => {
    expect(checkInRefusal(booking(), 15, at('09:44'))).toBe('check_in_too_early');
    expect(checkInRefusal(booking(), 15, at('09:45'))).toBeNull();
    expect(checkInRefusal(booking(), 15, at('10:15'))).toBeNull();
    expect(checkInRefusal(booking(), 15, at('10:16'))).toBe('check_in_too_late');
    expect(checkInRefusal(booking({ status: 'pending' }), 15, at('10:00'))).toBe('check_in_not_confirmed');
    expect(checkInRefusal(booking({ status: 'no_show' }), 15, at('10:00'))).toBe('check_in_not_confirmed');
    expect(checkInRefusal(booking({ checkedInAt: at('09:50') }), 15, at('10:00'))).toBe('check_in_already');
    expect(checkInRefusal(booking(), null, at('10:00'))).toBe('check_in_not_needed');
  });

  it('shows the button only while a check-in would be accepted', () => {
    expect(showsCheckIn(booking(), 15, at('09:30'))).toBe(false);
    expect(showsCheckIn(booking(), 15, at('09:50'))).toBe(true);
    expect(showsCheckIn(booking({ checkedInAt: at('09:50') }), 15, at('09:55'))).toBe(false);
  });
});

describe('fair use after no-shows', () => {
  const policy = { limit: 3, windowDays: 30, approvalDays: 30 };
  const now = at('10:00', '2026-12-08');

  it('asks for approval for 30 days from the third no-show within 30 days', () => {
    const noShows = [at('10:00', '2026-11-20'), at('10:00', '2026-12-01'), at('10:00', '2026-12-07')];
    expect(approvalNeededUntil(noShows, policy, now)).toEqual(at('10:00', '2027-01-06'));
    expect(recentNoShows(noShows, 30, now)).toBe(3);
  });

  it('does not at two no-shows, nor for three spread over more than the window, nor after the approval period', () => {
    expect(approvalNeededUntil([at('10:00', '2026-12-01'), at('10:00', '2026-12-07')], policy, now)).toBeNull();
    expect(approvalNeededUntil([at('10:00', '2026-09-01'), at('10:00', '2026-11-01'), at('10:00', '2026-12-07')], policy, now)).toBeNull();
    const old = [at('10:00', '2026-10-01'), at('10:00', '2026-10-02'), at('10:00', '2026-10-03')];
    expect(approvalNeededUntil(old, policy, now)).toBeNull();
  });

  it('follows the venue policy (a limit of 2, a shorter approval period)', () => {
    const noShows = [at('10:00', '2026-12-06'), at('10:00', '2026-12-07')];
    expect(approvalNeededUntil(noShows, { limit: 2, windowDays: 7, approvalDays: 7 }, now)).toEqual(at('10:00', '2026-12-14'));
  });
});

describe('room now', () => {
  it('tells in use, waiting for check-in, released and free apart', () => {
    expect(roomNow([booking({ checkedInAt: at('09:55') })], 15, at('10:30')).state).toBe('in_use');
    // Checked in a few minutes early: in use already.
    expect(roomNow([booking({ checkedInAt: at('09:52') })], 15, at('09:53')).state).toBe('in_use');
    expect(roomNow([booking()], 15, at('09:50')).state).toBe('waiting');
    expect(roomNow([booking()], 15, at('10:10')).state).toBe('waiting');
    expect(roomNow([booking({ status: 'no_show' })], 15, at('10:30')).state).toBe('released');
    const free = roomNow([booking()], 15, at('08:00'));
    expect(free.state).toBe('free');
    expect(free.next?.id).toBe(1);
    // Without a rule a running booking is simply in use.
    expect(roomNow([booking()], null, at('10:30')).state).toBe('in_use');
    // A new booking in a released slot counts before the released one.
    expect(roomNow([booking({ status: 'no_show' }), booking({ id: 2, startAt: at('10:30'), checkedInAt: at('10:31') })], 15, at('10:45')).state).toBe('in_use');
  });
});
