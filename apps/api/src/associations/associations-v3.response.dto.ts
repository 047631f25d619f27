import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BatchItemErrorDto } from '../errors/batch-item-error.dto';

/** Legacy v3 association models (hubspot-v4-api.md §2.4, §3): types are v3 strings, ids strings. */
class V3ObjectIdDto {
  @ApiProperty({ example: '101' }) id!: string;
}

/** `PublicAssociation`: an input of v3 batch/create and batch/archive, and a result of batch/create. */
export class V3AssociationDto {
  @ApiProperty({ type: V3ObjectIdDto }) from!: V3ObjectIdDto;
  @ApiProperty({ type: V3ObjectIdDto }) to!: V3ObjectIdDto;
  @ApiProperty({
    example: 'contact_to_company',
    description: 'A v3 type string, as GET /crm/v3/associations/{from}/{to}/types names it (or its id)',
  })
  type!: string;
}

export class V3AssociationBatchInputDto {
  @ApiProperty({ type: [V3AssociationDto], minItems: 1 }) inputs!: V3AssociationDto[];
}

export class V3ReadBatchInputDto {
  @ApiProperty({ type: [V3ObjectIdDto], minItems: 1, maxItems: 1000 }) inputs!: V3ObjectIdDto[];
}

class V3BatchEnvelopeDto {
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE'], example: 'COMPLETE' }) status!: 'COMPLETE';
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiPropertyOptional({ description: 'Only when some inputs failed', example: 1 }) numErrors?: number;
  @ApiPropertyOptional({ type: [BatchItemErrorDto], description: 'Only when some inputs failed' })
  errors?: BatchItemErrorDto[];
}

/** `BatchResponsePublicAssociation` (201) / `…WithErrors` (207). */
export class V3AssociationBatchDto extends V3BatchEnvelopeDto {
  @ApiProperty({ type: [V3AssociationDto] }) results!: V3AssociationDto[];
}

/** `AssociatedId`. */
class V3AssociatedIdDto {
  @ApiProperty({ example: '9001' }) id!: string;
  @ApiProperty({ example: 'contact_to_company_unlabeled' }) type!: string;
}
class V3NextPageDto {
  @ApiProperty() after!: string;
}
class V3PagingDto {
  @ApiProperty({ type: V3NextPageDto }) next!: V3NextPageDto;
}

/** `PublicAssociationMulti`: one `{id, type}` per associated record and type; `paging` only when there are more. */
export class V3AssociationMultiDto {
  @ApiProperty({ type: V3ObjectIdDto }) from!: V3ObjectIdDto;
  @ApiProperty({ type: [V3AssociatedIdDto] }) to!: V3AssociatedIdDto[];
  @ApiPropertyOptional({ type: V3PagingDto }) paging?: V3PagingDto;
}

/** `BatchResponsePublicAssociationMulti` (200) / `…WithErrors` (207). */
export class V3AssociationMultiBatchDto extends V3BatchEnvelopeDto {
  @ApiProperty({ type: [V3AssociationMultiDto] }) results!: V3AssociationMultiDto[];
}
