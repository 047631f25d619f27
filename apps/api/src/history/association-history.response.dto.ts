import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssociationRemovalReason, LabelCategory } from '@app/domain';
import {
  ASSOCIATION_HISTORY_ENTRY_TYPES,
  type AssociationHistoryEntry,
  type AssociationHistoryLabel,
  type AssociationHistoryPage,
} from '@app/read-models';
import { ForwardPagingDto, HistoryActorDto } from './label-history.response.dto';

export class AssociationHistoryLabelDto implements AssociationHistoryLabel {
  @ApiProperty({ example: 1000 })
  typeId!: number;

  @ApiProperty({ enum: ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'], nullable: true })
  category!: LabelCategory | null;

  @ApiProperty({ nullable: true, description: "The label's last known text; null for the unlabeled type" })
  label!: string | null;
}

export class AssociationHistoryEntryDto implements AssociationHistoryEntry {
  @ApiProperty({ description: 'Global position of the change (decimal)', example: '42' })
  position!: string;

  @ApiProperty({ format: 'date-time', description: 'When the store recorded the change' })
  recordedAt!: string;

  @ApiProperty({ enum: ASSOCIATION_HISTORY_ENTRY_TYPES, example: 'LABELS_SET' })
  type!: AssociationHistoryEntry['type'];

  @ApiPropertyOptional({ enum: ['API', 'UNLABELED_REMOVED', 'RECORD_ARCHIVED'], description: 'Removals only' })
  reason?: AssociationRemovalReason;

  @ApiProperty({ type: [AssociationHistoryLabelDto], description: 'Types the pair carried before (this direction)' })
  before!: AssociationHistoryLabelDto[];

  @ApiProperty({ type: [AssociationHistoryLabelDto], description: 'Types the pair carried after (this direction)' })
  after!: AssociationHistoryLabelDto[];

  @ApiProperty({ type: [Number] })
  added!: number[];

  @ApiProperty({ type: [Number] })
  removed!: number[];

  @ApiProperty({ type: HistoryActorDto })
  actor!: HistoryActorDto;

  @ApiProperty({
    nullable: true,
    description: 'How: the API route, or the process manager for cascades',
    example: 'PUT /crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
  })
  route!: string | null;

  @ApiProperty()
  commandId!: string;

  @ApiProperty()
  correlationId!: string;

  @ApiProperty({ description: 'What caused the change: the request, or the event a process manager reacted to' })
  causationId!: string;
}

export class AssociationHistoryResponseDto implements AssociationHistoryPage {
  @ApiProperty({ type: [AssociationHistoryEntryDto], description: 'Oldest first' })
  results!: AssociationHistoryEntryDto[];

  @ApiPropertyOptional({ type: ForwardPagingDto, description: 'Only when there are more entries' })
  paging?: ForwardPagingDto;
}
