import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ISO_WITH_OFFSET } from '../common/time.js';
import { Trim } from '../common/transforms.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Scans per request: a device sends its queue in batches of this size. */
export const SYNC_BATCH = 200;

export class DoorScanDto {
  @ApiProperty({ example: '3b241101-e2bb-4255-8caf-4136c566a962', description: 'Made on the device (crypto.randomUUID); a scan sent again is recognised by it' })
  @IsString() @Matches(UUID)
  scanId: string;

  @ApiProperty({ example: 'K7QF2M9X', description: 'What was scanned or typed' })
  @Trim() @IsString() @Length(1, 64)
  code: string;

  @ApiProperty({ example: '2026-12-08T09:12:31.120+08:00', description: 'When the device scanned it (ISO 8601 with offset or Z)' })
  @IsString() @Matches(ISO_WITH_OFFSET, { message: 'datetime' })
  scannedAt: string;
}

export class DoorSyncDto {
  @ApiProperty({ example: 'Pintu 1', description: "The device's door name" })
  @Trim() @IsString() @Length(1, 40)
  device: string;

  @ApiProperty({ type: [DoorScanDto], description: `At most ${SYNC_BATCH} scans per request` })
  @IsArray() @ArrayMaxSize(SYNC_BATCH) @ValidateNested({ each: true }) @Type(() => DoorScanDto)
  scans: DoorScanDto[];

  @ApiPropertyOptional({ description: 'The cursor of the previous answer: only door-list changes after it come back; leave out for the whole list' })
  @Trim() @IsOptional() @IsString() @MaxLength(64)
  since?: string;
}

export class DoorListQueryDto {
  @ApiPropertyOptional({ description: 'The cursor of the previous answer: only changes after it come back' })
  @Trim() @IsOptional() @IsString() @MaxLength(64)
  since?: string;
}
