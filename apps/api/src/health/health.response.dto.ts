import { ApiProperty } from '@nestjs/swagger';

export class EventStoreHealthDto {
  @ApiProperty({ example: 'sqlite' })
  store!: string;

  @ApiProperty()
  reachable!: boolean;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ type: EventStoreHealthDto })
  eventStore!: EventStoreHealthDto;
}
