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
