import type { Readable } from 'node:stream';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { auditCsvStream } from '../audit-log/audit-log.reader';
import { ExportAuditEventsQuery } from './export-audit-events.query';

@QueryHandler(ExportAuditEventsQuery)
export class ExportAuditEventsQueryHandler implements IQueryHandler<ExportAuditEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ accountId, filter, after }: ExportAuditEventsQuery): Promise<Readable> {
    return auditCsvStream(this.store, accountId, filter, after);
  }
}
