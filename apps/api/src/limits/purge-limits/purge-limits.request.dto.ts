import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { LIMIT_CATEGORIES, type LimitCategory } from '../limit-target';

/** HubSpot's `PublicAssociationSpec`: which type's limit goes back to the default ("many"). */
export class PurgeLimitInputDto {
  @ApiPropertyOptional({ enum: LIMIT_CATEGORIES, description: 'Inferred from the typeId when missing' })
  @IsOptional()
  @IsIn(LIMIT_CATEGORIES)
  category?: LimitCategory;

  @ApiProperty({ example: 1000 })
  @IsInt()
  typeId!: number;
}

/** HubSpot's `BatchInputPublicAssociationSpec`. */
export class PurgeLimitsRequestDto {
  @ApiProperty({ type: [PurgeLimitInputDto], minItems: 1 })
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => PurgeLimitInputDto)
  inputs!: PurgeLimitInputDto[];
}
