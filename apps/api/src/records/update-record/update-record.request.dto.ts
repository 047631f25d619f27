import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

/** HubSpot's `SimplePublicObjectInput`. */
export class UpdateRecordRequestDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'The properties to change; an empty string or null clears one',
    example: { firstname: 'Bo' },
  })
  @IsObject()
  properties!: Record<string, unknown>;
}
