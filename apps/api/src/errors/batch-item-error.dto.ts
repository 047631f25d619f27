import { ApiProperty } from '@nestjs/swagger';

/** HubSpot's `StandardError`: one failed input of a batch. */
export class BatchItemErrorDto {
  @ApiProperty({ example: 'error' })
  status!: string;

  @ApiProperty({ example: 'VALIDATION_ERROR' })
  category!: string;

  @ApiProperty({ example: 'Limit 11 for association type 1000 is invalid: it must be between 1 and 10' })
  message!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { code: ['INVALID_LABEL_LIMIT'], typeId: ['1000'] },
  })
  context!: Record<string, string[]>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: {} })
  links!: Record<string, string>;

  @ApiProperty({ type: [Object], example: [] })
  errors!: unknown[];
}
