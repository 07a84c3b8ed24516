import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { ValidationError } from '../common/errors.js';
import { ToClock, ToNumber, Trim } from '../common/transforms.js';
import { toFieldErrors } from '../common/validation.pipe.js';

/** Validates a plain object with an API DTO's own decorators, so pages and API share every rule. */
export async function validDto<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new ValidationError(toFieldErrors(errors));
  return dto;
}

/** The form's comma-separated tags as the API's list. */
export const tagList = (text: string | undefined): string[] => (text ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);

/**
 * The organiser's "new event" form: one session, its times typed as the venue's local date and wall clock.
 * Only the shape is checked here; the controller turns it into a CreateEventDto and validates that with the API's
 * own rules, so the page can never accept what the API refuses.
 */
export class EventFormDto {
  @ToNumber() @IsOptional()
  roomId?: unknown;

  @IsOptional() @IsString() @MaxLength(40)
  kind?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(400)
  title?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(400)
  summary?: string;

  @IsOptional() @IsString() @MaxLength(20000)
  description?: string;

  @IsOptional() @IsString() @MaxLength(600)
  tags?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(600)
  coverImageUrl?: string;

  @IsOptional() @IsString() @MaxLength(4)
  language?: string;

  @ToNumber() @IsOptional()
  capacity?: unknown;

  @Trim() @IsOptional() @IsString() @MaxLength(200)
  speaker?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(20)
  date?: string;

  /** Local wall clock, "13.00" or "13:00". */
  @ToClock() @IsOptional() @IsString() @MaxLength(10)
  from?: string;

  @ToClock() @IsOptional() @IsString() @MaxLength(10)
  to?: string;

  /** `datetime-local` values, "2026-12-01T09:00", read in the venue's zone. */
  @Trim() @IsOptional() @IsString() @MaxLength(20)
  opens?: string;

  @Trim() @IsOptional() @IsString() @MaxLength(20)
  closes?: string;
}

export class CapacityFormDto {
  @ToNumber() @IsOptional()
  capacity?: unknown;
}
