import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../common/transforms.js';

export class SignUpDto {
  @ApiProperty({ example: 'Sari Wulandari' })
  @Trim() @IsString() @Length(2, 120)
  name: string;

  @ApiProperty({ example: 'sari@example.com' })
  @Trim() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8 })
  @IsString() @MinLength(8) @MaxLength(200)
  password: string;
}

export class SignInDto {
  @ApiProperty({ example: 'kreator@ruangkreatif.id' })
  @Trim() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(200)
  password: string;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'Laptop studio' })
  @Trim() @IsString() @Length(1, 80)
  name: string;
}
