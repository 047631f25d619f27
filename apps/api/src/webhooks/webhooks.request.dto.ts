import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_SUBSCRIPTION_TYPES } from '@app/domain';

/** `POST /api/v1/webhooks`. */
export class CreateWebhookRequestDto {
  @ApiProperty({
    description: 'Where deliveries are POSTed (http or https; public addresses only)',
    example: 'https://hooks.example.com/crm',
  })
  @IsString()
  @MaxLength(2000)
  targetUrl!: string;

  @ApiProperty({
    description: `Subscription types: HubSpot's associationChange, associationLabelChange, or public event types`,
    example: ['associationChange'],
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_SUBSCRIPTION_TYPES, {
    each: true,
    message: `eventTypes must be among: ${WEBHOOK_SUBSCRIPTION_TYPES.join(', ')}`,
  })
  eventTypes!: string[];

  @ApiPropertyOptional({ description: 'Only events that concern these object types (names or ids)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  objectTypes?: string[];
}
