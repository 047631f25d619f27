import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BatchItemErrorDto } from '../errors/batch-item-error.dto';
import { SimplePublicObjectDto } from './record.response.dto';

/** HubSpot's `SimplePublicUpsertObject`: a record, and whether the upsert created it. */
export class SimplePublicUpsertObjectDto extends SimplePublicObjectDto {
  @ApiProperty({ description: 'True when the input created the record' })
  new!: boolean;
}

class RecordBatchEnvelopeDto {
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE'], example: 'COMPLETE' }) status!: 'COMPLETE';
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiPropertyOptional({ description: 'Only when some inputs failed (207)', example: 1 }) numErrors?: number;
  @ApiPropertyOptional({ type: [BatchItemErrorDto], description: 'Only when some inputs failed (207)' })
  errors?: BatchItemErrorDto[];
}

/** HubSpot's `BatchResponseSimplePublicObject` (and `…WithErrors` on a 207). */
export class SimplePublicObjectBatchDto extends RecordBatchEnvelopeDto {
  @ApiProperty({ type: [SimplePublicObjectDto] }) results!: SimplePublicObjectDto[];
}

/** HubSpot's `BatchResponseSimplePublicUpsertObject` (and `…WithErrors` on a 207). */
export class SimplePublicUpsertObjectBatchDto extends RecordBatchEnvelopeDto {
  @ApiProperty({ type: [SimplePublicUpsertObjectDto] }) results!: SimplePublicUpsertObjectDto[];
}

class SearchNextPageDto {
  @ApiProperty({ description: 'Pass as `after` for the next page (an offset into the matches)', example: '10' })
  after!: string;
}
class SearchPagingDto {
  @ApiProperty({ type: SearchNextPageDto }) next!: SearchNextPageDto;
}

/** HubSpot's `CollectionResponseWithTotalSimplePublicObjectForwardPaging`. */
export class RecordSearchPageDto {
  @ApiProperty({ description: 'How many records match, over all pages' }) total!: number;
  @ApiProperty({ type: [SimplePublicObjectDto] }) results!: SimplePublicObjectDto[];
  @ApiPropertyOptional({ type: SearchPagingDto, description: 'Only when there are more matches' })
  paging?: SearchPagingDto;
}

/** Request bodies, for the API docs only: the controller checks them by hand (malformed → 400 before any write). */
const PROPERTIES = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { email: 'ada@example.com', firstname: 'Ada' },
} as const;

class CreateRecordBatchItemDto {
  @ApiProperty(PROPERTIES) properties!: Record<string, string>;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'As on the single creation: `[{to: {id}, types: [AssociationSpec]}]`',
  })
  associations?: unknown[];
  @ApiPropertyOptional() objectWriteTraceId?: string;
}
export class CreateRecordBatchInputDto {
  @ApiProperty({ type: [CreateRecordBatchItemDto], minItems: 1, maxItems: 100 }) inputs!: CreateRecordBatchItemDto[];
}

class RecordIdInputDto {
  @ApiProperty({ example: '101' }) id!: string;
}
export class ReadRecordBatchInputDto {
  @ApiProperty({ type: [RecordIdInputDto], minItems: 1, maxItems: 100 }) inputs!: RecordIdInputDto[];
  @ApiProperty({ type: [String], description: 'Properties to answer (default: the type’s defaults)' })
  properties!: string[];
  @ApiProperty({ type: [String], description: 'Accepted; no property history is answered' })
  propertiesWithHistory!: string[];
  @ApiPropertyOptional({ description: 'email (contacts), domain (companies); the ids are then its values' })
  idProperty?: string;
}
export class ArchiveRecordBatchInputDto {
  @ApiProperty({ type: [RecordIdInputDto], minItems: 1, maxItems: 100 }) inputs!: RecordIdInputDto[];
}

class UpdateRecordBatchItemDto {
  @ApiProperty({ example: '101', description: 'A record id, or with idProperty its unique value' }) id!: string;
  @ApiPropertyOptional({ description: 'email (contacts), domain (companies); required on upsert' })
  idProperty?: string;
  @ApiProperty(PROPERTIES) properties!: Record<string, string>;
  @ApiPropertyOptional() objectWriteTraceId?: string;
}
export class UpdateRecordBatchInputDto {
  @ApiProperty({ type: [UpdateRecordBatchItemDto], minItems: 1, maxItems: 100 }) inputs!: UpdateRecordBatchItemDto[];
}

class SearchFilterDto {
  @ApiProperty({ example: 'email' }) propertyName!: string;
  @ApiProperty({ enum: ['EQ', 'NEQ', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'] }) operator!: string;
  @ApiPropertyOptional({ description: 'EQ, NEQ' }) value?: string;
  @ApiPropertyOptional({ type: [String], description: 'IN, NOT_IN' }) values?: string[];
}
class SearchFilterGroupDto {
  @ApiProperty({ type: [SearchFilterDto], minItems: 1, maxItems: 6 }) filters!: SearchFilterDto[];
}
class SearchSortDto {
  @ApiProperty() propertyName!: string;
  @ApiPropertyOptional({ enum: ['ASCENDING', 'DESCENDING'] }) direction?: string;
}
export class RecordSearchRequestDto {
  @ApiPropertyOptional({
    type: [SearchFilterGroupDto],
    maxItems: 5,
    description: 'Filters in a group are ANDed, groups ORed; at most 18 filters in all',
  })
  filterGroups?: SearchFilterGroupDto[];
  @ApiPropertyOptional({ type: [SearchSortDto], description: 'Or strings: `name` ascending, `-name` descending' })
  sorts?: SearchSortDto[];
  @ApiPropertyOptional({ description: "Case-insensitive text within the type's display properties" })
  query?: string;
  @ApiPropertyOptional({ type: [String] }) properties?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 10 }) limit?: number;
  @ApiPropertyOptional({ description: 'paging.next.after of the previous page' }) after?: string;
}
