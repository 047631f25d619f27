import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';
import { LimitConfigurationInputDto } from '../create-limits/create-limits.request.dto';
import { MAX_LIMIT_BATCH_INPUTS } from '../limit-batch';

/** HubSpot's `BatchInputPublicAssociationDefinitionConfigurationUpdateRequest`: the same inputs as create. */
export class UpdateLimitsRequestDto {
  @ApiProperty({ type: [LimitConfigurationInputDto], minItems: 1, maxItems: MAX_LIMIT_BATCH_INPUTS })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_LIMIT_BATCH_INPUTS)
  @ValidateNested({ each: true })
  @Type(() => LimitConfigurationInputDto)
  inputs!: LimitConfigurationInputDto[];
}
