import { Query } from '@nestjs/cqrs';
import type { LabelHistoryPage, LabelHistoryPageRequest } from '@app/read-models';
import type { LabelKeyPair } from '../label-key.resolver';

/** One page of a label's timeline, oldest first, by either typeId or internal name; deleted labels included. */
export class GetLabelHistoryQuery extends Query<LabelHistoryPage> {
  constructor(
    readonly accountId: string,
    readonly typeIdOrName: string,
    readonly pair: LabelKeyPair,
    readonly page: LabelHistoryPageRequest,
  ) {
    super();
  }
}
