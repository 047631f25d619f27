import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** HubSpot's `SimplePublicObject` (and `…WithAssociations`, whose associations are not served yet). */
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
