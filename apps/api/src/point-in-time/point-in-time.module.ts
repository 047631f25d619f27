import { Module } from '@nestjs/common';
import { AsOfResolver } from './as-of.resolver';
import { GetAssociationsAsOfQueryHandler } from './get-associations-as-of/get-associations-as-of.query-handler';
import { GetLabelsAsOfQueryHandler } from './get-labels-as-of/get-labels-as-of.query-handler';
import { PointInTimeController } from './point-in-time.controller';

/** Point-in-time reads of associations and label definitions (issue 6 item 3; docs/adr/0007-auditing.md). */
@Module({
  controllers: [PointInTimeController],
  providers: [AsOfResolver, GetAssociationsAsOfQueryHandler, GetLabelsAsOfQueryHandler],
})
export class PointInTimeModule {}
