import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNumber, Trim } from '../common/transforms.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'The `next` cursor of the previous answer; leave out to start at the beginning of the stream' })
  @Trim() @IsOptional() @IsString() @MaxLength(64)
  after?: string;

  @ApiPropertyOptional({ default: 100, description: 'Events per page, 1–500' })
  @ToNumber() @IsOptional() @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: `Only these types, comma-separated: ${PUBLIC_EVENT_TYPES.join(', ')}`, example: 'reservation.created,reservation.cancelled' })
  @Trim() @IsOptional() @IsString() @MaxLength(1000)
  types?: string;
}
