import { Query } from '@nestjs/cqrs';
import type { UsageDay } from '@app/read-models';
import type { LabelKeyPair } from '../../history/label-key.resolver';

export interface LabelUsageHistoryView {
  typeId: number;
  results: UsageDay[];
}

/** A live label's uses per day, by typeId or internal name; `from`/`to` are inclusive UTC dates (YYYY-MM-DD). */
export class GetLabelUsageHistoryQuery extends Query<LabelUsageHistoryView> {
  constructor(
    readonly accountId: string,
    readonly typeIdOrName: string,
    readonly pair: LabelKeyPair,
    readonly from?: string,
    readonly to?: string,
  ) {
    super();
  }
}
