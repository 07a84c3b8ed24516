import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { ToBoolean, Trim } from '../common/transforms.js';

/** "0812-3456-7890", "62 812 3456 7890" and "+62 812…" all become "+6281234567890". */
const ToIndonesianPhone = () => Transform(({ value }) => {
  if (typeof value !== 'string') return value;
  const digits = value.replace(/[\s().-]/g, '');
  if (!digits) return undefined;
  if (digits.startsWith('+62')) return digits;
  if (digits.startsWith('62')) return `+${digits}`;
  if (digits.startsWith('0')) return `+62${digits.slice(1)}`;
  return digits;
});

export class RegisterDto {
  @ApiProperty({ example: 'Dewi Lestari' }) @Trim() @IsString() @Length(2, 120)
  name: string;

  @ApiProperty({ example: 'dewi@example.com' }) @Trim() @IsEmail() @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+6281234567890', description: 'Indonesian mobile number in +62 format' })
  @ToIndonesianPhone() @IsOptional() @Matches(/^\+62\d{8,13}$/, { message: 'phone' })
  phone?: string;

  @ApiPropertyOptional({ example: 'Tenun Ikat Sumba' }) @Trim() @IsOptional() @IsString() @MaxLength(160)
  businessName?: string;

  @ApiPropertyOptional({ example: 'Kriya' }) @Trim() @IsOptional() @IsString() @MaxLength(60)
  sector?: string;

  @ApiProperty({ description: 'Consent to be contacted about this event' }) @ToBoolean() @IsBoolean() @Equals(true, { message: 'consent' })
  consent: boolean;
}

export class CancelRegistrationDto {
  @ApiPropertyOptional({ description: 'Required when an organiser cancels someone\'s registration' })
  @Trim() @IsOptional() @IsString() @MaxLength(500)
  reason?: string;
}

