import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CUSTOM_OBJECT_PROPERTY_TYPES } from '@app/domain';

/** HubSpot's `ObjectTypeDefinitionLabels`; both texts are required on creation. */
export class ObjectTypeLabelsRequestDto {
  @ApiProperty({ example: 'Car' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  singular!: string;

  @ApiProperty({ example: 'Cars' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  plural!: string;
}

/** HubSpot's `OptionInput` (an enumeration property's choice). */
export class PropertyOptionRequestDto {
  @ApiProperty({ example: 'Sedan' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;

  @ApiProperty({ example: 'sedan' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  value!: string;

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsInt()
  displayOrder?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  hidden?: boolean;
}

/**
 * HubSpot's `ObjectTypePropertyCreate`: the fields kept are those below; HubSpot's display hints and the like are
 * accepted and dropped.
 */
export class CustomObjectPropertyRequestDto {
  @ApiProperty({ description: 'Letters, digits and underscores, starting with a letter', example: 'model' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'Model' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;

  @ApiProperty({ enum: CUSTOM_OBJECT_PROPERTY_TYPES, example: 'string' })
  @IsString()
  @IsIn(CUSTOM_OBJECT_PROPERTY_TYPES)
  type!: (typeof CUSTOM_OBJECT_PROPERTY_TYPES)[number];

  @ApiProperty({ description: 'How forms show it: text, textarea, select, number, date, booleancheckbox…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  fieldType!: string;

  @ApiPropertyOptional({ example: 'The model of the car' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  hasUniqueValue?: boolean;

  @ApiPropertyOptional({ type: [PropertyOptionRequestDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PropertyOptionRequestDto)
  options?: PropertyOptionRequestDto[];
}

/** HubSpot's `ObjectSchemaEgg`. */
export class CreateCustomObjectRequestDto {
  @ApiProperty({
    description: 'Letters, digits and underscores, starting with a letter; unique in the account; immutable',
    example: 'car',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ type: ObjectTypeLabelsRequestDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectTypeLabelsRequestDto)
  labels!: ObjectTypeLabelsRequestDto;

  @ApiPropertyOptional({ example: 'Cars our customers drive' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ description: 'A declared property; defaults to the first', example: 'model' })
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

  @ApiProperty({ type: [CustomObjectPropertyRequestDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CustomObjectPropertyRequestDto)
  properties!: CustomObjectPropertyRequestDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Object types (name or id) it associates with; each must be available in the account',
    example: ['contacts', '0-2'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  associatedObjects?: string[];
}
