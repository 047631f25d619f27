import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** HubSpot's `PublicGdprDeleteInput`. */
export class GdprDeleteRequestDto {
  @ApiProperty({ description: 'The record id, or its unique value when idProperty is given', example: '151' })
  @IsString()
  @Length(1, 512)
  objectId!: string;

  @ApiPropertyOptional({ description: 'email (contacts) or domain (companies); the id when omitted', example: 'email' })
  @IsOptional()
  @IsString()
  idProperty?: string;
}

export class EraseRecordRequestDto {
  @ApiPropertyOptional({
    description: 'Why, as a reference (a ticket or request id) — never personal data; kept in the audit log',
    example: 'DSR-2026-0042',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}

export class ErasedRecordResponseDto {
  @ApiProperty({ example: '0-1' }) objectTypeId!: string;
  @ApiProperty({ example: '151' }) id!: string;
  @ApiProperty({ example: true }) erased!: true;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) erasedAt!: string;
}
