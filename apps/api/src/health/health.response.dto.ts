import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const PHASES = ['starting', 'waiting-for-lease', 'catching-up', 'live', 'retrying', 'failed', 'stopped', 'external'];

export class StoreHealthDto {
  @ApiProperty({ example: 'sqlite' })
  store!: string;

  @ApiProperty()
  reachable!: boolean;
}

export class ProjectionErrorDto {
  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ description: 'Global position of the event the projection failed on' })
  position?: string;

  @ApiPropertyOptional()
  eventId?: string;

  @ApiPropertyOptional()
  eventType?: string;

  @ApiProperty()
  attempts!: number;
}

export class ProjectionHealthDto {
  @ApiProperty({ example: 'account-stats' })
  name!: string;

  @ApiProperty({
    enum: PHASES,
    description: '`external`: apps/projector runs it (PROJECTIONS=off); `failed`: stopped on a poison event',
  })
  phase!: string;

  @ApiProperty({ description: 'The generation queries read (blue/green rebuilds switch it)' })
  generation!: number;

  @ApiProperty({ description: 'Global position the projection has passed (decimal)', example: '1234' })
  checkpoint!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Events after the checkpoint (counted up to 100,000)' })
  lagEvents!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Age in seconds of the oldest event not yet passed' })
  lagSeconds!: number | null;

  @ApiPropertyOptional({ type: ProjectionErrorDto })
  error?: ProjectionErrorDto;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ type: StoreHealthDto })
  eventStore!: StoreHealthDto;

  @ApiProperty({ type: StoreHealthDto })
  readModels!: StoreHealthDto;

  @ApiProperty({ type: ProjectionHealthDto, isArray: true })
  projections!: ProjectionHealthDto[];
}
