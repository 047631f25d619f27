import { Query } from '@nestjs/cqrs';
import type { BatchItemError } from '../../commands/command-batch';
import type { ReadInput } from '../association-batch.input';

/** v3 `PublicAssociationMulti`: one `{id, type}` per associated record and type (a Primary company shows twice). */
export interface V3AssociationsOfRecord {
  from: { id: string };
  to: { id: string; type: string }[];
  paging?: { next: { after: string } };
}

export interface BatchReadV3AssociationsResult {
  results: V3AssociationsOfRecord[];
  errors: BatchItemError[];
}

/** POST /crm/v3/associations/{from}/{to}/batch/read: each input's associated records, types as v3 names. */
export class BatchReadV3AssociationsQuery extends Query<BatchReadV3AssociationsResult> {
  constructor(
    readonly accountId: string,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly inputs: readonly ReadInput[],
  ) {
    super();
  }
}
