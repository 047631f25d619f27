import { BatchItemErrorDto } from '../errors/batch-item-error.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `LabelsBetweenObjectPair` (hubspot-v4-api.md §3). */
export class LabelsBetweenObjectPairDto {
  @ApiProperty({ example: '0-1' }) fromObjectTypeId!: string;
  @ApiProperty({ example: 101 }) fromObjectId!: number;
  @ApiProperty({ example: '0-2' }) toObjectTypeId!: string;
  @ApiProperty({ example: 9001 }) toObjectId!: number;
  @ApiProperty({ type: [String], description: 'Label texts; the unlabeled type contributes nothing' })
  labels!: string[];
}

export class AssociationSpecDto {
  @ApiProperty({ enum: ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'] }) associationCategory!: string;
  @ApiProperty() associationTypeId!: number;
}

class PublicObjectIdDto {
  @ApiProperty() id!: string;
}

export class PublicDefaultAssociationDto {
  @ApiProperty({ type: PublicObjectIdDto }) from!: PublicObjectIdDto;
  @ApiProperty({ type: PublicObjectIdDto }) to!: PublicObjectIdDto;
  @ApiProperty({ type: AssociationSpecDto }) associationSpec!: AssociationSpecDto;
}

/** `BatchResponsePublicDefaultAssociation`. */
export class BatchResponsePublicDefaultAssociationDto {
  @ApiProperty({ enum: ['COMPLETE'] }) status!: 'COMPLETE';
  @ApiProperty({ type: [PublicDefaultAssociationDto] }) results!: PublicDefaultAssociationDto[];
  @ApiProperty() startedAt!: string;
  @ApiProperty() completedAt!: string;
}

export class AssociationSpecWithLabelDto {
  @ApiProperty({ enum: ['HUBSPOT_DEFINED', 'USER_DEFINED'] }) category!: string;
  @ApiProperty() typeId!: number;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
}

export class MultiAssociatedObjectWithLabelDto {
  @ApiProperty() toObjectId!: number;
  @ApiProperty({ type: [AssociationSpecWithLabelDto] }) associationTypes!: AssociationSpecWithLabelDto[];
}

class NextPageDto {
  @ApiProperty() after!: string;
}
class ForwardPagingDto {
  @ApiProperty({ type: NextPageDto }) next!: NextPageDto;
}

/** `CollectionResponseMultiAssociatedObjectWithLabelForwardPaging`; `paging` only when there are more. */
export class MultiAssociatedObjectPageDto {
  @ApiProperty({ type: [MultiAssociatedObjectWithLabelDto] }) results!: MultiAssociatedObjectWithLabelDto[];
  @ApiPropertyOptional({ type: ForwardPagingDto }) paging?: ForwardPagingDto;
}

class AssociationBatchEnvelopeDto {
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE'], example: 'COMPLETE' }) status!: 'COMPLETE';
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiPropertyOptional({ description: 'Only when some inputs failed', example: 1 }) numErrors?: number;
  @ApiPropertyOptional({ type: [BatchItemErrorDto], description: 'Only when some inputs failed' })
  errors?: BatchItemErrorDto[];
}

/** `BatchResponseLabelsBetweenObjectPair` (201) / `…WithErrors` (207). */
export class LabelsBetweenObjectPairBatchDto extends AssociationBatchEnvelopeDto {
  @ApiProperty({ type: [LabelsBetweenObjectPairDto] }) results!: LabelsBetweenObjectPairDto[];
}

/** `BatchResponsePublicDefaultAssociation`: always 200, failed inputs in `errors`. */
export class DefaultAssociationBatchDto extends AssociationBatchEnvelopeDto {
  @ApiProperty({ type: [PublicDefaultAssociationDto] }) results!: PublicDefaultAssociationDto[];
}

class PreviousPageDto {
  @ApiProperty() before!: string;
}
class PagingDto {
  @ApiPropertyOptional({ type: NextPageDto }) next?: NextPageDto;
  @ApiPropertyOptional({ type: PreviousPageDto }) prev?: PreviousPageDto;
}

/** `PublicAssociationMultiWithLabel`: one input's associated records; `paging` only when there are more. */
export class PublicAssociationMultiWithLabelDto {
  @ApiProperty({ type: PublicObjectIdDto }) from!: PublicObjectIdDto;
  @ApiProperty({ type: [MultiAssociatedObjectWithLabelDto] }) to!: MultiAssociatedObjectWithLabelDto[];
  @ApiPropertyOptional({ type: PagingDto }) paging?: PagingDto;
}

/** `BatchResponsePublicAssociationMultiWithLabel` (200) / `…WithErrors` (207). */
export class AssociationMultiWithLabelBatchDto extends AssociationBatchEnvelopeDto {
  @ApiProperty({ type: [PublicAssociationMultiWithLabelDto] }) results!: PublicAssociationMultiWithLabelDto[];
}

/** Request bodies, for the API docs only: the controller checks them by hand (malformed → 400 before any write). */
class ObjectIdInputDto {
  @ApiProperty({ example: '101' }) id!: string;
}
class AssociationMultiPostDto {
  @ApiProperty({ type: ObjectIdInputDto }) from!: ObjectIdInputDto;
  @ApiProperty({ type: ObjectIdInputDto }) to!: ObjectIdInputDto;
  @ApiProperty({ type: [AssociationSpecDto] }) types!: AssociationSpecDto[];
}
export class AssociationMultiPostBatchInputDto {
  @ApiProperty({ type: [AssociationMultiPostDto], minItems: 1 }) inputs!: AssociationMultiPostDto[];
}
class DefaultAssociationMultiPostDto {
  @ApiProperty({ type: ObjectIdInputDto }) from!: ObjectIdInputDto;
  @ApiProperty({ type: ObjectIdInputDto }) to!: ObjectIdInputDto;
}
export class DefaultAssociationBatchInputDto {
  @ApiProperty({ type: [DefaultAssociationMultiPostDto], minItems: 1 }) inputs!: DefaultAssociationMultiPostDto[];
}
class AssociationMultiArchiveDto {
  @ApiProperty({ type: ObjectIdInputDto }) from!: ObjectIdInputDto;
  @ApiProperty({ type: [ObjectIdInputDto] }) to!: ObjectIdInputDto[];
}
export class AssociationMultiArchiveBatchInputDto {
  @ApiProperty({ type: [AssociationMultiArchiveDto], minItems: 1 }) inputs!: AssociationMultiArchiveDto[];
}
class FetchAssociationsRequestDto {
  @ApiProperty({ example: '101' }) id!: string;
  @ApiPropertyOptional({ description: 'paging.next.after of a previous read of this id' }) after?: string;
}
export class FetchAssociationsBatchInputDto {
  @ApiProperty({ type: [FetchAssociationsRequestDto], minItems: 1, maxItems: 1000 })
  inputs!: FetchAssociationsRequestDto[];
}

/** The native add/remove-labels routes' body. */
export class AssociationLabelsRequestDto {
  @ApiProperty({ type: [AssociationSpecDto], minItems: 1 }) types!: AssociationSpecDto[];
}
