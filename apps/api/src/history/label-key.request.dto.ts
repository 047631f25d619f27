import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LABEL_HISTORY_DEFAULT_LIMIT, LABEL_HISTORY_MAX_LIMIT } from '@app/read-models';

/** Narrows an internal name to one object pair's direction (names are unique per pair only). */
export class LabelKeyQueryDto {
  @ApiPropertyOptional({ description: 'From object type: name or id (e.g. contacts, 0-1)', example: 'contacts' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  fromObjectType?: string;

  @ApiPropertyOptional({ description: 'To object type: name or id (e.g. companies, 0-2)', example: 'companies' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  toObjectType?: string;
}

export class LabelHistoryQueryDto extends LabelKeyQueryDto {
  @ApiPropertyOptional({
    description: "The previous page's `paging.next.after`: the last position it showed (decimal)",
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a non-negative decimal integer (a position)' })
  after?: string;

  @ApiPropertyOptional({
    description: 'Entries per page',
    default: LABEL_HISTORY_DEFAULT_LIMIT,
    minimum: 1,
    maximum: LABEL_HISTORY_MAX_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LABEL_HISTORY_MAX_LIMIT)
  limit?: number;
}
