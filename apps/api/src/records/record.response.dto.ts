import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** HubSpot's `AssociatedId`: an associated record and one v3 association type string. */
export class AssociatedIdDto {
  @ApiProperty({ example: '201' })
  id!: string;

  @ApiProperty({ description: "The type's internal name", example: 'contact_to_company_unlabeled' })
  type!: string;
}

/** HubSpot's `CollectionResponseAssociatedId`. */
export class AssociatedIdsDto {
  @ApiProperty({ type: [AssociatedIdDto] })
  results!: AssociatedIdDto[];

  @ApiPropertyOptional({
    type: 'object',
    properties: { next: { type: 'object', properties: { after: { type: 'string' } } } },
    description: 'Only when the record has more associated records of the type than shown',
  })
  paging?: { next: { after: string } };
}

/** Keyed by the object type name as the request gave it. */
export type RecordAssociationsDto = Record<string, AssociatedIdsDto>;

/** HubSpot's `SimplePublicObject` (and `…WithAssociations` on reads that ask for `associations`). */
export class SimplePublicObjectDto {
  @ApiProperty({ description: 'Numeric string, allocated per account', example: '101' })
  id!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Property values as strings; always hs_object_id, createdate and lastmodifieddate',
    example: { email: 'ada@example.com', hs_object_id: '101', createdate: '2026-01-01T10:00:00.000Z' },
  })
  properties!: Record<string, string | null>;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  @ApiProperty()
  archived!: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  archivedAt?: string;

  @ApiPropertyOptional({ description: "Batch writes only: the input's objectWriteTraceId, when it sent one" })
  objectWriteTraceId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('AssociatedIdsDto') },
    description: 'Reads with `associations` only; object types without associated records are left out',
  })
  associations?: RecordAssociationsDto;
}

class NextPageDto {
  @ApiProperty({ description: 'Pass as `after` for the next page', example: '111' })
  after!: string;
}

class ForwardPagingDto {
  @ApiProperty({ type: NextPageDto })
  next!: NextPageDto;
}

/** HubSpot's `CollectionResponseSimplePublicObjectWithAssociationsForwardPaging`. */
export class SimplePublicObjectPageDto {
  @ApiProperty({ type: [SimplePublicObjectDto] })
  results!: SimplePublicObjectDto[];

  @ApiPropertyOptional({ type: ForwardPagingDto, description: 'Only when there are more records' })
  paging?: ForwardPagingDto;
}
