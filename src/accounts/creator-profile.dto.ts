import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PROVINCES } from '../common/provinces.js';
import { ToBoolean, Trim } from '../common/transforms.js';
import { SCALES, SECTORS, type BusinessScale, type Sector } from './creator-profile.entity.js';
import { LINK_KINDS, MAX_LINKS, NIB_PATTERN, normaliseNib, type LinkKind } from './creator-profile.rules.js';

/** http(s) only, with a real host name, no user:password@ part. */
const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: true, disallow_auth: true };
const URL_MAX = 300;
const ToNib = () => Transform(({ value }) => normaliseNib(value));

class ProfileFields {
  @ApiProperty({ example: 'Batik Sari', description: 'Business or brand name' })
  @Trim() @IsString() @Length(2, 120)
  businessName: string;

  @ApiProperty({ enum: [...SECTORS], example: 'fesyen' })
  @IsIn(SECTORS, { message: 'profile_sector' })
  sector: Sector;

  @ApiProperty({ enum: [...SCALES], example: 'mikro', description: 'By PP 7/2021: mikro up to Rp1 billion capital or Rp2 billion yearly sales; kecil up to Rp5 / Rp15 billion; menengah up to Rp10 / Rp50 billion (land and buildings excluded)' })
  @IsIn(SCALES, { message: 'profile_scale' })
  scale: BusinessScale;

  @ApiProperty({ enum: [...PROVINCES], example: 'DKI Jakarta' })
  @IsIn(PROVINCES, { message: 'province' })
  province: string;

  @ApiProperty({ example: 'Jakarta Pusat' })
  @Trim() @IsString() @Length(2, 80)
  city: string;

  @ApiPropertyOptional({ example: '9120001234567', description: 'Nomor Induk Berusaha: exactly 13 digits (spaces and dashes are ignored)' })
  @ToNib() @IsOptional() @IsString() @Matches(NIB_PATTERN, { message: 'nib' })
  nib?: string;
}

class ConsentField {
  @ApiPropertyOptional({ default: false, description: 'Counted (as numbers only, with other creators) in aggregated programme reports' })
  @ToBoolean() @IsOptional() @IsBoolean()
  reportConsent?: boolean;
}

export class ProfileLinkDto {
  @ApiProperty({ enum: [...LINK_KINDS], description: 'shop: a marketplace shop; social: a social-media account; website: your own site' })
  @IsIn(LINK_KINDS, { message: 'link_kind' })
  kind: LinkKind;

  @ApiProperty({ example: 'https://shop.example/batik-sari', maxLength: URL_MAX })
  @Trim() @IsString() @IsUrl(URL_RULE, { message: 'web_url' }) @MaxLength(URL_MAX)
  url: string;
}

class ProfileLinks {
  @ApiPropertyOptional({ type: [ProfileLinkDto], maxItems: MAX_LINKS })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LINKS, { message: 'too_many_links' }) @ValidateNested({ each: true }) @Type(() => ProfileLinkDto)
  links?: ProfileLinkDto[];
}

/** The whole profile (PUT replaces it): links left out mean none. */
export class CreatorProfileDto extends IntersectionType(ProfileFields, ProfileLinks, ConsentField) {}

const OptionalUrl = () => (target: object, key: string) => {
  Trim()(target, key);
  IsOptional()(target, key);
  IsString()(target, key);
  IsUrl(URL_RULE, { message: 'web_url' })(target, key);
  MaxLength(URL_MAX)(target, key);
};

class FormLinks {
  @OptionalUrl() shopUrl?: string;
  @OptionalUrl() shopUrl2?: string;
  @OptionalUrl() socialUrl?: string;
  @OptionalUrl() socialUrl2?: string;
  @OptionalUrl() websiteUrl?: string;
}

/** The page's form: fixed inputs for two shops, two social accounts and a website; its messages come in form order. */
export class CreatorProfileFormDto extends IntersectionType(ProfileFields, FormLinks, ConsentField) {}
