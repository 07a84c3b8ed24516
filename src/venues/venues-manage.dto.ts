import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ValidationError, type FieldError } from '../common/errors.js';
import { parseClock } from '../common/time.js';
import { ToArray, ToNumber, Trim } from '../common/transforms.js';
import { groupHours, validateDayRanges } from './opening-hours.js';
import { VenueFieldsDto, type OpeningRangeDto } from './venues.dto.js';

/** The venue edit form: every field is sent (so required ones stay required); only admins send the code. */
export class VenueFormDto extends OmitType(VenueFieldsDto, ['code', 'latitude', 'longitude'] as const) {
  @Trim() @IsOptional() @IsString() @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'code' })
  code?: string;
}

/** One row of the opening-hours form; both times empty means the row is unused. */
export class HoursRowDto {
  @ToNumber() @IsInt() @Min(1) @Max(7)
  weekday: number;

  @Trim() @IsOptional() @IsString() @MaxLength(5)
  opens?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(5)
  closes?: string;
}

export class HoursFormDto {
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => HoursRowDto)
  ranges: HoursRowDto[];

  /** Weekdays ticked "closed all day": their rows are ignored. */
  @ToArray() @IsOptional() @IsArray() @IsIn(['1', '2', '3', '4', '5', '6', '7'], { each: true })
  closed?: string[];
}

/** Turns the hours form into the ranges VenuesService.setOpeningHours takes, or names the rows that are incomplete. */
export function rangesFromForm(form: HoursFormDto): OpeningRangeDto[] {
  const closed = new Set((form.closed ?? []).map(Number));
  const ranges: OpeningRangeDto[] = [];
  const errors: FieldError[] = [];
  form.ranges.forEach((row, i) => {
    if (closed.has(row.weekday) || (!row.opens && !row.closes)) return;
    const opens = row.opens ? parseClock(row.opens) : null;
    const closes = row.closes ? parseClock(row.closes) : null;
    if (!row.opens) errors.push({ field: `ranges.${i}.opens`, code: 'isNotEmpty' });
    else if (!opens) errors.push({ field: `ranges.${i}.opens`, code: 'clock' });
    if (!row.closes) errors.push({ field: `ranges.${i}.closes`, code: 'isNotEmpty' });
    else if (!closes) errors.push({ field: `ranges.${i}.closes`, code: 'clock' });
    if (opens && closes) ranges.push({ weekday: row.weekday, opens, closes });
  });
  if (errors.length) {
    // Name the overlaps of the complete rows too, so one round trip shows every mistake.
    for (const [weekday, dayRanges] of Object.entries(groupHours(ranges))) {
      for (const code of validateDayRanges(dayRanges)) errors.push({ field: `weekday${weekday}`, code });
    }
    throw new ValidationError(errors);
  }
  return ranges;
}
