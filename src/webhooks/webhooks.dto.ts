import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe.js';
import { ISO_WITH_OFFSET } from '../common/time.js';
import { ToArray, ToBoolean, ToNumber, Trim } from '../common/transforms.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';

export const SUBSCRIBABLE = ['*', ...PUBLIC_EVENT_TYPES] as const;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://mitra.example/hooks/ruang-kreatif', description: 'http(s) URL of a public address (https in production)' })
  @Trim() @IsString() @MaxLength(2000)
  url: string;

  @ApiProperty({ type: [String], enum: SUBSCRIBABLE, example: ['reservation.created', 'reservation.cancelled'], description: '`*` for every public type' })
  @ToArray() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SUBSCRIBABLE.length) @IsIn(SUBSCRIBABLE, { each: true })
  events: string[];

  @ApiPropertyOptional({ example: 'CRM Pos Bloc Medan' })
  @Trim() @IsOptional() @IsString() @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: 'A new URL (checked like a new endpoint\'s)' })
  @Trim() @IsOptional() @IsString() @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: SUBSCRIBABLE })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SUBSCRIBABLE.length) @IsIn(SUBSCRIBABLE, { each: true })
  events?: string[];

  @ApiPropertyOptional({ description: 'Switch deliveries off or on; switching on sends what waited meanwhile' })
  @ToBoolean() @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @Trim() @IsOptional() @IsString() @MaxLength(200)
  description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ default: 24, description: 'Hours during which the old secret signs too (0–168)' })
  @ToNumber() @IsOptional() @IsInt() @Min(0) @Max(168)
  overlapHours?: number;
}

export class ReplayDto {
  @ApiPropertyOptional({ description: 'One delivery of this endpoint to send again' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  deliveryId?: number;

  @ApiPropertyOptional({ example: '2026-12-08T00:00:00Z', description: 'Send again every delivery of events since this instant (ISO 8601 date and time with its offset or Z)' })
  @Trim() @IsOptional() @IsString() @MaxLength(40) @Matches(ISO_WITH_OFFSET, { message: 'datetime' })
  since?: string;
}

/** The page's replay form: "since" is the reader's wall clock (`datetime-local`), or a time with its offset. */
export class ReplayFormDto {
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(MAX_ID)
  deliveryId?: number;

  @Trim() @IsOptional() @IsString() @MaxLength(40)
  since?: string;
}
