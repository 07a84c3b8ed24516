import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe.js';
import { ToBoolean, ToClock, ToNumber, Trim } from '../common/transforms.js';
import { IsLocalDate } from '../common/validators.js';
import { ROOM_KINDS } from '../rooms/room.entity.js';

const ISO_WITH_OFFSET = 'ISO 8601 with an offset, e.g. 2026-12-05T13:00:00+08:00';

export class CreateReservationDto {
  @ApiProperty() @ToNumber() @IsInt() @Min(1) @Max(MAX_ID)
  roomId: number;

  @ApiProperty({ description: ISO_WITH_OFFSET, example: '2026-12-05T13:00:00+08:00' }) @IsString() @MaxLength(40)
  start: string;

  @ApiProperty({ description: ISO_WITH_OFFSET, example: '2026-12-05T15:00:00+08:00' }) @IsString() @MaxLength(40)
  end: string;

  @ApiProperty({ example: 3 }) @ToNumber() @IsInt() @Min(1) @Max(10000)
  headcount: number;

  @ApiProperty({ example: 'Live selling batik Makassar' }) @Trim() @IsString() @Length(2, 160)
  title: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ description: 'RRULE subset: FREQ=DAILY|WEEKLY;INTERVAL;BYDAY;COUNT or UNTIL', example: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4' })
  @Trim() @IsOptional() @IsString() @MaxLength(200)
  recurrence?: string;

  @ApiPropertyOptional({ description: 'For a series: leave out clashing dates instead of refusing the whole series' })
  @ToBoolean() @IsOptional() @IsBoolean()
  skipConflicts?: boolean;
}

export class CancelReservationDto {
  @ApiPropertyOptional({ description: 'Required when a manager cancels someone else\'s booking' })
  @Trim() @IsOptional() @IsString() @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ enum: ['one', 'following'], default: 'one' }) @IsOptional() @IsIn(['one', 'following'])
  scope?: 'one' | 'following';
}

export class RejectReservationDto {
  @ApiProperty({ example: 'Studio dipakai untuk pelatihan internal' }) @Trim() @IsString() @Length(3, 500)
  reason: string;
}

export class MoveReservationDto {
  @ApiPropertyOptional() @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  roomId?: number;

  @ApiProperty({ description: ISO_WITH_OFFSET }) @IsString() @MaxLength(40)
  start: string;

  @ApiProperty({ description: ISO_WITH_OFFSET }) @IsString() @MaxLength(40)
  end: string;
}

export class CreateBlockDto {
  @ApiProperty({ description: ISO_WITH_OFFSET }) @IsString() @MaxLength(40)
  start: string;

  @ApiProperty({ description: ISO_WITH_OFFSET }) @IsString() @MaxLength(40)
  end: string;

  @ApiProperty({ example: 'Perawatan lampu studio' }) @Trim() @IsString() @Length(3, 160)
  reason: string;

  @ApiPropertyOptional({ description: 'Cancel bookings in the way (their creators are told the reason) instead of refusing' })
  @ToBoolean() @IsOptional() @IsBoolean()
  cancelAffected?: boolean;
}

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2026-12-05', description: 'Local date' }) @IsString() @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-12-11', description: 'Local date, inclusive' }) @IsString() @IsLocalDate()
  to: string;
}

export class SearchQueryDto {
  @ApiProperty({ example: '2026-12-05', description: 'Local date' }) @IsString() @IsLocalDate()
  date: string;

  @ApiProperty({ example: '13:00', description: 'Local time, HH:MM (13.00 is read as 13:00 too)' }) @ToClock() @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'clock' })
  from: string;

  @ApiProperty({ example: '16:00', description: 'Local time, HH:MM (16.00 is read as 16:00 too)' }) @ToClock() @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'clock' })
  to: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  province?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  city?: string;

  @ApiPropertyOptional() @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(10000)
  minCapacity?: number;

  @ApiPropertyOptional({ enum: ROOM_KINDS }) @Trim() @IsOptional() @IsIn(ROOM_KINDS)
  roomKind?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(40)
  amenity?: string;

  @ApiPropertyOptional({ default: 1, description: 'Page of the free rooms found (at most 100 rooms, the closest capacity fit first)' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(100)
  page?: number;

  @ApiPropertyOptional({ default: 20 }) @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}

export class ScheduleQueryDto {
  @ApiPropertyOptional({ example: '2026-12-05', description: 'First local date (default: today at the venue)' })
  @Trim() @IsOptional() @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ enum: [1, 7], default: 1 }) @ToNumber() @IsOptional() @IsIn([1, 7])
  days?: number;
}

/** The manager's block form: a local date and clock times in the venue's zone. */
export class BlockFormDto {
  @IsString() @IsLocalDate()
  date: string;

  @ToClock() @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'clock' })
  from: string;

  @ToClock() @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'clock' })
  to: string;

  @Trim() @IsString() @Length(3, 160)
  reason: string;

  @ToBoolean() @IsOptional() @IsBoolean()
  cancelAffected?: boolean;
}

/** The manager's move form: another room of the venue and/or a new local date and time. */
export class MoveFormDto {
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  roomId?: number;

  @IsString() @MaxLength(10)
  date: string;

  @IsString() @MaxLength(5)
  from: string;

  @IsString() @MaxLength(5)
  to: string;
}
