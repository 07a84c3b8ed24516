import { DateTime } from 'luxon';
import { luxonZone } from '../common/time.js';

/** How long after the event's end the door list may stay on a device (and the server still hands it out). */
export const KEEP_AFTER_END_MS = 24 * 60 * 60 * 1000;
/** A device clock a little ahead of the server's is tolerated; a scan further in the future is refused. */
export const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

export type DoorStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in';

/** What a door device keeps per ticket: never the email or the phone. */
export interface DoorEntry {
  code: string;
  name: string;
  status: DoorStatus;
  checkedInAt: string | null;
  door: string | null;
}

/** "Sari Wulandari" → "Sari W."; one-word names stay whole; at most 40 characters. */
export function doorName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0].slice(0, 36);
  if (words.length === 1) return first;
  const initial = Array.from(words[words.length - 1])[0]!.toLocaleUpperCase('id-ID');
  return `${first} ${initial}.`;
}

export function doorEntry(r: { ticketCode: string; name: string; status: string; checkedInAt: Date | null; checkInDoor: string | null }): DoorEntry {
  const status: DoorStatus = r.status === 'confirmed' && r.checkedInAt ? 'checked_in' : (r.status as DoorStatus);
  return { code: r.ticketCode, name: doorName(r.name), status, checkedInAt: r.checkedInAt?.toISOString() ?? null, door: r.checkedInAt ? r.checkInDoor : null };
}

/** The ticket code in what a scanner read or a person typed: the QR holds the bare code; links and prefixes are cut. */
export const ticketCodeOf = (raw: string): string => raw.trim().toUpperCase().replace(/^.*[/:=]/, '');

/** Until when the door list may live on a device: a day after the event ends. */
export const keepUntil = (endsAt: Date): Date => new Date(endsAt.getTime() + KEEP_AFTER_END_MS);

/**
 * Why a scan time cannot be taken, or null: scans come from device clocks, so a time far ahead of the server's, or
 * before the local day the event's doors open (its start day in the venue's zone), is refused per scan.
 */
export function scanTimeProblem(scannedAt: Date, event: { startsAt: Date; timezone: string }, now: Date): 'scan_in_future' | 'scan_before_event_day' | null {
  if (scannedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return 'scan_in_future';
  const doorsOpen = DateTime.fromJSDate(event.startsAt, { zone: luxonZone(event.timezone) }).startOf('day');
  if (scannedAt.getTime() < doorsOpen.toMillis()) return 'scan_before_event_day';
  return null;
}

/**
 * The check-in a scan leads to, given the ticket as the server has it now. The earliest scan wins: a scan earlier
 * than the recorded check-in moves it (`earlier`), a later one is a repeat.
 */
export function scanOutcome(
  r: { status: string; checkedInAt: Date | null } | null, scannedAt: Date,
): 'new' | 'earlier' | 'already_checked_in' | 'cancelled' | 'waitlisted' | 'unknown' {
  if (!r) return 'unknown';
  if (r.status === 'cancelled') return 'cancelled';
  if (r.status === 'waitlisted') return 'waitlisted';
  if (!r.checkedInAt) return 'new';
  return scannedAt.getTime() < r.checkedInAt.getTime() ? 'earlier' : 'already_checked_in';
}
