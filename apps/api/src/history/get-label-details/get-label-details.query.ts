import { Query } from '@nestjs/cqrs';
import type { LabelKeyPair } from '../label-key.resolver';
import type { LabelDetails } from './label-details';

/** The "API details" of the label (or unlabeled type) a typeId or internal name names, from the catalogue. */
export class GetLabelDetailsQuery extends Query<LabelDetails> {
  constructor(
    readonly accountId: string,
    readonly typeIdOrName: string,
    readonly pair: LabelKeyPair,
  ) {
    super();
  }
}
