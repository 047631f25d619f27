import { Query } from '@nestjs/cqrs';
import type { AssociationTypeView } from '@app/read-models';

/** The association types of `from → to` as path names give them, from the label catalogue projection. */
export class GetLabelsQuery extends Query<AssociationTypeView[]> {
  constructor(
    readonly accountId: string,
    readonly fromObjectType: string,
    readonly toObjectType: string,
  ) {
    super();
  }
}
