import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { CreateCustomObjectRequestDto } from '../create-custom-object/create-custom-object.request.dto';
import { Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** HubSpot's `ObjectTypeDefinitionLabels` in a patch: either text may be left out. */
export class ObjectTypeLabelsPatchDto {
  @ApiPropertyOptional({ example: 'Vehicle' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  singular?: string;

  @ApiPropertyOptional({ example: 'Vehicles' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  plural?: string;
}

/** HubSpot's `ObjectTypeDefinitionPatch`: the name and the properties never change here. */
export class UpdateCustomObjectRequestDto extends PickType(CreateCustomObjectRequestDto, [
  'description',
  'primaryDisplayProperty',
  'secondaryDisplayProperties',
  'requiredProperties',
  'searchableProperties',
] as const) {
  @ApiPropertyOptional({ type: ObjectTypeLabelsPatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectTypeLabelsPatchDto)
  labels?: ObjectTypeLabelsPatchDto;

  @ApiPropertyOptional({ description: 'Removes the description (wins over `description`)' })
  @IsOptional()
  @IsBoolean()
  clearDescription?: boolean;

  @ApiPropertyOptional({ description: "HubSpot's; accepted and ignored" })
  @IsOptional()
  @IsBoolean()
  restorable?: boolean;
}
