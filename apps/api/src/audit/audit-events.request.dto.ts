import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT } from './audit-log/audit-log.reader';
import { commaList } from '../http/comma-list.transform';

/** `GET /api/v1/audit/events`: paging by position and the criteria that narrow the account's log. */
export class AuditEventsQueryDto {
  @ApiPropertyOptional({
    description: "The previous page's `paging.next.after`: a position of the log (decimal); exclusive",
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a non-negative decimal integer (a position)' })
  after?: string;

  @ApiPropertyOptional({
    description: 'Events per page (JSON only; the CSV export has no pages)',
    default: AUDIT_DEFAULT_LIMIT,
    minimum: 1,
    maximum: AUDIT_MAX_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Event types, comma-separated or repeated; any of them',
    example: 'LabelCreated,LabelDeleted',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/, { each: true, message: 'type must be event type names' })
  type?: string[];

  @ApiPropertyOptional({ description: 'Who caused the event: a user id or a process name, exactly', example: 'u1' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after this ISO-8601 time', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before this ISO-8601 time', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Events that concern records of this type: name or id (contacts, 0-1, 2-7)',
    example: 'contacts',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  objectType?: string;

  @ApiPropertyOptional({
    description: 'With objectType: events that concern this record (its streams, or events whose data names it)',
    example: '101',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'objectId must be a record id' })
  objectId?: string;
}
