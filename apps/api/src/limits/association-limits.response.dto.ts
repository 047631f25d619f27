import { BatchItemErrorDto } from '../errors/batch-item-error.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMIT_CATEGORIES } from './limit-target';

/** HubSpot's `PublicAssociationDefinitionConfigurationUpdateResult`. */
export class LimitUpdateResultDto {
  @ApiProperty({ enum: LIMIT_CATEGORIES, example: 'USER_DEFINED' })
  category!: string;

  @ApiProperty({ example: 1000 })
  typeId!: number;

  @ApiProperty({ description: 'The custom limit: at most this many records of the other object', example: 5 })
  userEnforcedMaxToObjectIds!: number;
}

/** HubSpot's `PublicAssociationDefinitionUserConfiguration`. */
export class LimitConfigurationDto extends LimitUpdateResultDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null for the unlabeled type', example: 'Manager' })
  label!: string | null;
}

/** HubSpot's `CollectionResponsePublicAssociationDefinitionUserConfigurationNoPaging`. */
export class LimitConfigurationCollectionDto {
  @ApiProperty({ type: [LimitConfigurationDto] })
  results!: LimitConfigurationDto[];
}

class BatchEnvelopeDto {
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE'], example: 'COMPLETE' })
  status!: 'COMPLETE';

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time' })
  completedAt!: string;

  @ApiPropertyOptional({ description: 'Only when some inputs failed (207)', example: 1 })
  numErrors?: number;

  @ApiPropertyOptional({ type: [BatchItemErrorDto], description: 'Only when some inputs failed (207)' })
  errors?: BatchItemErrorDto[];
}

/** HubSpot's `BatchResponsePublicAssociationDefinitionUserConfiguration` (201) / `…WithErrors` (207). */
export class LimitConfigurationBatchDto extends BatchEnvelopeDto {
  @ApiProperty({ type: [LimitConfigurationDto] })
  results!: LimitConfigurationDto[];
}

/** HubSpot's `BatchResponsePublicAssociationDefinitionConfigurationUpdateResult` (200) / `…WithErrors` (207). */
export class LimitUpdateBatchDto extends BatchEnvelopeDto {
  @ApiProperty({ type: [LimitUpdateResultDto] })
  results!: LimitUpdateResultDto[];
}
