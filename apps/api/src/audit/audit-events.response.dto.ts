import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntry } from './audit-log/audit-entry';
import type { AuditPage } from './audit-log/audit-log.reader';
import { ForwardPagingDto } from '../history/label-history.response.dto';

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ description: 'Global position (decimal)', example: '42' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ example: 'LabelRenamed' })
  type!: string;

  @ApiProperty({ example: 'label-1.3f2a…' })
  stream!: string;

  @ApiProperty({ description: 'Revision in its stream (decimal, 0-based)', example: '1' })
  revision!: string;

  @ApiProperty({ format: 'date-time', description: 'When the store recorded the event' })
  recordedAt!: string;

  @ApiProperty({ description: 'A user id, or a process name', example: 'u1' })
  actor!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'PUT /crm/v4/associations/:fromObjectType/:toObjectType/labels',
  })
  route!: string | null;

  @ApiProperty()
  commandId!: string;

  @ApiProperty()
  correlationId!: string;

  @ApiProperty()
  causationId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event payload as stored' })
  data!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every metadata field as stored' })
  metadata!: Record<string, unknown>;
}

export class AuditEventsResponseDto implements AuditPage {
  @ApiProperty({ type: [AuditEntryDto], description: 'In log order' })
  results!: AuditEntryDto[];

  @ApiPropertyOptional({
    type: ForwardPagingDto,
    description:
      'Only when the log may hold more. A page scans a bounded stretch of the log, so a narrow filter may answer ' +
      'fewer results than `limit` (even none) with `next`: keep following it until it is absent.',
  })
  paging?: ForwardPagingDto;
}
