import type { Readable } from 'node:stream';
import { Query } from '@nestjs/cqrs';
import type { AuditEventFilter } from '../audit-log/audit-event.filter';

/** The account's log after `after`, narrowed by `filter`, as a CSV byte stream read while it is sent. */
export class ExportAuditEventsQuery extends Query<Readable> {
  constructor(
    readonly accountId: string,
    readonly filter: AuditEventFilter,
    readonly after?: bigint,
  ) {
    super();
  }
}
