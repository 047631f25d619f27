import { Query } from '@nestjs/cqrs';
import type { AuditEventFilter } from '../audit-log/audit-event.filter';
import type { AuditPage, AuditPageRequest } from '../audit-log/audit-log.reader';

/** One page of the account's log, in order, narrowed by `filter`. */
export class GetAuditEventsQuery extends Query<AuditPage> {
  constructor(
    readonly accountId: string,
    readonly filter: AuditEventFilter,
    readonly page: AuditPageRequest,
  ) {
    super();
  }
}
