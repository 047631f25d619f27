import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LABEL_HISTORY_EVENT_TYPES, type LabelHistoryEntry, type LabelHistoryPage } from '@app/read-models';

export class HistoryActorDto {
  @ApiProperty({ description: 'Who made the change: a user id, or a process name', example: 'u1' })
  userId!: string;
}

export class LabelHistoryEntryDto implements LabelHistoryEntry {
  @ApiProperty({ description: 'Global position of the change (decimal)', example: '42' })
  position!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: HistoryActorDto })
  actor!: HistoryActorDto;

  @ApiProperty({ enum: LABEL_HISTORY_EVENT_TYPES, example: 'LabelRenamed' })
  type!: LabelHistoryEntry['type'];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Values before the change (null on creation)',
    example: { label: 'Manager', inverseLabel: 'Employee' },
  })
  before!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Values after the change (the whole definition on creation)',
    example: { label: 'Boss', inverseLabel: 'Employee' },
  })
  after!: Record<string, unknown>;

  @ApiProperty()
  commandId!: string;

  @ApiProperty()
  correlationId!: string;
}

export class NextPageDto {
  @ApiProperty({ example: '42' })
  after!: string;
}

export class ForwardPagingDto {
  @ApiProperty({ type: NextPageDto })
  next!: NextPageDto;
}

export class LabelHistoryResponseDto implements LabelHistoryPage {
  @ApiProperty({ type: [LabelHistoryEntryDto], description: 'Oldest first' })
  results!: LabelHistoryEntryDto[];

  @ApiPropertyOptional({ type: ForwardPagingDto, description: 'Only when there are more entries' })
  paging?: ForwardPagingDto;
}
