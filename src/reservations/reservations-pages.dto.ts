import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ToNumber, Trim } from '../common/transforms.js';
import { MAX_OCCURRENCES } from './recurrence.js';
import { CancelReservationDto, CreateReservationDto } from './reservations.dto.js';

export const REPEATS = ['none', 'weekly', 'daily'] as const;
export type Repeat = (typeof REPEATS)[number];

/** The booking form: the API's fields, plus a simple repeat choice instead of a raw RRULE. */
export class BookingFormDto extends CreateReservationDto {
  @Trim() @IsOptional() @IsIn(REPEATS)
  repeat?: Repeat;

  /** How many times in all (the first booking included); only read when repeating. */
  @ValidateIf((o: BookingFormDto) => o.repeat === 'weekly' || o.repeat === 'daily')
  @ToNumber() @IsInt() @Min(2) @Max(MAX_OCCURRENCES)
  count?: number;
}

/** The RRULE the service takes for a repeat choice, or undefined for a single booking. */
export function recurrenceOf(repeat: Repeat | undefined, count: number | undefined): string | undefined {
  if (repeat === 'weekly') return `FREQ=WEEKLY;COUNT=${count}`;
  if (repeat === 'daily') return `FREQ=DAILY;COUNT=${count}`;
  return undefined;
}

/** A cancel button on a page: where to go back to afterwards. */
export class CancelFormDto extends CancelReservationDto {
  @Trim() @IsOptional() @IsIn(['list', 'detail'])
  back?: 'list' | 'detail';
}

/** Approve from the queue or from the reservation's manage page. */
export class DecisionFormDto {
  @Trim() @IsOptional() @IsIn(['queue', 'detail'])
  back?: 'queue' | 'detail';
}

/** Reject from the queue or from the reservation's manage page; a missing reason is the service's to refuse, beside the field. */
export class RejectFormDto {
  @Trim() @IsOptional() @IsString() @MaxLength(500)
  reason?: string;

  @Trim() @IsOptional() @IsIn(['queue', 'detail'])
  back?: 'queue' | 'detail';
}
