import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** HubSpot's `PublicAssociationDefinitionCreateRequest`, plus an optional internal name for the inverse side. */
export class CreateLabelRequestDto {
  @ApiProperty({
    description: 'Internal name: letters, digits, underscores, not starting with a digit; unique per pair; immutable',
    example: 'manager_employee',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'Display text of the from → to direction', example: 'Manager' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;

  @ApiPropertyOptional({
    description: 'Makes a paired label: display text of the to → from direction',
    example: 'Employee',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  inverseLabel?: string;

  @ApiPropertyOptional({
    description: 'Internal name of the to → from direction of a paired label (ours; default `<name>_inverse`)',
    example: 'employee_of',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  inverseName?: string;
}
