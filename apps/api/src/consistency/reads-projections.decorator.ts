import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiQuery } from '@nestjs/swagger';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';

export const READS_PROJECTIONS = 'consistency:readsProjections';

/**
 * The query route reads these projections. A client that sends `X-Min-Position` (or `?minPosition=`) gets an answer
 * only once all of them have passed that position, or, after READ_YOUR_WRITES_TIMEOUT_MS, what they have with
 * `X-Stale: true` (see `ReadYourWritesInterceptor`).
 */
export const ReadsProjections = (...projections: [string, ...string[]]) =>
  applyDecorators(
    SetMetadata(READS_PROJECTIONS, projections),
    ApiHeader({
      name: 'X-Min-Position',
      required: false,
      description:
        "Wait (bounded) until the read models have passed this global position (a command's X-Event-Position). " +
        'If they have not in time, the answer carries X-Stale: true and may miss those writes.',
    }),
    ApiQuery({ name: 'minPosition', required: false, type: String, description: 'Same as X-Min-Position' }),
    ApiBadRequestResponse({
      type: HubSpotErrorResponseDto,
      description: 'X-Min-Position or minPosition is not a non-negative decimal integer',
    }),
  );
