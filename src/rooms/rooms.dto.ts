import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ToArray, ToBoolean, ToNumber, Trim } from '../common/transforms.js';
import { AMENITIES, ROOM_KINDS, type Amenity, type RoomKind } from './room.entity.js';

export class RoomFieldsDto {
  @ApiProperty({ example: 'Studio Live Streaming 1' })
  @Trim() @IsString() @Length(2, 120)
  name: string;

  @ApiProperty({ enum: ROOM_KINDS })
  @IsIn(ROOM_KINDS)
  kind: RoomKind;

  @ApiProperty({ example: 4 })
  @ToNumber() @IsInt() @Min(1) @Max(1000)
  capacity: number;

  @ApiPropertyOptional({ enum: AMENITIES, isArray: true })
  @ToArray() @IsOptional() @IsArray() @ArrayMaxSize(AMENITIES.length) @IsIn(AMENITIES, { each: true })
  amenities?: Amenity[];

  @ApiPropertyOptional({ type: [String] })
  @ToArray() @IsOptional() @IsArray() @ArrayMaxSize(10) @IsUrl({ protocols: ['https', 'http'] }, { each: true })
  photos?: string[];

  @ApiPropertyOptional()
  @Trim() @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ default: 30, description: 'Bookings start and end on multiples of this many minutes' })
  @ToNumber() @IsOptional() @IsIn([5, 10, 15, 20, 30, 60, 120])
  slotMinutes?: number;

  @ApiPropertyOptional({ default: 60 })
  @ToNumber() @IsOptional() @IsInt() @Min(5) @Max(24 * 60)
  minMinutes?: number;

  @ApiPropertyOptional({ default: 240 })
  @ToNumber() @IsOptional() @IsInt() @Min(5) @Max(24 * 60)
  maxMinutes?: number;

  @ApiPropertyOptional({ default: 0 })
  @ToNumber() @IsOptional() @IsInt() @Min(0) @Max(240)
  bufferMinutes?: number;

  @ApiPropertyOptional({ default: 60 })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(730)
  horizonDays?: number;

  @ApiPropertyOptional({ default: false })
  @ToBoolean() @IsOptional() @IsBoolean()
  requiresApproval?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Fair use: hours per creator per week; null removes the limit' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(168)
  maxHoursPerWeek?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Fair use: future reservations per creator; null removes the limit' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(1000)
  maxFutureReservations?: number | null;

  @ApiPropertyOptional({
    type: Number, nullable: true, minimum: 5, maximum: 60,
    description: 'Check-in needed within this many minutes of the start, or the booking is released (no-show); null turns it off. Default 15 for studios (live-stream, podcast, photo), off for other kinds',
  })
  @Transform(({ value }) => (value === null ? null : value === undefined || value === '' ? undefined : /^\d+$/.test(String(value).trim()) ? Number(value) : value))
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsInt() @Min(5) @Max(60)
  checkInMinutes?: number | null;

  @ApiPropertyOptional({ default: true })
  @ToBoolean() @IsOptional() @IsBoolean()
  active?: boolean;
}

export class CreateRoomDto extends RoomFieldsDto {}
/** Updates change only the fields that are sent. */
export class UpdateRoomDto extends PartialType(RoomFieldsDto) {}
