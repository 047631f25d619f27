import { Query } from '@nestjs/cqrs';
import type { AssociationTypeView } from '@app/read-models';

/**
 * The association types with a custom limit, from the label catalogue projection: of the whole account, or of one
 * direction when both path names are given.
 */
export class GetLimitsQuery extends Query<(AssociationTypeView & { limit: number })[]> {
  constructor(
    readonly accountId: string,
    readonly direction?: { fromObjectType: string; toObjectType: string },
  ) {
    super();
  }
}
