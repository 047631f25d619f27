import { Module } from '@nestjs/common';
import { LabelKeyResolver } from '../history/label-key.resolver';
import { AuditEventsController } from './audit-events.controller';
import { AuditFilterResolver } from './audit-filter.resolver';
import { ExportAuditEventsQueryHandler } from './export-audit-events/export-audit-events.query-handler';
import { GetAuditEventsQueryHandler } from './get-audit-events/get-audit-events.query-handler';
import { GetLabelUsageQueryHandler } from './get-label-usage/get-label-usage.query-handler';
import { GetLabelUsageHistoryQueryHandler } from './get-label-usage-history/get-label-usage-history.query-handler';
import { LabelUsageController } from './label-usage.controller';

/** The account audit log (the event store, read by account) and where-used of labels (issue 6 items 4 and 5). */
@Module({
  controllers: [AuditEventsController, LabelUsageController],
  providers: [
    AuditFilterResolver,
    LabelKeyResolver,
    GetAuditEventsQueryHandler,
    ExportAuditEventsQueryHandler,
    GetLabelUsageQueryHandler,
    GetLabelUsageHistoryQueryHandler,
  ],
})
export class AuditModule {}
