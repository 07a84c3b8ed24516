import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe.js';
import { ToBoolean, ToNumber, Trim } from '../common/transforms.js';
import { IsLocalDate } from '../common/validators.js';
import { ROOM_KINDS } from '../rooms/room.entity.js';
import { MAX_REPORT_DAYS, PERIOD_PRESETS } from './period.js';

/** The period of a report: a preset, or `from`/`to`; nothing given means this month. */
export class ReportQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_PRESETS, description: 'A preset period; `custom` (or giving from/to) reads `from` and `to`' })
  @Trim() @IsOptional() @IsIn(PERIOD_PRESETS, { message: 'report_period' })
  period?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'First local date of each venue' })
  @Trim() @IsOptional() @IsString() @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: `Last local date, inclusive (at most ${MAX_REPORT_DAYS} days after from; future dates give planned use)` })
  @Trim() @IsOptional() @IsString() @IsLocalDate()
  to?: string;
}

export class NetworkReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ example: 'Sulawesi Selatan' }) @Trim() @IsOptional() @IsString() @MaxLength(80)
  province?: string;

  @ApiPropertyOptional({ minimum: 1 }) @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  venueId?: number;

  @ApiPropertyOptional({ enum: ROOM_KINDS }) @Trim() @IsOptional() @IsIn(ROOM_KINDS, { message: 'report_room_kind' })
  roomKind?: string;

  @ApiPropertyOptional({ description: '`true` adds the per-room table `rooms` (left out by default: the whole network has some 15,000 rooms, megabytes of JSON)' })
  @ToBoolean() @IsOptional() @IsBoolean()
  rooms?: boolean;
}
