import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { eventSchemaCatalogue } from '@app/runtime/events/event-contract';
import { decodeCursor } from './contract/event-cursor';
import { EventFeedService } from './event-feed.service';
import { EventStreamQueryDto, EventsPageQueryDto } from './events.request.dto';
import type { FeedPage } from './feed/feed-page.reader';

/**
 * The account's public events for downstream consumers (issue 7): the contract's JSON Schemas, pages by cursor, and
 * a live Server-Sent Events stream. Internal bookkeeping events are never shown here (the audit log has them).
 */
@ApiTags('events')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'Roles consumer, auditor or super_admin only' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'A query parameter or the cursor is invalid' })
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly feed: EventFeedService) {}

  @Get('schemas')
  @Roles('consumer', 'auditor', 'super_admin')
  @ApiOperation({ summary: 'The public event contract: the envelope and each event type’s data, per schema version' })
  @ApiOkResponse({ description: '`{ envelope, events: [{ type, area, schemaVersion, current, schema }] }`' })
  schemas(): ReturnType<typeof eventSchemaCatalogue> {
    return eventSchemaCatalogue();
  }

  @Get()
  @Roles('consumer', 'auditor', 'super_admin')
  @ApiOperation({
    summary: "A page of the account's public events after a cursor",
    description:
      '`paging.next.after` is always present: continue from it now when `hasMore`, else poll again later. A page ' +
      'scans a bounded stretch of the log, so a narrow filter may answer a short or empty page with `hasMore`.',
  })
  @ApiOkResponse({ description: '`{ results: envelope[], paging: { next: { after } }, hasMore }`' })
  async page(@CurrentPrincipal() principal: Principal, @Query() query: EventsPageQueryDto): Promise<FeedPage> {
    const after = decodeCursor(query.after, 'after');
    const filter = await this.feed.filter(principal.accountId, query);
    return this.feed.page(principal.accountId, filter, after, query.limit);
  }

  @Get('stream')
  @Roles('consumer', 'auditor', 'super_admin')
  @ApiOperation({
    summary: "Server-Sent Events of the account's public events: catch-up from a cursor, then live",
    description:
      'Frames: `id: <cursor>` `event: <type>` `data: <envelope>` per event; `event: heartbeat` (its `id` is the ' +
      'cursor of the last event looked at); `event: disconnect` with `{ reason, resumeAfter }` before the server ends ' +
      'the stream (SLOW_CONSUMER, SERVER_CLOSING, ERROR). Reconnect with `Last-Event-ID` or `after`.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'A cursor; wins over `after`' })
  @ApiProduces('text/event-stream')
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EventStreamQueryDto,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> {
    const after =
      lastEventId !== undefined && lastEventId !== ''
        ? decodeCursor(lastEventId, 'Last-Event-ID')
        : decodeCursor(query.after, 'after');
    const filter = await this.feed.filter(principal.accountId, query);
    // Everything that can answer 4xx has run: from here the response is the stream.
    reply.hijack();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) headers[name] = String(value);
    reply.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    await this.feed.stream(reply.raw, principal.accountId, filter, after);
  }
}
