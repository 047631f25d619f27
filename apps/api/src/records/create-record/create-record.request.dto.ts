import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';

/** HubSpot's `SimplePublicObjectInputForCreate`. */
export class CreateRecordRequestDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Property values (numbers and booleans are taken as strings)',
    example: { email: 'ada@example.com', firstname: 'Ada' },
  })
  @IsObject()
  properties!: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        to: { type: 'object', properties: { id: { type: 'string' } } },
        types: {
          type: 'array',
          items: {
            type: 'object',
            properties: { associationCategory: { type: 'string' }, associationTypeId: { type: 'integer' } },
          },
        },
      },
    },
    description:
      'Associations to set after the record is created, as the labeled PUT does; the `to` object type follows ' +
      "from the typeIds' direction. Validated before anything is written (unknown typeId or `to` record: 400)",
  })
  @IsOptional()
  @IsArray()
  associations?: unknown[];
}
