import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';
import { LimitConfigurationInputDto } from '../create-limits/create-limits.request.dto';

/** HubSpot's `BatchInputPublicAssociationDefinitionConfigurationUpdateRequest`: the same inputs as create. */
export class UpdateLimitsRequestDto {
  @ApiProperty({ type: [LimitConfigurationInputDto], minItems: 1 })
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => LimitConfigurationInputDto)
  inputs!: LimitConfigurationInputDto[];
}
