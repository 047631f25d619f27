import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** HubSpot error categories this service emits (see docs/api-errors.md). */
export const ERROR_CATEGORIES = [
  'VALIDATION_ERROR',
  'INVALID_AUTHENTICATION',
  'MISSING_SCOPES',
  'OBJECT_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITS',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** The body of every error response: HubSpot's `Error` model. */
export class HubSpotErrorResponseDto {
  @ApiProperty({ enum: ['error'], example: 'error' })
  status!: 'error';

  @ApiProperty({ example: 'Invalid JSON input: Unexpected token } in JSON at position 10' })
  message!: string;

  @ApiProperty({ description: 'Echoes the X-Correlation-Id response header; quote it when reporting a problem.' })
  correlationId!: string;

  @ApiProperty({ enum: ERROR_CATEGORIES })
  category!: ErrorCategory;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Details that depend on the error.' })
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['TEN_SECONDLY_ROLLING'], description: 'On 429 only; the HubSpot SDK retries on it.' })
  policyName?: string;
}
