import type { ClosureKind } from './closure.entity.js';

export interface Holiday { date: string; kind: Extract<ClosureKind, 'holiday' | 'collective_leave'>; estimated: boolean }

// 2026: fixed by joint ministerial decree. 2027: no decree yet, estimated (lunar dates may move a day).
const NATIONAL_2026 = ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'];
const COLLECTIVE_2026 = ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'];
const NATIONAL_2027_ESTIMATED = ['01-01', '01-05', '02-06', '03-08', '03-09', '03-10', '03-26', '03-28', '05-01', '05-06', '05-16', '05-20', '06-01', '06-06', '08-14', '08-17', '12-25'];

export const NATIONAL_HOLIDAYS: Holiday[] = [
  ...NATIONAL_2026.map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, estimated: false })),
  ...COLLECTIVE_2026.map((d) => ({ date: `2026-${d}`, kind: 'collective_leave' as const, estimated: false })),
  ...NATIONAL_2027_ESTIMATED.map((d) => ({ date: `2027-${d}`, kind: 'holiday' as const, estimated: true })),
].sort((a, b) => a.date.localeCompare(b.date));
