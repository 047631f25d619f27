import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** HubSpot's `PublicAssociationDefinitionUpdateRequest`: the typeId is in the body; only texts change. */
export class RenameLabelRequestDto {
  @ApiProperty({ description: 'Either direction of the label', example: 1000 })
  @IsInt()
  @Min(1)
  associationTypeId!: number;

  @ApiProperty({ description: "New display text of the typeId's direction", example: 'Boss' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;

  @ApiPropertyOptional({ description: 'New display text of the other direction (paired labels)', example: 'Report' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  inverseLabel?: string;
}
