import { Query } from '@nestjs/cqrs';
import type { BatchItemError } from '../../commands/command-batch';
import type { ReadInput } from '../association-batch.input';
import type { MultiAssociatedObjectWithLabelDto } from '../associations.response.dto';

export interface AssociationsOfRecord {
  from: { id: string };
  to: MultiAssociatedObjectWithLabelDto[];
  paging?: { next: { after: string } };
}

export interface BatchReadAssociationsResult {
  results: AssociationsOfRecord[];
  errors: BatchItemError[];
}

/** POST /crm/v4/associations/{from}/{to}/batch/read: each input's first page (or the page after `after`). */
export class BatchReadAssociationsQuery extends Query<BatchReadAssociationsResult> {
  constructor(
    readonly accountId: string,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly inputs: readonly ReadInput[],
  ) {
    super();
  }
}
