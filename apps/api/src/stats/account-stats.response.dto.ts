import { ApiProperty } from '@nestjs/swagger';
import type { AccountStats } from '@app/read-models';

export class AccountStatsResponseDto implements AccountStats {
  @ApiProperty({ example: '1' })
  accountId!: string;

  @ApiProperty({ description: 'Events recorded for the account', example: 42 })
  events!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Global position of its last event (decimal)',
    example: '1234',
  })
  lastPosition!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When its last event was recorded' })
  lastEventAt!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Events per event type',
    example: { LabelCreated: 3 },
  })
  byType!: Record<string, number>;
}
