import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { LabelKeyQueryDto } from '../../history/label-key.request.dto';

export class LabelUsageHistoryQueryDto extends LabelKeyQueryDto {
  @ApiPropertyOptional({ description: 'First day (inclusive, UTC): a date or a time', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day (inclusive, UTC): a date or a time', example: '2026-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or time' })
  to?: string;
}

export class UsageDayDto {
  @ApiProperty({ example: '2026-03-01' }) date!: string;
  @ApiProperty({ description: 'Associations that gained the label that day', example: 40 }) added!: number;
  @ApiProperty({ description: 'Associations that lost it (unlabeled, removed, archived)', example: 3 })
  removed!: number;
  @ApiProperty({ description: 'Associations carrying the label at the end of the day', example: 120 }) total!: number;
}

export class LabelUsageHistoryResponseDto {
  @ApiProperty({ example: 1000 }) typeId!: number;
  @ApiProperty({ type: [UsageDayDto], description: 'Days with a change, oldest first' }) results!: UsageDayDto[];
}
