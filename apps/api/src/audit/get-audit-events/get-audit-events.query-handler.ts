import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { readAuditPage, type AuditPage } from '../audit-log/audit-log.reader';
import { GetAuditEventsQuery } from './get-audit-events.query';

/** The audit log is the event store: read straight from it, so it never lags behind the writes. */
@QueryHandler(GetAuditEventsQuery)
export class GetAuditEventsQueryHandler implements IQueryHandler<GetAuditEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ accountId, filter, page }: GetAuditEventsQuery): Promise<AuditPage> {
    return readAuditPage(this.store, accountId, filter, page);
  }
}
