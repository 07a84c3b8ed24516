import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsUrl, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe.js';
import { ToArray, ToNumber, Trim } from '../common/transforms.js';
import { IsLocalDate } from '../common/validators.js';
import { EVENT_KINDS, type EventKind } from './event.entity.js';

const ISO = 'ISO 8601 with an offset, e.g. 2026-12-12T09:00:00+08:00';

export class SessionDto {
  @ApiProperty() @ToNumber() @IsInt() @Min(1) @Max(MAX_ID)
  roomId: number;

  @ApiProperty({ example: 'Sesi 1: Dasar live selling' }) @Trim() @IsString() @Length(2, 160)
  title: string;

  @ApiPropertyOptional({ example: 'Rina Kusuma' }) @Trim() @IsOptional() @IsString() @MaxLength(160)
  speaker?: string;

  @ApiProperty({ description: ISO }) @IsString() @MaxLength(40)
  start: string;

  @ApiProperty({ description: ISO }) @IsString() @MaxLength(40)
  end: string;

  @ApiPropertyOptional({ description: 'Seats in this session when it differs from the event capacity' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(10000)
  capacity?: number;
}

export class CreateEventDto {
  @ApiProperty() @ToNumber() @IsInt() @Min(1) @Max(MAX_ID)
  venueId: number;

  @ApiProperty({ enum: EVENT_KINDS }) @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: 'Live selling di TikTok Shop' }) @Trim() @IsString() @Length(3, 160)
  title: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(300)
  summary?: string;

  @ApiPropertyOptional({ description: 'Markdown' }) @IsOptional() @IsString() @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['Beli Lokal', 'Go Digital'] })
  @ToArray() @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(2, 40, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' }) @IsOptional() @IsIn(['id', 'en'])
  language?: 'id' | 'en';

  @ApiProperty({ example: 40 }) @ToNumber() @IsInt() @Min(1) @Max(10000)
  capacity: number;

  @ApiPropertyOptional({ description: ISO }) @IsOptional() @IsString() @MaxLength(40)
  registrationOpensAt?: string;

  @ApiPropertyOptional({ description: ISO }) @IsOptional() @IsString() @MaxLength(40)
  registrationClosesAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://example.org/foto-kelas.jpg', description: 'Cover image (https); null removes it' })
  @Trim() @IsOptional() // null removes the image
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'https_url' }) @MaxLength(500)
  coverImageUrl?: string | null;

  @ApiProperty({ type: [SessionDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SessionDto)
  sessions: SessionDto[];
}

/** Every field of a new event except its venue, each optional; a new programme replaces the whole old one. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['venueId', 'sessions'] as const)) {
  @ApiPropertyOptional({ type: [SessionDto], description: 'Replaces the whole programme; every rule is checked again' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SessionDto)
  sessions?: SessionDto[];
}

export class CancelEventDto {
  @ApiProperty({ example: 'Pembicara berhalangan hadir' }) @Trim() @IsString() @Length(3, 500)
  reason: string;
}

export class EventQueryDto {
  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  province?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  city?: string;

  @ApiPropertyOptional() @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  venueId?: number;

  /** An empty field (the listing's "any kind") filters nothing. */
  @ApiPropertyOptional({ enum: EVENT_KINDS }) @Trim() @IsOptional() @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({ example: '2026-12-01' }) @Trim() @IsOptional() @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' }) @Trim() @IsOptional() @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Text search in title, summary and tags' }) @Trim() @IsOptional() @IsString() @MaxLength(80)
  q?: string;

  @ApiPropertyOptional({ default: 1 }) @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(1000)
  page?: number;
}

export class CheckInDto {
  @ApiProperty({ example: 'K7QF2M9X', description: 'The code on the ticket (or in its QR code)' }) @Trim() @IsString() @Length(4, 64)
  code: string;
}
