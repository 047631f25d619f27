import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
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
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { AuditFilterResolver } from './audit-filter.resolver';
import { AuditEventsQueryDto } from './audit-events.request.dto';
import { AuditEventsResponseDto } from './audit-events.response.dto';
import { ExportAuditEventsQuery } from './export-audit-events/export-audit-events.query';
import { GetAuditEventsQuery } from './get-audit-events/get-audit-events.query';

const CSV = 'text/csv';

/**
 * The account audit log (issue 6 item 5): every event of the caller's account, in log order, with its metadata.
 * JSON pages by position, or the whole log (after `after`) streamed as CSV with `Accept: text/csv`.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'Only auditors and super admins read the log' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'A query parameter is invalid' })
@Controller('api/v1/audit')
export class AuditEventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly filters: AuditFilterResolver,
  ) {}

  @Get('events')
  @Roles('auditor', 'super_admin')
  @ApiOperation({
    summary: "The account's event log with metadata, filtered by type, actor, time and record",
    description:
      'Internal bookkeeping events (command receipts, id reservations, unique-value claims) are shown too: the log ' +
      'is the event store, whole. A page scans a bounded stretch of the log; follow `paging.next.after` until it is ' +
      'absent. With `Accept: text/csv` the answer is every matching event after `after` up to the end of the log ' +
      'when the export starts, streamed (no `limit`, no paging).',
  })
  @ApiHeader({ name: 'Accept', required: false, description: `application/json (default) or ${CSV}` })
  @ApiProduces('application/json', CSV)
  @ApiOkResponse({ type: AuditEventsResponseDto })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditEventsQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<AuditEventsResponseDto | StreamableFile> {
    const filter = await this.filters.resolve(principal.accountId, query);
    const after = query.after === undefined ? undefined : BigInt(query.after);
    if (accept?.toLowerCase().includes(CSV)) {
      const stream = await this.queries.execute(new ExportAuditEventsQuery(principal.accountId, filter, after));
      return new StreamableFile(stream, {
        type: `${CSV}; charset=utf-8`,
        disposition: `attachment; filename="audit-events-${principal.accountId}.csv"`,
      });
    }
    return this.queries.execute(new GetAuditEventsQuery(principal.accountId, filter, { after, limit: query.limit }));
  }
}
