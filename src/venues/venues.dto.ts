import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max,
  MaxLength, Min, ValidateNested,
} from 'class-validator';
import { ToBoolean, ToNumber, Trim } from '../common/transforms.js';
import { IsLocalDate } from '../common/validators.js';
import { ROOM_KINDS, type RoomKind } from '../rooms/room.entity.js';
import { CLOSURE_KINDS, type ClosureKind } from './closure.entity.js';
import { VENUE_TIMEZONES, type VenueTimezone } from './venue.entity.js';

export const PHONE_PATTERN = /^(\+62|62|0)[0-9 -]{7,15}$/;

export class VenueFieldsDto {
  @ApiProperty({ example: 'MKS-01' })
  @Trim() @IsString() @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'code' })
  code: string;

  @ApiProperty({ example: 'Kantor Pos Besar Makassar' })
  @Trim() @IsString() @Length(3, 160)
  name: string;

  @ApiProperty({ example: 'Jl. Slamet Riyadi 10' })
  @Trim() @IsString() @Length(3, 255)
  address: string;

  @ApiProperty({ example: 'Makassar' })
  @Trim() @IsString() @Length(2, 80)
  city: string;

  @ApiProperty({ example: 'Sulawesi Selatan' })
  @Trim() @IsString() @Length(2, 80)
  province: string;

  @ApiProperty({ enum: VENUE_TIMEZONES })
  @IsIn(VENUE_TIMEZONES)
  timezone: VenueTimezone;

  @ApiPropertyOptional({ example: '+62 411 123456', type: String, nullable: true, description: 'null removes it' })
  @Trim() @IsOptional() @Matches(PHONE_PATTERN, { message: 'phone' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @Trim() @IsOptional() @IsEmail() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional()
  @Trim() @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null removes it' })
  @ToNumber() @IsOptional() @IsNumber() @Min(-11) @Max(6)
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null removes it' })
  @ToNumber() @IsOptional() @IsNumber() @Min(94) @Max(142)
  longitude?: number | null;

  @ApiPropertyOptional({ default: true })
  @ToBoolean() @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 3, minimum: 1, maximum: 20, description: 'Fair use: this many no-shows within noShowWindowDays mean approval for noShowApprovalDays' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(20)
  noShowLimit?: number;

  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 365 })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(365)
  noShowWindowDays?: number;

  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 365 })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(365)
  noShowApprovalDays?: number;
}

export class CreateVenueDto extends VenueFieldsDto {}

/** Updates change only the fields that are sent. */
export class UpdateVenueDto extends PartialType(VenueFieldsDto) {}

export class OpeningRangeDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @ToNumber() @IsInt() @Min(1) @Max(7)
  weekday: number;

  @ApiProperty({ example: '08:00' })
  @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time' })
  opens: string;

  @ApiProperty({ example: '16:00' })
  @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'time' })
  closes: string;
}

export class OpeningHoursDto {
  @ApiProperty({ type: [OpeningRangeDto] })
  @IsArray() @ArrayMaxSize(35) @ValidateNested({ each: true }) @Type(() => OpeningRangeDto)
  ranges: OpeningRangeDto[];
}

export class CreateClosureDto {
  @ApiProperty({ example: '2026-12-31' })
  @IsString() @IsLocalDate()
  startDate: string;

  @ApiProperty({ example: '2027-01-01' })
  @IsString() @IsLocalDate()
  endDate: string;

  @ApiProperty({ example: 'Renovasi studio' })
  @Trim() @IsString() @Length(2, 200)
  reason: string;

  @ApiPropertyOptional({ enum: CLOSURE_KINDS, default: 'other' })
  @IsOptional() @IsIn(CLOSURE_KINDS)
  kind?: ClosureKind;

  @ApiPropertyOptional({ description: 'Cancel the bookings on these days (their creators are told the reason) instead of refusing the closure' })
  @ToBoolean() @IsOptional() @IsBoolean()
  cancelAffected?: boolean;
}

export class AssignManagerDto {
  @ApiProperty({ example: 'manajer.makassar@ruangkreatif.id' })
  @Trim() @IsEmail()
  email: string;
}

export class VenueQueryDto {
  @ApiPropertyOptional({ description: 'Name, city or province contains' })
  @Trim() @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  province?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(80)
  city?: string;

  @ApiPropertyOptional({ enum: ROOM_KINDS }) @Trim() @IsOptional() @IsIn(ROOM_KINDS)
  roomKind?: RoomKind;

  @ApiPropertyOptional() @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(10000)
  minCapacity?: number;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(40)
  amenity?: string;

  @ApiPropertyOptional({ default: 1 }) @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 20 }) @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}
