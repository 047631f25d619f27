import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

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
export class UpdateCustomObjectRequestDto {
  @ApiPropertyOptional({ type: ObjectTypeLabelsPatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectTypeLabelsPatchDto)
  labels?: ObjectTypeLabelsPatchDto;

  @ApiPropertyOptional({ example: 'Cars and vans' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ description: 'Removes the description (wins over `description`)' })
  @IsOptional()
  @IsBoolean()
  clearDescription?: boolean;

  @ApiPropertyOptional({ example: 'model' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  primaryDisplayProperty?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  secondaryDisplayProperties?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  requiredProperties?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  searchableProperties?: string[];

  @ApiPropertyOptional({ description: "HubSpot's; accepted and ignored" })
  @IsOptional()
  @IsBoolean()
  restorable?: boolean;
}
