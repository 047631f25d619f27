import { Query } from '@nestjs/cqrs';
import type { AssociationTypeView } from '@app/read-models';
import type { AsOf } from '../as-of';

/** The association types of `from → to` as they were at a position or time. */
export class GetLabelsAsOfQuery extends Query<AssociationTypeView[]> {
  constructor(
    readonly accountId: string,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly asOf: AsOf,
  ) {
    super();
  }
}
