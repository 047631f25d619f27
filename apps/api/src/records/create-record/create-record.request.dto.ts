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
    items: { type: 'object' },
    description: 'Associations to create with the record: not supported yet (a non-empty list is a 400)',
  })
  @IsOptional()
  @IsArray()
  associations?: unknown[];
}
