import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  ASSOCIATION_HISTORY_DEFAULT_LIMIT,
  ASSOCIATION_HISTORY_ENTRY_TYPES,
  ASSOCIATION_HISTORY_MAX_LIMIT,
  type AssociationHistoryEntryType,
} from '@app/read-models';

/** `type=a,b` or `type=a&type=b`. */
const list = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));

export class AssociationHistoryQueryDto {
  @ApiPropertyOptional({
    description: "The previous page's `paging.next.after`: the last position it showed (decimal)",
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a non-negative decimal integer (a position)' })
  after?: string;

  @ApiPropertyOptional({
    description: 'Entries per page',
    default: ASSOCIATION_HISTORY_DEFAULT_LIMIT,
    minimum: 1,
    maximum: ASSOCIATION_HISTORY_MAX_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ASSOCIATION_HISTORY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Only changes of these types (comma-separated)',
    enum: ASSOCIATION_HISTORY_ENTRY_TYPES,
    isArray: true,
    example: 'CREATED,LABELS_SET',
  })
  @IsOptional()
  @Transform(list)
  @IsIn(ASSOCIATION_HISTORY_ENTRY_TYPES, {
    each: true,
    message: `type must be among ${ASSOCIATION_HISTORY_ENTRY_TYPES.join(', ')}`,
  })
  type?: AssociationHistoryEntryType[];

  @ApiPropertyOptional({
    description: 'Only changes by this user id (or process, e.g. process-manager:archive-cascade)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  actor?: string;

  @ApiPropertyOptional({ description: 'Only changes recorded at or after this time (ISO 8601)', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Only changes recorded before this time (ISO 8601)', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time' })
  to?: string;
}
