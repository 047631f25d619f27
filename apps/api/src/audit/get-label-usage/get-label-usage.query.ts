import { Query } from '@nestjs/cqrs';
import type { LabelKeyPair } from '../../history/label-key.resolver';
import type { LabelUsageView } from './label-usage';

/** Where a live association type is used, by typeId or internal name. */
export class GetLabelUsageQuery extends Query<LabelUsageView> {
  constructor(
    readonly accountId: string,
    readonly typeIdOrName: string,
    readonly pair: LabelKeyPair,
  ) {
    super();
  }
}
