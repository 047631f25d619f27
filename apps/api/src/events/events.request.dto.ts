import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PUBLIC_EVENT_TYPES } from '@app/domain';
import { commaList } from '../http/comma-list.transform';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from './feed/feed-page.reader';

/** The filters both feed routes take. */
export class FeedFilterQueryDto {
  @ApiPropertyOptional({
    description: 'Public event types, comma-separated or repeated; any of them (default: all)',
    example: 'AssociationLabeled,AssociationUnlabeled,AssociationRemoved',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @IsIn(PUBLIC_EVENT_TYPES, {
    each: true,
    message: `types must be public event types: ${PUBLIC_EVENT_TYPES.join(', ')}`,
  })
  types?: string[];

  @ApiPropertyOptional({
    description:
      'Object types (names or ids: contacts, 0-1, 2-7), comma-separated or repeated; events that concern any',
    example: 'contacts,companies',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  objectTypes?: string[];
}

/** `GET /api/v1/events`: a page of public events after a cursor. */
export class EventsPageQueryDto extends FeedFilterQueryDto {
  @ApiPropertyOptional({
    description:
      "A cursor: the previous page's `paging.next.after`, or any event's `cursor`. Exclusive. Default: the start",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'after must be a cursor issued by this feed' })
  after?: string;

  @ApiPropertyOptional({ default: FEED_DEFAULT_LIMIT, minimum: 1, maximum: FEED_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FEED_MAX_LIMIT)
  limit?: number;
}

/** `GET /api/v1/events/stream`: `after`, unless the `Last-Event-ID` header names a cursor. */
export class EventStreamQueryDto extends FeedFilterQueryDto {
  @ApiPropertyOptional({ description: 'A cursor to start after (Last-Event-ID wins when both are given)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'after must be a cursor issued by this feed' })
  after?: string;
}
