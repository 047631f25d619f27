import { Query } from '@nestjs/cqrs';
import type { AssociationHistoryPage, AssociationHistoryPageRequest } from '@app/read-models';

/** One page of the changes to an association pair, from `objectId`'s side, oldest first. */
export class GetAssociationHistoryQuery extends Query<AssociationHistoryPage> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly objectId: string,
    readonly toObjectType: string,
    readonly toObjectId: string,
    readonly page: AssociationHistoryPageRequest,
  ) {
    super();
  }
}
