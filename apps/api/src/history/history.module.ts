import { Module } from '@nestjs/common';
import { AssociationHistoryController } from './association-history.controller';
import { GetAssociationHistoryQueryHandler } from './get-association-history/get-association-history.query-handler';
import { GetLabelDetailsQueryHandler } from './get-label-details/get-label-details.query-handler';
import { GetLabelHistoryQueryHandler } from './get-label-history/get-label-history.query-handler';
import { LabelHistoryController } from './label-history.controller';
import { LabelKeyResolver } from './label-key.resolver';

/** Label details and history by typeId or internal name (DESIGN.md §2 History, §3 Stable keys). */
@Module({
  controllers: [LabelHistoryController, AssociationHistoryController],
  providers: [
    LabelKeyResolver,
    GetLabelDetailsQueryHandler,
    GetLabelHistoryQueryHandler,
    GetAssociationHistoryQueryHandler,
  ],
})
export class HistoryModule {}
