import { ValidationError } from '../common/errors.js';
import { datesOf, periodInstants, presetDates, resolvePeriod } from './period.js';

describe('report periods', () => {
  it('reads the presets around a local date', () => {
    expect(presetDates('this_month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetDates('last_month', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetDates('this_quarter', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });

  it('takes this month when nothing is given, and custom dates (future ones too) when given', () => {
    expect(resolvePeriod({}, '2026-12-03')).toEqual({ preset: 'this_month', from: '2026-12-01', to: '2026-12-31', days: 31 });
    expect(resolvePeriod({ from: '2027-01-01', to: '2027-03-31' }, '2026-12-03')).toEqual({ preset: 'custom', from: '2027-01-01', to: '2027-03-31', days: 90 });
  });

  it('refuses impossible dates, a reversed range and more than 366 days, naming the field', () => {
    const fieldsOf = (query: Record<string, string>) => {
      try { resolvePeriod(query, '2026-12-03'); } catch (e) { return (e as ValidationError).fields.map((f) => `${f.field}:${f.code}`); }
      return [];
    };
    expect(fieldsOf({ from: '2026-02-29', to: '2026-03-01' })).toEqual(['from:date']);
    expect(fieldsOf({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['to:report_to_before_from']);
    expect(fieldsOf({ from: '2024-01-01', to: '2024-12-31' })).toEqual([]);
    expect(fieldsOf({ from: '2026-01-01', to: '2027-01-01' })).toEqual([]);
    expect(fieldsOf({ from: '2026-01-01', to: '2027-01-02' })).toEqual(['to:report_range_too_long']);
    expect(fieldsOf({ period: 'next_week' })).toEqual(['period:report_period']);
  });

  it('turns local dates into UTC instants of the venue zone, `to` inclusive', () => {
    expect(periodInstants({ from: '2026-08-01', to: '2026-08-31' }, 'Asia/Jayapura')).toEqual({
      start: new Date('2026-07-31T15:00:00Z'), end: new Date('2026-08-31T15:00:00Z'),
    });
    expect(periodInstants({ from: '2026-08-01', to: '2026-08-01' }, 'Asia/Jakarta').end).toEqual(new Date('2026-08-01T17:00:00Z'));
    expect(datesOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
