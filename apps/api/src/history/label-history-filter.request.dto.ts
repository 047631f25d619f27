import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LABEL_HISTORY_EVENT_TYPES, type LabelHistoryFilter } from '@app/read-models';
import { AppException } from '../errors/app.exception';
import { LabelHistoryQueryDto } from './label-key.request.dto';
import { commaList } from '../http/comma-list.transform';

/** The label history route's query: paging, the pair that narrows a name, and filters that compose with paging. */
export class LabelHistoryFilterQueryDto extends LabelHistoryQueryDto {
  @ApiPropertyOptional({
    description: 'Change types, comma-separated or repeated; any of them',
    enum: LABEL_HISTORY_EVENT_TYPES,
    example: 'LabelRenamed,LabelLimitChanged',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(LABEL_HISTORY_EVENT_TYPES.length)
  @IsIn(LABEL_HISTORY_EVENT_TYPES, {
    each: true,
    message: `type must be among ${LABEL_HISTORY_EVENT_TYPES.join(', ')}`,
  })
  type?: string[];

  @ApiPropertyOptional({ description: 'Who made the change: a user id or process name, exactly', example: 'u1' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Changes at or after this ISO-8601 time', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Changes before this ISO-8601 time', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;
}

export function labelHistoryFilterOf(query: LabelHistoryFilterQueryDto): LabelHistoryFilter {
  const from = query.from === undefined ? undefined : Date.parse(query.from);
  const to = query.to === undefined ? undefined : Date.parse(query.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new AppException('VALIDATION_FAILED', `Invalid input: from (${query.from}) must be before to (${query.to})`, {
      fields: { from: ['must be before to'] },
    });
  }
  const filter: LabelHistoryFilter = {};
  if (query.type !== undefined && query.type.length > 0) filter.types = query.type;
  if (query.actor !== undefined) filter.actor = query.actor;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return filter;
}
