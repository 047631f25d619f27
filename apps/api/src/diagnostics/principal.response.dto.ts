import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../auth/principal';

export class PrincipalResponseDto {
  @ApiProperty({ example: 'u1' })
  userId!: string;

  @ApiProperty({ example: '1' })
  accountId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
}

export class PingResponseDto {
  @ApiProperty({ example: 'pong' })
  status!: 'pong';

  @ApiProperty({ type: PrincipalResponseDto })
  principal!: PrincipalResponseDto;
}
