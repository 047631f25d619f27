import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { LIMIT_CATEGORIES, type LimitCategory } from '../limit-target';

/**
 * HubSpot's `PublicAssociationDefinitionConfigurationCreateRequest` (and `…UpdateRequest`, the same shape). Only
 * the shape is checked here: a value out of range or a typeId of another direction fails that input alone (207).
 */
export class LimitConfigurationInputDto {
  @ApiPropertyOptional({
    enum: LIMIT_CATEGORIES,
    description: "The type's category; inferred from the typeId when missing",
    example: 'USER_DEFINED',
  })
  @IsOptional()
  @IsIn(LIMIT_CATEGORIES)
  category?: LimitCategory;

  @ApiProperty({ description: 'An association type of the path direction (unlabeled or a label)', example: 1000 })
  @IsInt()
  typeId!: number;

  @ApiProperty({
    description: 'At most this many records of the other object per record (1–10,000; a label ≤ its pair)',
    example: 5,
  })
  @IsInt()
  maxToObjectIds!: number;
}

/** HubSpot's `BatchInputPublicAssociationDefinitionConfigurationCreateRequest`. */
export class CreateLimitsRequestDto {
  @ApiProperty({ type: [LimitConfigurationInputDto], minItems: 1 })
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => LimitConfigurationInputDto)
  inputs!: LimitConfigurationInputDto[];
}
